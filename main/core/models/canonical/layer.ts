// What every symplectic layer offers: a forward map of a batch of phase-space points [B, 2n] = [q | p] and its
// exact inverse. Each has a Jacobian in Sp(2n) at every point (checked by autodiff in test/core/canonical/).
import * as tf from '@tensorflow/tfjs-core';

/**
 * eval: running statistics (the map is a fixed function of one point, exactly inverted by `inverse`);
 * train: zero-centre layers use the batch means and report them (the talk's batch-norm-like training);
 * track: zero-centre layers use their running means, as in eval, and report the batch means to fold in;
 * init: they set their running means to the batch means first (data-dependent initialisation, one pass over a
 * large sample of the training data).
 */
export type LayerMode = 'eval' | 'train' | 'track' | 'init';

export interface RunningMean {
  /** mean <- (1 - momentum) mean + momentum batch, by assignment (outside any gradient). */
  fold(batchMean: tf.Tensor1D, momentum: number): void;
}

export interface ForwardContext {
  mode: LayerMode;
  /** Filled in 'train' and 'track' modes with each zero-centre layer's batch mean (kept tensors: the caller disposes). */
  batchMeans?: { layer: RunningMean; mean: tf.Tensor1D }[];
}

export const EVAL: ForwardContext = { mode: 'eval' };

export interface SymplecticLayer {
  readonly kind: 'zero-centre' | 'linear' | 'coupling';
  readonly dim: number;
  forward(x: tf.Tensor2D, ctx?: ForwardContext): tf.Tensor2D;
  /** The exact inverse of forward in eval mode. */
  inverse(y: tf.Tensor2D): tf.Tensor2D;
}

/** [q | p] halves of a batch [B, 2n]. */
export function splitHalves(x: tf.Tensor2D, n: number): [tf.Tensor2D, tf.Tensor2D] {
  return tf.split(x, [n, n], 1) as [tf.Tensor2D, tf.Tensor2D];
}
