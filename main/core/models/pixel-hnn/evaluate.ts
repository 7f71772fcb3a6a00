// PixelHNN on the HGN's evaluation: encode the pair ending at the anchor frame, integrate the learned H one
// step per frame, decode (the pair's second frame is the prediction), and summarise with the shared metrics.
import * as tf from '@tensorflow/tfjs-core';
import { summarizeRollouts, type RolloutEvaluation } from '../../training/rollout-evaluation';
import { copyFrame, framePixels, sliceFrames, type PixelSequences } from '../../training/sequences';
import { energy } from '../hgn/hamiltonian';
import { step, type State } from '../hgn/integrators';
import type { LatentRollouts } from '../../training/latent-symetric';
import { decodePairs, encodePairs, pairPixels, splitLatent, type PixelHnnModel } from './model';

export type PixelHnnEvaluation = RolloutEvaluation;

export interface PixelHnnEvalOptions {
  sequences?: number;
  /** First predicted frame (>= 1); default 4, the HGN's anchor with a 5-frame encoder window. */
  anchor?: number;
  frames?: number;
  driftSteps?: number;
  meanFrame?: Float32Array;
  batch?: number;
}

export interface PixelHnnRollout {
  /** [batch, decoded, pixels]. */
  images: Float32Array;
  /** [batch, steps + 1]. */
  energy: Float32Array;
  /** [batch, steps + 1, 2 * latentDim]. */
  latent: Float32Array;
}

/** Rolls out from pairs [batch, 2 * px] for `steps` steps, decoding the first `decoded` states. States stay on the
 * device and come back in a few asynchronous reads at the end (WebGPU in Node cannot read synchronously). */
export async function rolloutPixelHnn(m: PixelHnnModel, pairs: Float32Array, batch: number, steps: number, decoded: number, speed = 1): Promise<PixelHnnRollout> {
  const c = m.config;
  const px = pairPixels(c) / 2;
  const images = new Float32Array(batch * decoded * px);
  const states: State[] = [
    tf.tidy(() => {
      const s = splitLatent(m, encodePairs(m, tf.tensor2d(pairs, [batch, 2 * px])));
      return { q: tf.keep(s.q), p: tf.keep(s.p) };
    }),
  ];
  try {
    for (let t = 1; t <= steps; t++) {
      const prev = states[t - 1];
      states.push(
        tf.tidy(() => {
          const n = step(m.hamiltonian, prev, { method: c.integrator, dt: c.dt * speed });
          return { q: tf.keep(n.q), p: tf.keep(n.p) };
        }),
      );
    }
    const chunk = 8;
    for (let from = 0; from < decoded; from += chunk) {
      const count = Math.min(chunk, decoded - from);
      const out = tf.tidy(() => decodePairs(m, tf.concat(states.slice(from, from + count).map((s) => tf.concat([s.q, s.p], 1)), 0) as tf.Tensor2D));
      const iv = await out.data();
      out.dispose();
      // Row (i * batch + b) holds the pair decoded from step from + i of sequence b; its second frame is that step.
      for (let i = 0; i < count; i++) {
        for (let b = 0; b < batch; b++) {
          const row = i * batch + b;
          images.set(iv.subarray((2 * row + 1) * px, (2 * row + 2) * px), (b * decoded + from + i) * px);
        }
      }
    }
    // Stacked on axis 1: [batch, steps + 1, ...], the layout of the result.
    const stacked = tf.tidy(() => [
      tf.stack(states.map((s) => energy(m.hamiltonian, s.q, s.p)), 1),
      tf.stack(states.map((s) => tf.concat([s.q, s.p], 1)), 1),
    ]);
    const [en, latent] = await Promise.all(stacked.map((t) => t.data() as Promise<Float32Array>));
    tf.dispose(stacked);
    return { images, energy: en, latent };
  } finally {
    for (const s of states) tf.dispose([s.q, s.p]);
  }
}

export async function evaluatePixelHnn(m: PixelHnnModel, test: PixelSequences, o: PixelHnnEvalOptions = {}): Promise<PixelHnnEvaluation> {
  const n = Math.min(o.sequences ?? test.count, test.count);
  const anchor = o.anchor ?? 4;
  if (anchor < 1) throw new Error('the PixelHNN needs a frame before the anchor (anchor >= 1)');
  const frames = o.frames ?? test.length - anchor;
  const driftSteps = o.driftSteps ?? 60;
  const chunk = Math.max(1, o.batch ?? 32);
  const px = framePixels(test);
  const pred = new Float32Array(n * frames * px);
  const energies = new Float32Array(n * (driftSteps + 1));
  for (let from = 0; from < n; from += chunk) {
    const b = Math.min(chunk, n - from);
    const pairs = new Float32Array(b * 2 * px);
    for (let i = 0; i < b; i++) {
      copyFrame(test, from + i, anchor - 1, pairs, 2 * i * px);
      copyFrame(test, from + i, anchor, pairs, (2 * i + 1) * px);
    }
    const r = await rolloutPixelHnn(m, pairs, b, Math.max(frames - 1, driftSteps), frames);
    pred.set(r.images, from * frames * px);
    const per = Math.max(frames - 1, driftSteps) + 1;
    for (let i = 0; i < b; i++) energies.set(r.energy.subarray(i * per, i * per + driftSteps + 1), (from + i) * (driftSteps + 1));
  }
  return summarizeRollouts({
    groundTruth: sliceFrames(test, Array.from({ length: n }, (_, i) => i), anchor, frames),
    predicted: pred,
    sequences: n,
    frames,
    pixels: px,
    energies,
    driftFrames: driftSteps + 1,
    meanFrame: o.meanFrame,
  });
}

/** The latent rollouts of the first `n` test sequences for SyMetric: the pair ending at `anchor` encoded, `frames` states. */
export async function pixelHnnLatentRollouts(m: PixelHnnModel, test: PixelSequences, n: number, anchor: number, frames: number): Promise<LatentRollouts> {
  const px = framePixels(test);
  const pairs = new Float32Array(n * 2 * px);
  for (let i = 0; i < n; i++) {
    copyFrame(test, i, anchor - 1, pairs, 2 * i * px);
    copyFrame(test, i, anchor, pairs, (2 * i + 1) * px);
  }
  const r = await rolloutPixelHnn(m, pairs, n, frames - 1, 0);
  return { latent: r.latent, sequences: n, frames, latentDim: r.latent.length / (n * frames) };
}
