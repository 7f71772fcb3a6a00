// `npm run bench -- NAME [args] [--jobs N] [--merge]`: runs bench/NAME.ts, prints a table, writes bench/results/NAME.json.
// With --merge, the metrics measured now replace their namesakes in the existing file and the others stay (to
// re-measure one part of a long bench); the file's date becomes now and `merged_parts` counts the merges.
// With --jobs N (N > 1) and a bench that exports `shards`, its independent parts run as N child processes at a
// time (one per core here: each trains single-threaded on wasm) and their metrics are merged into one file.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** What every bench module's default export returns: flat metrics, plus the backend it ran on. */
export interface BenchResult {
  backend: string;
  metrics: Record<string, number>;
  /** Named text results written beside the metrics (e.g. the GPU adapter a bench ran on). */
  info?: Record<string, string>;
}
export type Bench = (args: string[]) => Promise<BenchResult>;
/** Splits a bench's args into independent runs whose metrics do not overlap (longest first). */
export type Shards = (args: string[]) => string[][];

interface BenchModule {
  default: Bench;
  shards?: Shards;
}

const SHARD_FLAG = '--as-shard';
const SHARD_MARK = 'HS_BENCH_SHARD ';

/** The value after `--name` in a bench's arguments, or `fallback` where the flag is absent or has no value. */
export function arg(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
}

/** Every value given to a repeatable flag (`--set a=1 --set b=2`), in order. */
export function allArgs(args: string[], name: string): string[] {
  return args.flatMap((a, i) => (a === `--${name}` && args[i + 1] ? [args[i + 1]] : []));
}

/** args with `--name value` set to `value` (replaced if present, appended if not). */
export function withArg(args: string[], name: string, value: string): string[] {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return [...args, `--${name}`, value];
  const out = [...args];
  out[i + 1] = value;
  return out;
}

function runShard(name: string, args: string[]): Promise<BenchResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, __filename, name, ...args, SHARD_FLAG], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(SHARD_MARK));
      if (code !== 0 || !line) reject(new Error(`shard ${args.join(' ')} failed (exit ${code})`));
      else resolve(JSON.parse(line.slice(SHARD_MARK.length)) as BenchResult);
    });
  });
}

async function runSharded(name: string, shards: string[][], jobs: number): Promise<BenchResult> {
  const results: BenchResult[] = new Array(shards.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < shards.length) {
      const i = next++;
      results[i] = await runShard(name, shards[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, shards.length) }, lane));
  return { backend: results[0].backend, metrics: Object.assign({ parallel_jobs: jobs }, ...results.map((r) => r.metrics)) };
}

async function main(): Promise<void> {
  const [name, ...rest] = process.argv.slice(2);
  const available = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
    .map((f) => f.slice(0, -3));
  if (!name || !available.includes(name)) {
    console.error(`usage: npm run bench -- NAME [--jobs N]\navailable: ${available.join(', ')}`);
    process.exit(2);
  }
  const asShard = rest.includes(SHARD_FLAG);
  const merge = rest.includes('--merge');
  const jobsAt = rest.indexOf('--jobs');
  const jobs = jobsAt >= 0 ? Number(rest[jobsAt + 1]) : 1;
  const args = rest.filter((a, i) => a !== SHARD_FLAG && a !== '--merge' && (jobsAt < 0 || (i !== jobsAt && i !== jobsAt + 1)));
  const mod = (await import(path.join(__dirname, `${name}.ts`))) as BenchModule;
  const result = jobs > 1 && mod.shards && !asShard ? await runSharded(name, mod.shards(args), jobs) : await mod.default(args);
  if (asShard) {
    process.stdout.write(`${SHARD_MARK}${JSON.stringify(result)}\n`);
    process.exit(0);
  }
  const { backend, metrics, info } = result;
  console.table(Object.entries(metrics).map(([metric, value]) => ({ metric, value })));
  const file = path.join(__dirname, 'results', `${name}.json`);
  const before = merge && fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : null;
  const merged = before ? { merged_parts: (typeof before.merged_parts === 'number' ? before.merged_parts : 0) + 1 } : {};
  const out = { ...before, date: new Date().toISOString(), backend, ...info, ...metrics, ...merged };
  fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
  console.log(`wrote bench/results/${name}.json`);
  process.exit(0);
}

void main();
