// Encoder q_phi(z | x_0..x_{k-1}): k frames stacked on the channel axis -> 3x3 stride-1 ReLU convs -> z.
// Stochastic variant: a Gaussian posterior with mean and log-variance heads, sampled by reparameterisation.
import * as tf from '@tensorflow/tfjs-core';
import type { ParamStore } from '../../training/params';
import type { HgnConfig } from './config';
import { convFused, makeConv, type Conv } from './layers';

export interface Encoder {
  hidden: Conv[];
  mean: Conv;
  logVar: Conv | null;
}

export interface Posterior {
  mean: tf.Tensor4D;
  /** null for the deterministic encoder. */
  logVar: tf.Tensor4D | null;
}

export function makeEncoder(store: ParamStore, c: HgnConfig): Encoder {
  const k = c.encoderKernel;
  let inChannels = c.channels * c.encoderFrames;
  const hidden: Conv[] = [];
  const filters = c.encoderFilters;
  for (let i = 0; i < filters.length - 1; i++) {
    hidden.push(makeConv(store, `encoder.${i}`, { kernel: k, inChannels, filters: filters[i], activation: 'relu' }));
    inChannels = filters[i];
  }
  const zChannels = filters[filters.length - 1];
  const mean = makeConv(store, 'encoder.mean', { kernel: k, inChannels, filters: zChannels, activation: 'linear' });
  const logVar = c.stochastic
    ? makeConv(store, 'encoder.logvar', { kernel: k, inChannels, filters: zChannels, activation: 'linear' })
    : null;
  return { hidden, mean, logVar };
}

/** x: [batch, size, size, channels * k] with frame i in channels [i*C, (i+1)*C). */
export function encode(e: Encoder, x: tf.Tensor4D): Posterior {
  let h = x;
  for (const conv of e.hidden) h = convFused(h, conv, 'relu');
  return { mean: convFused(h, e.mean, 'linear'), logVar: e.logVar ? convFused(h, e.logVar, 'linear') : null };
}

/** z = mean + exp(logVar / 2) * eps with eps ~ N(0, I) from `seed` (tfjs's seeded normal is computed in JS:
 * the same on every backend). Returns the mean when the posterior is deterministic or `seed` is null. */
export function samplePosterior(post: Posterior, seed: number | null): tf.Tensor4D {
  if (!post.logVar || seed === null) return post.mean;
  const eps = tf.randomNormal(post.mean.shape, 0, 1, 'float32', seed);
  return tf.add(post.mean, tf.mul(tf.exp(tf.mul(post.logVar, 0.5)), eps)) as tf.Tensor4D;
}

/** KL(q(z|x) || N(0, I)) summed over latent dims, averaged over the batch (RS's kld_loss). */
export function klDivergence(post: Posterior): tf.Scalar {
  if (!post.logVar) return tf.scalar(0);
  const lv = post.logVar;
  const perDim = tf.mul(-0.5, tf.sub(tf.add(1, lv), tf.add(tf.square(post.mean), tf.exp(lv))));
  return tf.div(tf.sum(perDim), post.mean.shape[0]) as tf.Scalar;
}
