// Deterministic sample projects for the project-format tests: an HGN-like run (conv weights, checkpoints with
// Adam state, a saved pixel rollout) and a flow-like run (MLP weights, samples, metrics with NaN).
import { gaussian, makeRng, type Rng } from '../../main/core/random';
import { Project, type NamedTensors, type RunRecord, type Tensor } from '../../main/project';

export const FIXED_DATE = new Date('2026-03-01T12:00:00.000Z');

export function randomF32(rng: Rng, shape: number[], scale = 0.1): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) values[i] = gaussian(rng) * scale;
  return { dtype: 'float32', shape, values };
}

function convLayers(rng: Rng, prefix: string, channels: number[], k = 3): NamedTensors {
  const out: NamedTensors = {};
  for (let i = 0; i + 1 < channels.length; i++) {
    out[`${prefix}/conv${i}/kernel`] = randomF32(rng, [k, k, channels[i], channels[i + 1]]);
    out[`${prefix}/conv${i}/bias`] = randomF32(rng, [channels[i + 1]], 0.01);
  }
  return out;
}

function hgnWeights(rng: Rng, width: number): NamedTensors {
  return {
    ...convLayers(rng, 'encoder', [15, width, width, 48]),
    ...convLayers(rng, 'transformer', [48, width, 32]),
    ...convLayers(rng, 'hamiltonian', [16, width, width, 1], 2),
    ...convLayers(rng, 'decoder', [16, width, width, 3]),
  };
}

function adamState(rng: Rng, weights: NamedTensors): NamedTensors {
  const out: NamedTensors = {};
  for (const [name, t] of Object.entries(weights)) {
    out[`adam.m/${name}`] = randomF32(rng, t.shape, 1e-3);
    const v = randomF32(rng, t.shape, 1e-6);
    (v.values as Float32Array).forEach((x, i, a) => (a[i] = Math.abs(x)));
    out[`adam.v/${name}`] = v;
  }
  return out;
}

export function hgnRun(rng: Rng, width = 8, checkpoints = 2): Omit<RunRecord, 'id'> & { id: string } {
  const frames = new Uint8Array(10 * 32 * 32 * 3);
  for (let i = 0; i < frames.length; i++) frames[i] = (i * 7 + Math.floor(rng() * 256)) & 255;
  const weights = hgnWeights(rng, width);
  return {
    id: 'hgn-1',
    label: 'HGN on the pendulum',
    kind: 'hgn',
    datasetId: 'pendulum-small',
    config: { kind: 'hgn', imageSize: 32, encoderFilters: [width, width, 48], integrator: 'leapfrog', dt: 0.125, nested: { a: [1, 2, { b: null }] } },
    backendChoice: 'auto',
    backend: 'wasm',
    device: 'wasm (SIMD)',
    machine: { platform: 'linux', arch: 'x64', cpuModel: 'test cpu', cpus: 2, memoryMb: 4096, node: 'v20', app: '0.1.0' },
    status: 'completed',
    error: null,
    timings: { createdAt: 1_700_000_000_000, startedAt: 1_700_000_001_000, endedAt: 1_700_000_100_000 },
    progress: { step: 200, total: 200 },
    result: { test_mse: 0.0123, vpt: 17 },
    metrics: Array.from({ length: 50 }, (_, i) => ({ step: i * 4, values: { loss: 1 / (i + 1), kl: i === 3 ? -0 : i * 0.1, lambda: i === 7 ? Number.NaN : 1 } })),
    marks: [{ step: 100, kind: 'checkpoint', message: 'saved' }, { step: 120, kind: 'nan-rollback', message: 'loss was NaN' }],
    logs: [{ time: 1_700_000_002_000, level: 'info', message: 'backend wasm' }, { time: 1_700_000_003_000, level: 'warn', message: 'slow' }],
    weights: { meta: { format: 'hgn-weights', step: 200 }, tensors: weights },
    checkpoints: Array.from({ length: checkpoints }, (_, i) => {
      const w = hgnWeights(rng, width);
      return { id: `step-${(i + 1) * 100}`, step: (i + 1) * 100, createdAt: 1_700_000_050_000 + i, meta: { cursor: (i + 1) * 100, geco: { lambda: 1.5, ma: 0.02 }, optimizer: { step: (i + 1) * 100, learningRate: 1.5e-4 } }, weights: w, state: adamState(rng, w) };
    }),
    saved: [
      { id: 'rollout-1', kind: 'rollout', name: 'test rollout', step: 200, createdAt: 1_700_000_101_000, meta: { fps: 8 }, tensors: { frames: { dtype: 'uint8', shape: [10, 32, 32, 3], values: frames } } },
      { id: 'eval-1', kind: 'evaluation', name: 'energy', step: 200, createdAt: 1_700_000_102_000, meta: {}, tensors: { energy: { dtype: 'float64', shape: [2, 3], values: Float64Array.of(1, 2, Number.NaN, Infinity, -0, 6) } } },
    ],
    artifacts: { setup: { parameters: 1234, grid: null } },
  };
}

