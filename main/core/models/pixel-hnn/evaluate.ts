// PixelHNN on the HGN's evaluation: encode the pair ending at the anchor frame, integrate the learned H one
// step per frame, decode (the pair's second frame is the prediction), and summarise with the shared metrics.
import * as tf from '@tensorflow/tfjs-core';
import { summarizeRollouts, type RolloutEvaluation } from '../../training/rollout-evaluation';
import { copyFrame, framePixels, sliceFrames, type PixelSequences } from '../../training/sequences';
import { energy } from '../hgn/hamiltonian';
import { step, type State } from '../hgn/integrators';
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

/** Rolls out from pairs [batch, 2 * px] for `steps` steps, decoding the first `decoded` states. */
export function rolloutPixelHnn(m: PixelHnnModel, pairs: Float32Array, batch: number, steps: number, decoded: number, speed = 1): PixelHnnRollout {
  const c = m.config;
  const px = pairPixels(c) / 2;
  const d2 = 2 * c.latentDim;
  const images = new Float32Array(batch * decoded * px);
  const en = new Float32Array(batch * (steps + 1));
  const latent = new Float32Array(batch * (steps + 1) * d2);
  let state: State = tf.tidy(() => {
    const z = encodePairs(m, tf.tensor2d(pairs, [batch, 2 * px]));
    const s = splitLatent(m, z);
    return { q: tf.keep(s.q), p: tf.keep(s.p) };
  });
  for (let t = 0; t <= steps; t++) {
    if (t > 0) {
      const next: State = tf.tidy(() => {
        const n = step(m.hamiltonian, state, { method: c.integrator, dt: c.dt * speed });
        return { q: tf.keep(n.q), p: tf.keep(n.p) };
      });
      tf.dispose([state.q, state.p]);
      state = next;
    }
    const [z, e, img] = tf.tidy(() => {
      const zz = tf.concat([state.q, state.p], 1) as tf.Tensor2D;
      return [zz, energy(m.hamiltonian, state.q, state.p), t < decoded ? decodePairs(m, zz) : tf.zeros([0])];
    });
    const zv = z.dataSync();
    const ev = e.dataSync();
    const iv = img.dataSync();
    for (let b = 0; b < batch; b++) {
      en[b * (steps + 1) + t] = ev[b];
      latent.set(zv.subarray(b * d2, (b + 1) * d2), (b * (steps + 1) + t) * d2);
      // the pair's second frame is frame t
      if (t < decoded) images.set(iv.subarray((2 * b + 1) * px, (2 * b + 2) * px), (b * decoded + t) * px);
    }
    tf.dispose([z, e, img]);
  }
  tf.dispose([state.q, state.p]);
  return { images, energy: en, latent };
}

export function evaluatePixelHnn(m: PixelHnnModel, test: PixelSequences, o: PixelHnnEvalOptions = {}): PixelHnnEvaluation {
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
    const r = rolloutPixelHnn(m, pairs, b, Math.max(frames - 1, driftSteps), frames);
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
