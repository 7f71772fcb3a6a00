// Shared helpers of the canonical-transformation tests.
import * as tf from '@tensorflow/tfjs-core';
import { gaussian, makeRng } from '../../../main/core/random';
import type { CanonicalFlow } from '../../../main/core/models/canonical';

/** Adds N(0, scale^2) to every parameter: off the near-identity start, so the layers are far from trivial. */
export function perturb(model: CanonicalFlow, seed: number, scale: number): void {
  const rng = makeRng(seed);
  for (const v of model.params.list()) {
    tf.tidy(() => v.assign(tf.add(v, tf.tensor(Float32Array.from({ length: v.size }, () => scale * gaussian(rng)), v.shape))));
  }
}

export function randomStates(count: number, dim: number, seed: number, scale = 1): tf.Tensor2D {
  const rng = makeRng(seed);
  return tf.tensor2d(Float32Array.from({ length: count * dim }, () => scale * gaussian(rng)), [count, dim]);
}

export function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}
