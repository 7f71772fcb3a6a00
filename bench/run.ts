// `npm run bench -- NAME [args]`: runs bench/NAME.ts, prints a table, writes bench/results/NAME.json.
import fs from 'node:fs';
import path from 'node:path';

/** What every bench module's default export returns: flat metrics, plus the backend it ran on. */
export interface BenchResult {
  backend: string;
  metrics: Record<string, number>;
}
export type Bench = (args: string[]) => Promise<BenchResult>;

async function main(): Promise<void> {
  const [name, ...args] = process.argv.slice(2);
  const available = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
    .map((f) => f.slice(0, -3));
  if (!name || !available.includes(name)) {
    console.error(`usage: npm run bench -- NAME\navailable: ${available.join(', ')}`);
    process.exit(2);
  }
  const mod = (await import(path.join(__dirname, `${name}.ts`))) as { default: Bench };
  const { backend, metrics } = await mod.default(args);
  console.table(Object.entries(metrics).map(([metric, value]) => ({ metric, value })));
  const out = { date: new Date().toISOString(), backend, ...metrics };
  fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
  fs.writeFileSync(path.join(__dirname, 'results', `${name}.json`), JSON.stringify(out, null, 2) + '\n');
  console.log(`wrote bench/results/${name}.json`);
  process.exit(0);
}

void main();
