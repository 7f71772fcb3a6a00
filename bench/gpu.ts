// `npm run bench -- gpu [--backend webgpu] [--reps N] [--train-minutes M]` (issue 15): the HGN and the flows on a
// GPU. Paper step at batch 16 and 256 (and sequences per second), laptop step at 16, kernels per step, warm-up
// (the first step: pipeline compilation), GPU memory peak, a flow step at batch 512 and 65,536, and with
// --train-minutes M > 0 a pendulum training of the paper preset for M minutes with its test MSE and VPT.
// Runs on a bare GPU box through the bundle of scripts/gpu-bundle.mjs (see docs/gpu.md). SwiftShader timings
// mean nothing: it runs here only to prove the bench works.
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, type BackendChoice } from '../main/engine/backends';
import { generateDatasetSync } from '../main/core/data/generate';
import { createHgn, disposeHgn, evaluateHgn, hgnConfig, HgnTrainer, sequenceFramesNeeded, anchorFrame } from '../main/core/models/hgn';
import { framePixels, headSequences, sequencesFromSplit } from '../main/core/training/sequences';
import { meanFrame } from '../main/core/training/metrics';
import { eightGaussians } from '../main/core/densities';
import { infiniteData } from '../main/core/models/flows/data';
import { HAMILTONIAN_FLOW_DEFAULTS, HamiltonianFlow } from '../main/core/models/flows/hamiltonian-flow';
import { trainDensityModel } from '../main/core/models/flows/train';
import { countStep, median, stepper, timeSteps } from './hgn-measure';
import { arg, type Bench } from './run';

let peakGpuBytes = 0;
function notePeak(): void {
  const m = tf.memory() as tf.MemoryInfo & { numBytesAllocatedInGPU?: number };
  peakGpuBytes = Math.max(peakGpuBytes, m.numBytesAllocatedInGPU ?? m.numBytes);
}

async function hgnStepMs(preset: 'paper' | 'laptop', batch: number, reps: number) {
  const s = stepper(preset, batch);
  const t = await timeSteps({ step: async () => (await s.step(), notePeak()) }, reps, 2, (line) => console.error(`${preset} b${batch} ${line}`));
  s.dispose();
  return t;
}

async function flowStepMs(batch: number, reps: number): Promise<number> {
  const flow = new HamiltonianFlow({ ...HAMILTONIAN_FLOW_DEFAULTS, dim: 2, hamiltonians: 2, leapfrogSteps: 2, hidden: 128 }, 1);
  const data = infiniteData(eightGaussians, 10, 1);
  const warmup = 3;
  const times: number[] = [];
  let t = performance.now();
  for await (const s of trainDensityModel(flow, data, { steps: warmup + reps, seed: 1, batchSize: batch, generators: [] })) {
    const now = performance.now();
    if (s.step > warmup) times.push(now - t);
    t = now;
    notePeak();
  }
  flow.dispose();
  return median(times);
}

async function trainPendulum(minutes: number): Promise<Record<string, number>> {
  const config = hgnConfig('paper', {});
  const ds = generateDatasetSync({ system: 'pendulum', train: 2000, test: 200, steps: sequenceFramesNeeded(config), size: config.imageSize, seed: 0 });
  const train = sequencesFromSplit(ds.train, ds.meta.shapes);
  const test = sequencesFromSplit(ds.test, ds.meta.shapes);
  const m = createHgn(config);
  const trainer = new HgnTrainer(m, { train, test: headSequences(test, 32), steps: Infinity, checkpointEvery: 500 });
  const started = Date.now();
  for await (const ev of trainer.run()) {
    if (ev.type === 'nan-rollback') console.error(ev.message);
    if (ev.type === 'metrics' && ev.step % 100 === 0) console.error(`train ${((Date.now() - started) / 1000).toFixed(0)} s, step ${ev.step}, recon ${ev.values.recon.toExponential(3)}`);
    if (Date.now() - started >= minutes * 60_000) break;
  }
  const steps = trainer.step;
  trainer.dispose();
  const e = await evaluateHgn(m, test, {
    frames: Math.min(config.rolloutFrames, test.length - anchorFrame(config)),
    meanFrame: meanFrame(train.frames, train.count * train.length, framePixels(train), 1 / 255),
  });
  disposeHgn(m);
  return { pendulum_test_mse_e4: Number(e.mseE4.toFixed(2)), pendulum_vpt: e.vpt, pendulum_train_steps: steps, train_minutes: minutes };
}

const bench: Bench = async (args) => {
  const backend = await initBackend(arg(args, 'backend', 'webgpu') as BackendChoice);
  const reps = Number(arg(args, 'reps', '5'));
  const trainMinutes = Number(arg(args, 'train-minutes', '0'));
  // --small: the same measurements at tiny batches, to prove the bench and its bundle work (SwiftShader, CI).
  const small = args.includes('--small');
  const [b16, b256, f512, f65536] = small ? [2, 4, 64, 128] : [16, 256, 512, 65536];
  const t0 = performance.now();
  const p16 = await hgnStepMs('paper', b16, reps);
  const p256 = await hgnStepMs('paper', b256, reps);
  const l16 = await hgnStepMs('laptop', b16, reps);
  const count = await countStep('paper', b16);
  const flows512 = await flowStepMs(f512, reps * 4);
  const flows65536 = await flowStepMs(f65536, reps);
  const metrics: Record<string, number> = {
    hgn_paper_step_ms_b16: Math.round(p16.ms),
    hgn_paper_step_ms_b256: Math.round(p256.ms),
    hgn_paper_seq_per_s_b256: Math.round(b256 / (p256.ms / 1000)),
    hgn_kernels_per_step: count.kernels,
    hgn_laptop_step_ms_b16: Math.round(l16.ms),
    flows_step_ms_b512: Number(flows512.toFixed(2)),
    flows_step_ms_b65536: Number(flows65536.toFixed(2)),
    warmup_s: Number((p16.firstMs / 1000).toFixed(2)),
    bench_minutes: Number(((performance.now() - t0) / 60_000).toFixed(1)),
  };
  if (small) metrics.small_batches = 1;
  if (trainMinutes > 0) Object.assign(metrics, await trainPendulum(trainMinutes));
  metrics.gpu_memory_peak_mb = Math.round(peakGpuBytes / 1e6);
  return { backend: backend.name, info: { adapter: backend.device }, metrics };
};

export default bench;
