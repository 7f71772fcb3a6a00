// `npm run bench -- projects [MB]`: save and open a project holding about 200 MB of checkpoints (weights + Adam
// moments) and embedded dataset arrays. Save and open each run in a child process that reports its own peak
// memory (Linux VmHWM, and sampled heap + external), so the numbers are not blurred by the bench's own allocations.
//   save_s, open_s       wall time (save includes fsync and the backup rotation of an existing file)
//   file_mb              size of the .hsproj
//   open_peak_mb         peak RSS of the opening process above its RSS just before the open: what opening costs
//   open_peak_ratio      open_peak_mb / file_mb (the format's promise: about 1x, at most 1.5x)
//   open_heap_peak_mb    peak of heapUsed + external (array buffers included) above the level before the open
//   save_peak_extra_mb   peak RSS of the saving process above its RSS with the project built: nothing is copied
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Project, readProject, writeProjectFile, type NamedTensors, type Tensor } from '../main/project';
import type { Bench } from './run';

const MB = 1 << 20;

function lcgFill(values: Float32Array | Float64Array | Uint8Array, seed: number): void {
  let x = seed >>> 0;
  for (let i = 0; i < values.length; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    values[i] = values instanceof Uint8Array ? x >>> 24 : (x / 2 ** 32 - 0.5) * 0.1;
  }
}

function f32(shape: number[], seed: number): Tensor {
  const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
  lcgFill(values, seed);
  return { dtype: 'float32', shape, values };
}

/** ~70% checkpoints (HGN-like conv stacks with Adam state), ~30% embedded data (uint8 frames, float64 states). */
export function benchProject(totalMb: number): Project {
  const p = Project.create({ name: `bench ${totalMb} MB`, appVersion: 'bench' });
  const dataBytes = totalMb * MB * 0.3;
  const frames = new Uint8Array(Math.floor((dataBytes * 0.9) / (32 * 32 * 3)) * 32 * 32 * 3);
  lcgFill(frames, 7);
  const states = new Float64Array(Math.floor((dataBytes * 0.1) / 8 / 4) * 4);
  lcgFill(states, 8);
  p.putDataset({
    id: 'pendulum', name: 'Pendulum', spec: { system: 'pendulum', seed: 1 }, createdAt: new Date().toISOString(),
    data: { 'train/frames': { dtype: 'uint8', shape: [frames.length / 3072, 32, 32, 3], values: frames }, 'train/states': { dtype: 'float64', shape: [states.length / 4, 4], values: states } },
  });
  // One checkpoint: 12 conv kernels 3x3x64x64 + biases, times 3 (weights, Adam m, Adam v): about 1.3 MB.
  const layer = (seed: number): NamedTensors => {
    const out: NamedTensors = {};
    for (let l = 0; l < 12; l++) {
      out[`net/conv${l}/kernel`] = f32([3, 3, 64, 64], seed * 100 + l);
      out[`net/conv${l}/bias`] = f32([64], seed * 100 + 50 + l);
    }
    return out;
  };
  const perCheckpoint = 3 * 12 * (3 * 3 * 64 * 64 + 64) * 4;
  const count = Math.max(1, Math.round((totalMb * MB * 0.7) / perCheckpoint));
  const checkpoints = Array.from({ length: count }, (_, c) => {
    const weights = layer(3 * c);
    const m = layer(3 * c + 1);
    const v = layer(3 * c + 2);
    const state: NamedTensors = {};
    for (const [k, t] of Object.entries(m)) state[`adam.m/${k}`] = t;
    for (const [k, t] of Object.entries(v)) state[`adam.v/${k}`] = t;
    return { id: `step-${(c + 1) * 1000}`, step: (c + 1) * 1000, createdAt: Date.now(), meta: { cursor: (c + 1) * 1000 }, weights, state };
  });
  p.addRun({
    id: 'hgn-1', kind: 'hgn', config: { imageSize: 32 }, checkpoints, weights: { meta: {}, tensors: checkpoints.at(-1)!.weights },
    metrics: Array.from({ length: 20_000 }, (_, i) => ({ step: i, values: { loss: 1 / (i + 1), kl: 0.01, lambda: 1 } })),
  });
  return p;
}

// ---------- child processes ----------

function vmHwmBytes(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) * 1024 : process.memoryUsage().rss;
  } catch {
    return process.memoryUsage().rss;
  }
}

const heapExternal = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.external; // external already counts array buffers
};

async function childOpen(file: string): Promise<Record<string, number>> {
  (globalThis as { gc?: () => void }).gc?.();
  const rssBefore = process.memoryUsage().rss;
  const heapBefore = heapExternal();
  let heapPeak = heapBefore;
  const timer = setInterval(() => (heapPeak = Math.max(heapPeak, heapExternal())), 2);
  const t0 = performance.now();
  const project = await readProject(file);
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  heapPeak = Math.max(heapPeak, heapExternal());
  const runs = project.runs().length;
  return { open_s: seconds, peak_mb: (vmHwmBytes() - rssBefore) / MB, heap_peak_mb: (heapPeak - heapBefore) / MB, runs };
}

async function childSave(file: string, totalMb: number): Promise<Record<string, number>> {
  const project = benchProject(totalMb);
  const rssBuilt = process.memoryUsage().rss;
  const hwmBuilt = vmHwmBytes();
  const t0 = performance.now();
  const { bytes } = await writeProjectFile(project, file, { appVersion: 'bench' });
  const seconds = (performance.now() - t0) / 1000;
  return { save_s: seconds, bytes, peak_extra_mb: (Math.max(vmHwmBytes(), hwmBuilt) - Math.max(rssBuilt, hwmBuilt)) / MB };
}

function runChild(args: string[]): Record<string, number> {
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', __filename, ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`bench child ${args.join(' ')} failed: ${r.stderr}`);
  const line = r.stdout.trim().split('\n').at(-1)!;
  return JSON.parse(line) as Record<string, number>;
}

const bench: Bench = async (args) => {
  const totalMb = Number(args[0] ?? 200);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hsproj-bench-'));
  const file = path.join(dir, 'bench.hsproj');
  try {
    runChild(['--child-save', file, String(totalMb)]); // a first version, so the measured save also rotates a backup
    const save = runChild(['--child-save', file, String(totalMb)]);
    const fileMb = fs.statSync(file).size / MB;
    const opens = [runChild(['--child-open', file]), runChild(['--child-open', file]), runChild(['--child-open', file])];
    const best = opens.reduce((a, b) => (b.open_s < a.open_s ? b : a));
    const peak = Math.max(...opens.map((o) => o.peak_mb));
    return {
      backend: 'none (file I/O)',
      metrics: {
        save_s: save.save_s,
        open_s: best.open_s,
        open_peak_mb: peak,
        open_peak_ratio: peak / fileMb,
        open_heap_peak_mb: Math.max(...opens.map((o) => o.heap_peak_mb)),
        save_peak_extra_mb: save.peak_extra_mb,
        file_mb: fileMb,
      },
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
};

export default bench;

async function childMain(): Promise<void> {
  const [mode, file, mb] = process.argv.slice(2);
  const out = mode === '--child-open' ? await childOpen(file) : await childSave(file, Number(mb));
  process.stdout.write(JSON.stringify(out) + '\n');
}

if (process.argv[2] === '--child-open' || process.argv[2] === '--child-save') void childMain();