export function flowRun(rng: Rng): RunRecord {
  const samples = randomF32(rng, [256, 2], 1);
  return {
    id: 'flow-1',
    label: 'Hamiltonian flow, ring',
    kind: 'flow',
    datasetId: null,
    config: { kind: 'flow', model: 'hamiltonian', density: 'ring', hidden: [16, 16], seed: 3 },
    backendChoice: 'cpu',
    backend: 'cpu',
    device: 'cpu',
    machine: null,
    status: 'failed',
    error: { name: 'Error', message: 'boom', stack: 'Error: boom\n at x' },
    timings: { createdAt: 1_700_000_200_000, startedAt: 1_700_000_200_500, endedAt: null },
    progress: { step: 30, total: 100 },
    result: { test_iwae: Number.NEGATIVE_INFINITY },
    metrics: Array.from({ length: 30 }, (_, i) => ({ step: i + 1, values: { loss: i === 29 ? Number.POSITIVE_INFINITY : 2 - i * 0.01, ...(i % 10 === 0 ? { test_elbo: -1.5 } : {}) } })),
    marks: [],
    logs: [],
    weights: { meta: { format: 'hamiltonian-studio/flow-model', dim: 2 }, tensors: { 'mlp/0/w': randomF32(rng, [2, 16]), 'mlp/0/b': randomF32(rng, [16]), 'mlp/1/w': randomF32(rng, [16, 1]), steps: { dtype: 'int32', shape: [3], values: Int32Array.of(1, -2, 3) }, empty: { dtype: 'float32', shape: [0, 3], values: new Float32Array(0) }, scale: { dtype: 'float64', shape: [], values: Float64Array.of(2.5) } } },
    checkpoints: [],
    saved: [{ id: 'samples-30', kind: 'samples', name: 'samples', step: 30, createdAt: 1_700_000_300_000, meta: {}, tensors: { samples } }],
    artifacts: { weights: { dim: 2 } },
  };
}

/** A project with two datasets (one with embedded data), an HGN-like run and a flow-like run. */
export function sampleProject(seed = 1, opts: { width?: number; checkpoints?: number } = {}): Project {
  const rng = makeRng(seed);
  const p = Project.create({ name: `Sample ${seed}`, appVersion: '0.1.0', now: FIXED_DATE });
  p.putDataset({ id: 'pendulum-small', name: 'Pendulum (small)', spec: { system: 'pendulum', seed: 3, train: 16, test: 4 }, createdAt: FIXED_DATE.toISOString(), data: { 'train/states': { dtype: 'float64', shape: [16, 2], values: Float64Array.from({ length: 32 }, () => rng()) } } });
  p.putDataset({ id: 'ring', name: 'Ring density', spec: { density: 'ring' }, createdAt: FIXED_DATE.toISOString(), data: null });
  p.addRun(hgnRun(rng, opts.width, opts.checkpoints));
  p.addRun(flowRun(rng));
  p.setUi({ openRun: 'hgn-1', scrubber: 7, panels: ['loss', 'rollout'] });
  return p;
}
