// The variational momentum h(p | q) = N(mu(q), diag sigma(q)^2), mu and log sigma relu MLPs [d, hidden, hidden, d]
// (EHF section 3). log sigma is softly bounded so one bad batch cannot send sigma to 0 or infinity.
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../../random';
import { createMlp, disposeMlp, mlpForward, mlpVariables, type Mlp, type NamedVariable } from '../../nn/mlp';

export const LOG_SIGMA_BOUND = 6;
const LOG_2PI = Math.log(2 * Math.PI);

export interface GaussianEncoder {
  readonly mean: Mlp;
  readonly logSigma: Mlp;
}

export function createEncoder(name: string, dim: number, hidden: number, rng: Rng): GaussianEncoder {
  return {
    mean: createMlp(`${name}/mean`, [dim, hidden, hidden, dim], 'relu', rng, { outputScale: 0.1 }),
    logSigma: createMlp(`${name}/logsigma`, [dim, hidden, hidden, dim], 'relu', rng, { outputScale: 0.1 }),
  };
}

export function encoderVariables(e: GaussianEncoder): NamedVariable[] {
  return [...mlpVariables(e.mean), ...mlpVariables(e.logSigma)];
}

/** Reparameterised draw p = mu(q) + sigma(q) eps and its log-density log h(p | q): [B, d] and [B]. */
export function drawMomentum(e: GaussianEncoder, q: tf.Tensor2D, eps: tf.Tensor2D): { p: tf.Tensor2D; logH: tf.Tensor1D } {
  const mu = mlpForward(e.mean, q);
  const raw = mlpForward(e.logSigma, q);
  const logSigma = tf.mul(LOG_SIGMA_BOUND, tf.tanh(tf.div(raw, LOG_SIGMA_BOUND)));
  const p = tf.add(mu, tf.mul(tf.exp(logSigma), eps));
  const logH = tf.sub(
    tf.neg(tf.sum(tf.add(tf.mul(0.5, tf.square(eps)), logSigma), 1)),
    0.5 * LOG_2PI * q.shape[1],
  );
  return { p: p as tf.Tensor2D, logH: logH as tf.Tensor1D };
}

export function disposeEncoder(e: GaussianEncoder): void {
  disposeMlp(e.mean);
  disposeMlp(e.logSigma);
}
