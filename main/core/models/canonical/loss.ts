// The loss of seed 002 ("Loss function"): along a trajectory of the true dynamics the radius in every latent plane,
// r_k = Q(t_k)^2 + P(t_k)^2 (per plane j), should not change:
//   l = 1 / (n tau) sum_{k=1..tau} |r_k - r_{k+1}|^2, averaged over the trajectories of the batch.
// Only a canonical T keeps this from being minimised by collapsing the trajectories onto a point.
import * as tf from '@tensorflow/tfjs-core';
import { stopGradient } from '../flows/stop-gradient';
import type { ForwardContext } from './layer';
import type { CanonicalFlow } from './model';

/** r = Q^2 + P^2 per plane: [B, 2n] -> [B, n]. */
export function planeRadii(y: tf.Tensor2D, n: number): tf.Tensor2D {
  const [q, p] = tf.split(y, [n, n], 1);
  return tf.add(tf.square(q), tf.square(p));
}

/**
 * 'absolute': the talk's loss. 'relative': each trajectory's term divided by the squared size of its radii,
 * |mean_t r|^2 (the norm over planes, held constant in the gradient): the same measure as the radius spread the
 * benches report, so that orbits of small action count as much as large ones. Without the stop-gradient it would
 * have a trivial minimum: moving the circles far from the origin makes every relative change small.
 * 'rho': changes of rho_j = sqrt(r_j + 1e-6) instead of r_j. A latent point that wobbles by d at distance rho
 * from the origin changes r by ~2 rho d, so the talk's loss barely sees planes of small radius (Kepler's
 * eccentricity plane for near-circular orbits, FPUT's weak modes), however much the wobble matters physically.
 * 'plane': each plane's term divided by the square of its mean radius over the batch (held constant in the
 * gradient), so that every plane counts alike whatever its typical size.
 */
export type LossWeighting = 'absolute' | 'relative' | 'rho' | 'plane';

/**
 * Not in the talk (off by default): how unevenly the angles advance. Action-angle variables turn at constant rates
 * (theta' = dK/dI), but the radius loss does not ask for it, and a superintegrable system lets a map trade an
 * uneven angle in one plane for a wobble in a plane of small radius, which that loss barely sees (Kepler: the angle
 * of the true anomaly, easy to represent, instead of the mean anomaly, transcendental). For every plane and
 * trajectory: the variance over k of the angle step atan2 between consecutive latent points, weighted by the
 * plane's mean radius on that trajectory over its mean on the batch (held constant: an angle near the origin means
 * little).
 */
export function angleRateTerm(y: tf.Tensor3D, n: number, r: tf.Tensor3D): tf.Scalar {
  const [b, t] = y.shape;
  const [q, p] = tf.split(y, [n, n], 2) as [tf.Tensor3D, tf.Tensor3D];
  const head = (z: tf.Tensor3D) => tf.slice(z, [0, 0, 0], [b, t - 1, n]);
  const tail = (z: tf.Tensor3D) => tf.slice(z, [0, 1, 0], [b, t - 1, n]);
  // theta = atan2(Q, P): the step from (P_k, Q_k) to (P_k+1, Q_k+1).
  const sin = tf.sub(tf.mul(head(p), tail(q)), tf.mul(head(q), tail(p)));
  const cos = tf.add(tf.mul(head(p), tail(p)), tf.mul(head(q), tail(q)));
  const step = tf.atan2(sin, tf.add(cos, 1e-12));
  const dev = tf.sub(step, tf.mean(step, 1, true));
  const rbar = tf.mean(r, 1, true); // [B, 1, n]
  const weight = stopGradient(tf.div(rbar, tf.add(tf.mean(rbar, 0, true), 1e-12)));
  return tf.mean(tf.mul(weight, tf.square(dev)));
}

/**
 * x [B, T, 2n] (B trajectories of T = tau + 1 states) -> the scalar loss; with `angleWeight` > 0, plus that times
 * `angleRateTerm`.
 */
export function radiusLoss(
  model: CanonicalFlow,
  x: tf.Tensor3D,
  ctx?: ForwardContext,
  weighting: LossWeighting = 'absolute',
  angleWeight = 0,
): tf.Scalar {
  const [b, t, d] = x.shape;
  const n = d / 2;
  if (t < 2) throw new Error('the radius loss needs trajectories of at least 2 states');
  const y = model.forward(tf.reshape(x, [b * t, d]), ctx);
  const r = tf.reshape(planeRadii(y, n), [b, t, n]) as tf.Tensor3D;
  const radius = radiusTerm(r, weighting);
  return angleWeight > 0 ? tf.add(radius, tf.mul(angleWeight, angleRateTerm(tf.reshape(y, [b, t, d]), n, r))) : radius;
}

function radiusTerm(r: tf.Tensor3D, weighting: LossWeighting): tf.Scalar {
  const [b, t, n] = r.shape;
  const diff = tf.sub(tf.slice(r, [0, 1, 0], [b, t - 1, n]), tf.slice(r, [0, 0, 0], [b, t - 1, n]));
  if (weighting === 'absolute') return tf.mean(tf.square(diff));
  if (weighting === 'rho') {
    const rho = tf.sqrt(tf.add(r, 1e-6));
    return tf.mean(tf.square(tf.sub(tf.slice(rho, [0, 1, 0], [b, t - 1, n]), tf.slice(rho, [0, 0, 0], [b, t - 1, n]))));
  }
  if (weighting === 'plane') {
    const scale = stopGradient(tf.square(tf.mean(r, [0, 1], true))); // [1, 1, n]
    return tf.mean(tf.div(tf.square(diff), tf.add(scale, 1e-12)));
  }
  const size = stopGradient(tf.sum(tf.square(tf.mean(r, 1, true)), 2, true)); // [B, 1, 1]
  return tf.mean(tf.div(tf.square(diff), tf.add(size, 1e-12)));
}
