// Base densities pi(s) of the flow over the 2d coordinates of s = (q, p):
// - normal: N(0, I), rotation invariant (the SO(2) experiment needs an invariant base, EHF lemma 1);
// - soft-uniform: pi(x) ~ sigmoid(beta (x + w/2)) sigmoid(-beta (x - w/2)) per coordinate (EHF footnote 6).
//   It is exactly U(-w/2, w/2) convolved with a logistic of scale 1/beta, which gives both its normaliser
//   Z = w / (1 - exp(-beta w)) and an exact sampler;
// - mixture: a learned mixture of K diagonal Gaussians over the whole state. The leapfrog flow preserves volume,
//   so with a fixed base the model's joint entropy is the base's whatever it learns; a learned base is the one
//   place where it can concentrate or spread mass, and its modes give a multimodal density a start.
import * as tf from '@tensorflow/tfjs-core';
import { gaussian, type Rng } from '../../random';
import { softplus, type NamedVariable } from '../../nn/mlp';
import { variableFrom } from '../../nn/dense-layers';

export type { BaseKind } from './config';
import { HAMILTONIAN_FLOW_DEFAULTS as DEFAULTS, type BaseKind } from './config';

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
  /** Learned parameters (the mixture's); none for the fixed bases. */
  variables(): NamedVariable[];
  dispose(): void;
}

const FIXED = { variables: (): NamedVariable[] => [], dispose: () => {} };

const LOG_2PI = Math.log(2 * Math.PI);

export function normalBase(): BaseDensity {
  return {
    ...FIXED,
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
    ...FIXED,
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

/** log sum_k exp(c[b, k]) per row, with the softmax as its gradient (tf.logSumExp's goes through max and Equal). */
const logSumExpRows = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const c = args[0] as tf.Tensor2D;
  const lse = tf.logSumExp(c, 1);
  (args[1] as tf.GradSaveFunc)([c, lse]);
  return {
    value: lse,
    gradFunc: (dy: tf.Tensor, [saved, l]: tf.Tensor[]) => [tf.mul(tf.expandDims(dy, 1), tf.exp(tf.sub(saved, tf.expandDims(l, 1))))],
  };
}) as (c: tf.Tensor2D) => tf.Tensor1D;

/**
 * K diagonal Gaussians over m coordinates with learned means, log scales and weights (softmax of logits). They
 * start at unit scale, equal weights and means drawn from N(0, I): a broad blob close to the normal base.
 */
export function mixtureBase(components: number, m: number, rng: Rng): BaseDensity {
  if (!Number.isInteger(components) || components < 1) throw new Error(`mixture base: components must be an integer >= 1, got ${components}`);
  const k = components;
  const init = new Float32Array(k * m);
  for (let i = 0; i < init.length; i++) init[i] = gaussian(rng);
  const means = variableFrom(tf.tensor2d(init, [k, m]));
  const logScales = variableFrom(tf.zeros([k, m]) as tf.Tensor2D);
  const logits = variableFrom(tf.zeros([k]) as tf.Tensor1D);
  const checkWidth = (got: number) => {
    if (got !== m) throw new Error(`mixture base: built for ${m} coordinates, given ${got}`);
  };
  return {
    kind: 'mixture',
    logProb: (x) => {
      checkWidth(x.shape[1]);
      // Per component sum_j -(x_j - mu_kj)^2 a_kj / 2 - log sigma_kj - log(2 pi)/2 with a = 1/sigma^2, expanded
      // into two matrix products over [B, K]: the [B, K, m] differences cost a step 13 ms at K = 32 (float32
      // cancellation stays below 1e-3 nats for |x| / sigma < 100).
      const a = tf.exp(tf.mul(-2, logScales));
      const quadratic = tf.add(tf.mul(-0.5, tf.matMul(tf.square(x), a, false, true)), tf.matMul(x, tf.mul(means, a), false, true));
      const constant = tf.add(tf.sum(tf.add(tf.mul(0.5, tf.mul(tf.square(means), a)), logScales), 1), 0.5 * LOG_2PI * m);
      return logSumExpRows(tf.add(tf.sub(quadratic, constant), tf.logSoftmax(logits)) as tf.Tensor2D);
    },
    sample: (n, width, rng) => {
      checkWidth(width);
      const mu = means.dataSync();
      const ls = logScales.dataSync();
      const w = tf.tidy(() => tf.softmax(logits).dataSync());
      const out = new Float32Array(n * m);
      for (let i = 0; i < n; i++) {
        let u = rng();
        let c = 0;
        while (c < k - 1 && u >= w[c]) u -= w[c++];
        for (let j = 0; j < m; j++) out[i * m + j] = mu[c * m + j] + Math.exp(ls[c * m + j]) * gaussian(rng);
      }
      return out;
    },
    variables: () => [
      { name: 'base/means', variable: means },
      { name: 'base/log_scales', variable: logScales },
      { name: 'base/logits', variable: logits },
    ],
    dispose: () => [means, logScales, logits].forEach((v) => v.dispose()),
  };
}

export interface BaseOptions {
  width?: number;
  sharpness?: number;
  /** The mixture's: its components, the coordinates it covers and the rng of its initial means. */
  components?: number;
  dim?: number;
  rng?: Rng;
}

export function makeBase(kind: BaseKind, o: BaseOptions = {}): BaseDensity {
  if (kind === 'normal') return normalBase();
  if (kind === 'soft-uniform') return softUniformBase(o.width ?? DEFAULTS.softUniformWidth, o.sharpness ?? DEFAULTS.softUniformSharpness);
  if (o.dim === undefined || o.rng === undefined) throw new Error('mixture base: needs its dimension and an rng');
  return mixtureBase(o.components ?? DEFAULTS.baseComponents, o.dim, o.rng);
}
