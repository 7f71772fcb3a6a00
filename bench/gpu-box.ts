// Entry of the GPU-box bundle (scripts/gpu-bundle.mjs): runs bench/gpu.ts and writes its JSON where the box's
// caller collects it (`--out FILE`), since the box has no repository layout to write bench/results into.
import fs from 'node:fs';
import path from 'node:path';
import bench from './gpu';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--out');
  const out = at >= 0 ? args[at + 1] : 'gpu.json';
  const result = await bench(args.filter((_, i) => i !== at && i !== at + 1));
  const json = { date: new Date().toISOString(), backend: result.backend, ...result.info, ...result.metrics };
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(json, null, 2) + '\n');
  console.table(Object.entries(json).map(([metric, value]) => ({ metric, value })));
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
