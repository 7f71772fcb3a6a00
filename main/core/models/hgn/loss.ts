// The HGN objective: reconstruction of every decoded frame plus the KL of the posterior, weighted by a fixed
// beta or by GECO's multiplier. Reconstruction is the per-pixel mean squared error (the Gaussian likelihood
// with sigma = 1/sqrt(2), rescaled); KL is normalised by the pixels of a sequence, as RS does.
import * as tf from '@tensorflow/tfjs-core';
import type { HgnBatch } from './batch';
import { forward, klDivergence, type HgnModel } from './model';
import { meanSquaredError } from '../../nn/mean-squared-error';

export type KlWeight = { kind: 'beta'; beta: number } | { kind: 'geco'; lambda: number };

export interface LossParts {
  /** Mean squared error over every decoded frame and pixel. */
  recon: tf.Scalar;
  /** KL(q(z|x) || N(0, I)) per sequence divided by the pixels of a sequence. */
  kl: tf.Scalar;
  /** What the optimiser descends: recon + beta * kl, or kl + lambda * recon (GECO's constant -tol^2 dropped). */
  objective: tf.Scalar;
}

export function hgnLoss(m: HgnModel, batch: HgnBatch, weight: KlWeight, sampleSeed: number | null): LossParts {
  const out = forward(m, batch.input, { steps: batch.frames - 1, sampleSeed, decode: batch.decoded });
  const recon = meanSquaredError(out.frames, batch.target);
  const pixelsPerSequence = batch.frames * batch.target.shape[1] * batch.target.shape[2] * batch.target.shape[3];
  const kl = m.config.stochastic ? (tf.div(klDivergence(out.posterior), pixelsPerSequence) as tf.Scalar) : tf.scalar(0);
  const objective =
    weight.kind === 'beta'
      ? (tf.add(recon, tf.mul(kl, weight.beta)) as tf.Scalar)
      : (tf.add(kl, tf.mul(recon, weight.lambda)) as tf.Scalar);
  return { recon, kl, objective };
}
