// The loss of seed 002 ("Loss function"): along a trajectory of the true dynamics the radius in every latent plane,
// r_k = Q(t_k)^2 + P(t_k)^2 (per plane j), should not change:
//   l = 1 / (n tau) sum_{k=1..tau} |r_k - r_{k+1}|^2, averaged over the trajectories of the batch.
// Only a canonical T keeps this from being minimised by collapsing the trajectories onto a point.
import * as tf from '@tensorflow/tfjs-core';
import type { ForwardContext } from './layer';
import type { CanonicalFlow } from './model';

/** r = Q^2 + P^2 per plane: [B, 2n] -> [B, n]. */
export function planeRadii(y: tf.Tensor2D, n: number): tf.Tensor2D {
  const [q, p] = tf.split(y, [n, n], 1);
  return tf.add(tf.square(q), tf.square(p));
}

/** x [B, T, 2n] (B trajectories of T = tau + 1 states) -> the scalar loss. */
export function radiusLoss(model: CanonicalFlow, x: tf.Tensor3D, ctx?: ForwardContext): tf.Scalar {
  const [b, t, d] = x.shape;
  const n = d / 2;
  if (t < 2) throw new Error('the radius loss needs trajectories of at least 2 states');
  const y = model.forward(tf.reshape(x, [b * t, d]), ctx);
  const r = tf.reshape(planeRadii(y, n), [b, t, n]);
  const diff = tf.sub(tf.slice(r, [0, 1, 0], [b, t - 1, n]), tf.slice(r, [0, 0, 0], [b, t - 1, n]));
  return tf.mean(tf.square(diff));
}
