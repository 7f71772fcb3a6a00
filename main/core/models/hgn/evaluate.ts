// Evaluation of a trained HGN on held-out sequences with the literature's metrics (docs/science.md section 3):
// per-step pixel MSE (x1e4 as the paper's Table 1), VPT, relative drift of the learned H over long latent
// rollouts, and the mean-training-frame baseline.
import * as tf from '@tensorflow/tfjs-core';
import { summarizeRollouts, type RolloutEvaluation } from '../../training/rollout-evaluation';
import { framePixels, sliceFrames, type PixelSequences } from '../../training/sequences';
import { anchorFrame, batchArrays } from './batch';
import type { HgnModel } from './model';
import { rolloutFromInput } from './rollout';
import type { LatentRollouts } from '../../training/latent-symetric';

export interface HgnEvalOptions {
  /** Test sequences used (the first n); default all. */
  sequences?: number;
  /** Frames compared from the anchor on; default as many as the sequences hold. */
  frames?: number;
  /** Latent steps for the H-drift measurement (the 60). */
  driftSteps?: number;
  /** Mean training frame [H * W * C] for the "learned nothing" baseline. */
  meanFrame?: Float32Array;
  /** Sequences per forward pass. */
  batch?: number;
  /** VPT threshold on mean((gt - pred)^2) / mean(gt^2). */
  vptThreshold?: number;
}

/** The shared rollout evaluation (training/rollout-evaluation.ts). */
export type HgnEvaluation = RolloutEvaluation;

export async function evaluateHgn(m: HgnModel, test: PixelSequences, options: HgnEvalOptions = {}): Promise<HgnEvaluation> {
  const c = m.config;
  const n = Math.min(options.sequences ?? test.count, test.count);
  const start = anchorFrame(c);
  const frames = options.frames ?? test.length - start;
  if (frames < 1 || start + frames > test.length) throw new Error(`cannot compare ${frames} frames of ${test.length}-frame sequences`);
  const driftSteps = options.driftSteps ?? 60;
  const chunk = Math.max(1, options.batch ?? 16);
  const px = framePixels(test);

  const pred = new Float32Array(n * frames * px);
  const energies = new Float32Array(n * (driftSteps + 1));
  for (let from = 0; from < n; from += chunk) {
    const seqs = Array.from({ length: Math.min(chunk, n - from) }, (_, i) => from + i);
    const arrays = batchArrays(c, test, seqs, 1);
    const input = tf.tensor4d(arrays.input, [seqs.length, c.imageSize, c.imageSize, c.channels * c.encoderFrames]);
    try {
      // One rollout serves both: the first `frames` states are decoded, H is read along all of them.
      const r = await rolloutFromInput(m, input, { steps: Math.max(frames - 1, driftSteps), decodeFrames: frames });
      pred.set(r.images, from * frames * px);
      for (let b = 0; b < seqs.length; b++) {
        energies.set(r.energy.subarray(b * r.frames, b * r.frames + driftSteps + 1), (from + b) * (driftSteps + 1));
      }
    } finally {
      input.dispose();
    }
  }
  const groundTruth = sliceFrames(test, Array.from({ length: n }, (_, i) => i), start, frames);
  return summarizeRollouts({
    groundTruth,
    predicted: pred,
    sequences: n,
    frames,
    pixels: px,
    energies,
    driftFrames: driftSteps + 1,
    meanFrame: options.meanFrame,
    vptThreshold: options.vptThreshold,
  });
}

/**
 * The latent rollouts of the first `n` test sequences for SyMetric: encoded at the anchor frame, `frames` states
 * each (nothing decoded), each row the flattened q then the flattened p.
 */
export async function hgnLatentRollouts(m: HgnModel, test: PixelSequences, n: number, frames: number): Promise<LatentRollouts> {
  const c = m.config;
  const input = tf.tensor4d(batchArrays(c, test, Array.from({ length: n }, (_, i) => i), 1).input, [n, c.imageSize, c.imageSize, c.channels * c.encoderFrames]);
  try {
    const r = await rolloutFromInput(m, input, { steps: frames - 1, decodeFrames: 0 });
    const half = r.latentShape.reduce((a, b) => a * b, 1);
    const latent = new Float32Array(n * frames * 2 * half);
    for (let row = 0; row < n * frames; row++) {
      latent.set(r.q.subarray(row * half, (row + 1) * half), row * 2 * half);
      latent.set(r.p.subarray(row * half, (row + 1) * half), row * 2 * half + half);
    }
    return { latent, sequences: n, frames, latentDim: 2 * half };
  } finally {
    input.dispose();
  }
}
