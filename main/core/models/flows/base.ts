// Base densities pi(s) of the flow, factorised over the 2d coordinates of s = (q, p):
// - normal: N(0, I), rotation invariant (the SO(2) experiment needs an invariant base, EHF lemma 1);
// - soft-uniform: pi(x) ~ sigmoid(beta (x + w/2)) sigmoid(-beta (x - w/2)) per coordinate (EHF footnote 6).
//   It is exactly U(-w/2, w/2) convolved with a logistic of scale 1/beta, which gives both its normaliser
//   Z = w / (1 - exp(-beta w)) and an exact sampler.
import * as tf from '@tensorflow/tfjs-core';
import { gaussian, type Rng } from '../../random';
import { softplus } from '../../nn/mlp';

export type { BaseKind } from './config';
import type { BaseKind } from './config';

/**
 * log sigmoid(x) = -softplus(-x). Not tf.logSigmoid: in tfjs 4.22 its custom gradient reads its input from a
 * closure instead of saving it, so inside a training step it reads a disposed tensor and throws.
 */
function logSigmoid(x: tf.Tensor): tf.Tensor {
  return tf.neg(softplus(tf.neg(x)));
}

export interface BaseDensity {
  readonly kind: BaseKind;
  /** Sum over coordinates of the log-density of each row of x: [B, m] -> [B]. */
  logProb(x: tf.Tensor2D): tf.Tensor1D;
  /** n rows of m coordinates, row-major. */
  sample(n: number, m: number, rng: Rng): Float32Array;
}

const LOG_2PI = Math.log(2 * Math.PI);

export function normalBase(): BaseDensity {
  return {
    kind: 'normal',
    logProb: (x) => tf.sub(tf.mul(-0.5, tf.sum(tf.square(x), 1)), 0.5 * LOG_2PI * x.shape[1]),
    sample: (n, m, rng) => {
      const out = new Float32Array(n * m);
      for (let i = 0; i < out.length; i++) out[i] = gaussian(rng);
      return out;
    },
  };
}

export function softUniformBase(width: number, sharpness: number): BaseDensity {
  if (!(width > 0) || !(sharpness > 0)) throw new Error('soft-uniform base: width and sharpness must be > 0');
  const half = width / 2;
  const logZ = Math.log(width) - Math.log1p(-Math.exp(-sharpness * width));
  return {
    kind: 'soft-uniform',
    logProb: (x) => {
      const inside = tf.add(logSigmoid(tf.mul(sharpness, tf.add(x, half))), logSigmoid(tf.mul(-sharpness, tf.sub(x, half))));
      return tf.sub(tf.sum(inside, 1), logZ * x.shape[1]);
    },
    sample: (n, m, rng) => {
      const out = new Float32Array(n * m);
      for (let i = 0; i < out.length; i++) {
        let u = rng();
        while (u <= 0 || u >= 1) u = rng();
        out[i] = (2 * rng() - 1) * half + Math.log(u / (1 - u)) / sharpness;
      }
      return out;
    },
  };
}

export function makeBase(kind: BaseKind, width = 4, sharpness = 4): BaseDensity {
  return kind === 'normal' ? normalBase() : softUniformBase(width, sharpness);
}
