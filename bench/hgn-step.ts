// `npm run bench -- hgn-step [--backend wasm|cpu|auto] [--reps N] [--batch B]`: ms per HGN training step
// (forward, backward through the second-order rollout, Adam) for the `paper` and `laptop` presets at batch 16,
// 34-frame sequences, 5 encoder frames, 30 decoded frames (RS's setting: the state is the last input frame).
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, type BackendChoice } from '../main/engine/backends';
import { hgnConfig, type HgnPresetName } from '../main/core/models/hgn/config';
import { createHgn, disposeHgn } from '../main/core/models/hgn/model';
import { batchArrays, disposeBatch, toBatch } from '../main/core/models/hgn/batch';
import { trainStep } from '../main/core/models/hgn/train-step';
import { Adam } from '../main/core/training/adam';
import { makeRng } from '../main/core/random';
import type { PixelSequences } from '../main/core/training/sequences';
import type { Bench } from './run';

function arg(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
}

function randomFrames(count: number, length: number): PixelSequences {
  const rng = makeRng(1);
  const frames = Float32Array.from({ length: count * length * 32 * 32 * 3 }, () => rng());
  return { count, length, height: 32, width: 32, channels: 3, frames };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function stepMs(preset: HgnPresetName, batch: number, reps: number): Promise<number> {
  const c = hgnConfig(preset, { batchSize: batch, encoderFrames: 5, rolloutFrames: 30, anchor: 'last', curriculumSteps: 0 });
  const m = createHgn(c);
  const opt = new Adam(m.params, { learningRate: c.learningRate });
  const data = randomFrames(batch, 34);
  const seqs = Array.from({ length: batch }, (_, i) => i);
  const times: number[] = [];
  for (let i = 0; i < reps + 1; i++) {
    const t0 = performance.now();
    const b = toBatch(c, batchArrays(c, data, seqs));
    const weight = c.klWeighting === 'geco' ? { kind: 'geco' as const, lambda: 1 } : { kind: 'beta' as const, beta: c.beta };
    const r = await trainStep(m, opt, b, weight, c.stochastic ? i + 1 : null, c.gradClipNorm);
    disposeBatch(b);
    const dt = performance.now() - t0;
    if (!r.finite) throw new Error(`${preset}: non-finite step`);
    if (i > 0) times.push(dt); // the first step pays for kernel setup and heap growth
    console.log(`${preset} step ${i}: ${dt.toFixed(0)} ms (tensors ${tf.memory().numTensors})`);
  }
  opt.dispose();
  disposeHgn(m);
  return Math.round(median(times));
}

const bench: Bench = async (args) => {
  const backend = await initBackend(arg(args, 'backend', 'wasm') as BackendChoice);
  const reps = Number(arg(args, 'reps', '3'));
  const batch = Number(arg(args, 'batch', '16'));
  const laptop = await stepMs('laptop', batch, reps);
  const paper = await stepMs('paper', batch, reps);
  return {
    backend: `${backend.name} (${backend.device})`,
    metrics: { paper_step_ms: paper, laptop_step_ms: laptop, paper_step_ratio_to_pytorch_1852ms: Number((paper / 1852).toFixed(2)) },
  };
};

export default bench;
