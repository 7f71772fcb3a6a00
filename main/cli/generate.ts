// `generate` (a pixel dataset to a file) and `systems` (the systems and their parameters), without the app.
import { InvalidArgumentError, type Command } from 'commander';
import { encodeDatasetParts, type DatasetHeader } from '../core/data/format';
import { DATASET_DEFAULTS, resolveDatasetSpec, type DatasetSpec } from '../core/data/spec';
import { SYSTEMS, SYSTEM_IDS, type NoiseMode } from '../core/physics';
import { RENDER_STYLES, type RenderStyle } from '../core/physics/render/palette';
import { writeFileAtomic } from '../files/atomic';
import { nodeSha256 } from '../jobs/node-hash';
import { generateInProcess } from '../services/datasets/generate-in-process';
import type { RegisterCommands } from './types';

export interface GenerateCommandOptions {
  system: string;
  out: string;
  train?: number;
  test?: number;
  seed?: number;
  steps?: number;
  dt?: number;
  size?: number;
  style?: RenderStyle;
  /** Parameter overrides, "name=value" each. */
  param?: string[];
  noise?: number;
  noiseMode?: NoiseMode;
  /** "min,max" phase-space radius range. */
  radius?: string;
  quiet?: boolean;
}

export interface GenerateCommandResult {
  path: string;
  bytes: number;
  header: DatasetHeader;
}

function number(name: string, integer = false): (v: string) => number {
  return (v) => {
    const x = Number(v);
    if (v.trim() === '' || !Number.isFinite(x) || (integer && !Number.isInteger(x))) {
      throw new InvalidArgumentError(`--${name} expects ${integer ? 'an integer' : 'a number'}, got "${v}"`);
    }
    return x;
  };
}

const collect = (v: string, previous: string[] = []): string[] => [...previous, v];

export function parseParams(pairs: readonly string[] = []): Record<string, number> {
  const out: Record<string, number> = {};
  for (const pair of pairs) {
    const match = /^([A-Za-z_][\w]*)=(.+)$/.exec(pair.trim());
    const value = match ? Number(match[2]) : Number.NaN;
    if (!match || !Number.isFinite(value)) throw new Error(`--param expects name=number, got "${pair}"`);
    out[match[1]] = value;
  }
  return out;
}

function parseRadius(text: string): [number, number] {
  const parts = text.split(',').map((s) => Number(s.trim()));
  if (parts.length !== 2 || !parts.every(Number.isFinite)) throw new Error(`--radius expects "min,max", got "${text}"`);
  return [parts[0], parts[1]];
}

export function specFromOptions(o: GenerateCommandOptions): DatasetSpec {
  return {
    system: o.system,
    params: parseParams(o.param),
    sampling: {
      ...(o.noise !== undefined ? { noise: o.noise } : {}),
      ...(o.noiseMode !== undefined ? { noiseMode: o.noiseMode } : {}),
      ...(o.radius !== undefined ? { radius: parseRadius(o.radius) } : {}),
    },
    seed: o.seed,
    train: o.train,
    test: o.test,
    steps: o.steps,
    dt: o.dt,
    size: o.size,
    style: o.style,
  };
}

/** A progress line rewritten in place on stderr, at most ~10 times a second. */
function progressLine(write: (s: string) => void, label: string): (done: number, total: number) => void {
  const start = Date.now();
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    if (now - last < 100 && done < total) return;
    last = now;
    const rate = done / Math.max((now - start) / 1000, 1e-3);
    write(`\r${label}: ${done}/${total} sequences (${Math.floor((100 * done) / total)}%), ${rate.toFixed(0)} seq/s   `);
    if (done === total) write('\n');
  };
}

/** The `generate` command: generates the dataset and writes it atomically to `out`. Same options, same bytes. */
export async function runGenerate(
  o: GenerateCommandOptions,
  stderr: (s: string) => void = (s) => process.stderr.write(s),
): Promise<GenerateCommandResult> {
  const spec = resolveDatasetSpec(specFromOptions(o));
  const report = o.quiet ? () => undefined : progressLine(stderr, `generate ${spec.system}`);
  const dataset = await generateInProcess(spec, (p) => report(p.overallDone, p.overallTotal));
  const { parts, header, byteLength } = encodeDatasetParts(dataset, nodeSha256);
  await writeFileAtomic(o.out, parts);
  return { path: o.out, bytes: byteLength, header };
}

/** The `systems` listing: one block per system with its parameters, defaults and ranges. */
export function describeSystems(): string {
  const lines: string[] = [];
  for (const id of SYSTEM_IDS) {
    const s = SYSTEMS[id];
    const flags = [s.conservative ? 'conservative' : 'dissipative (not Hamiltonian)', `dim ${s.dim}`, `ground truth ${s.groundTruth.method}`];
    lines.push(`${id}  ${s.label}: ${s.description}`, `    ${flags.join(', ')}`);
    lines.push(
      `    sampling: radius U(${s.sampling.radius[0]}, ${s.sampling.radius[1]}), noise ${s.sampling.noise} (${s.sampling.noiseMode})`,
    );
    for (const p of s.params) lines.push(`    --param ${p.name}=${p.default}  [${p.min}, ${p.max}]  ${p.description}`);
    for (const [name, values] of Object.entries(s.presets)) {
      lines.push(`    preset ${name}: ${Object.entries(values).map(([k, v]) => `${k}=${v}`).join(' ')}`);
    }
  }
  return lines.join('\n');
}

export const register: RegisterCommands = (program: Command) => {
  program
    .command('generate')
    .description('generate a pixel dataset (train and test splits) of a physical system into one file')
    .requiredOption('--system <id>', `system: ${SYSTEM_IDS.join(', ')}`)
    .requiredOption('--out <file>', 'output file (.hsds)')
    .option('--train <n>', 'training sequences', number('train', true), DATASET_DEFAULTS.train)
    .option('--test <n>', 'test sequences', number('test', true), DATASET_DEFAULTS.test)
    .option('--seed <n>', 'seed (same seed, same bytes)', number('seed', true), DATASET_DEFAULTS.seed)
    .option('--steps <n>', 'frames per sequence', number('steps', true), DATASET_DEFAULTS.steps)
    .option('--dt <x>', 'time between frames', number('dt'), DATASET_DEFAULTS.dt)
    .option('--size <px>', 'image side, 16..128', number('size', true), DATASET_DEFAULTS.size)
    .option('--style <style>', `rendering: ${RENDER_STYLES.join(' | ')}`, DATASET_DEFAULTS.style)
    .option('--param <name=value>', 'override a system parameter (repeatable)', collect)
    .option('--noise <sigma>', 'initial-state noise std (default: the paper value)', number('noise'))
    .option('--noise-mode <mode>', 'where noise goes: initial | observation')
    .option('--radius <min,max>', 'phase-space radius range of initial states')
    .option('--quiet', 'no progress line')
    .action(async (o: GenerateCommandOptions) => {
      const result = await runGenerate(o);
      console.log(`wrote ${result.path}: ${result.bytes} bytes, ${result.header.contentHash}`);
    });
  program
    .command('systems')
    .description('list the physical systems and their parameters')
    .option('--json', 'machine-readable output')
    .action((o: { json?: boolean }) => {
      if (!o.json) return console.log(describeSystems());
      const list = SYSTEM_IDS.map((id) => {
        const { label, description, dim, params, conservative, sampling, presets } = SYSTEMS[id];
        return { id, label, description, dim, params, conservative, sampling, presets };
      });
      console.log(JSON.stringify(list, null, 2));
    });
};
