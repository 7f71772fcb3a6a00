// Poisson brackets {f, g} = sum_i df/dq_i dg/dp_i - df/dp_i dg/dq_i, by automatic differentiation.
import * as tf from '@tensorflow/tfjs-core';
import { dHdp, dHdq, type SeparableHamiltonian } from './hamiltonian';

/** A scalar function of phase space, evaluated row by row: q, p [B, d] -> [B]. */
export type PhaseFunction = (q: tf.Tensor2D, p: tf.Tensor2D) => tf.Tensor1D;

export interface PhaseGradient {
  dq: tf.Tensor2D;
  dp: tf.Tensor2D;
}

/**
 * Per-row gradient of f at (q, p), by tf.grads. Differentiating the batch sum gives each row's own gradient
 * since rows do not interact; q and p travel as one tensor so a function of q alone still has a gradient in p
 * (zero) instead of an error.
 */
export function phaseGradient(f: PhaseFunction, q: tf.Tensor2D, p: tf.Tensor2D): PhaseGradient {
  const d = q.shape[1];
  const s = tf.concat([q, p], 1);
  const [g] = tf.grads((x: tf.Tensor) => {
    const x2 = x as tf.Tensor2D;
    return tf.sum(f(tf.slice(x2, [0, 0], [-1, d]), tf.slice(x2, [0, d], [-1, d])));
  })([s]);
  return { dq: tf.slice(g as tf.Tensor2D, [0, 0], [-1, d]), dp: tf.slice(g as tf.Tensor2D, [0, d], [-1, d]) };
}

export function bracketOfGradients(f: PhaseGradient, g: PhaseGradient): tf.Tensor1D {
  return tf.sum(tf.sub(tf.mul(f.dq, g.dp), tf.mul(f.dp, g.dq)), 1);
}

/** {f, g} at each row of (q, p), both by autodiff. */
export function poissonBracket(f: PhaseFunction, g: PhaseFunction, q: tf.Tensor2D, p: tf.Tensor2D): tf.Tensor1D {
  return bracketOfGradients(phaseGradient(f, q, p), phaseGradient(g, q, p));
}

/**
 * {g, H} for a learned separable H: dg by autodiff, dH = (dU/dq, dK/dp) by the MLPs' explicit input gradients,
 * so the result stays differentiable with respect to H's weights (the constraint's gradient).
 */
export function bracketWithHamiltonian(g: PhaseFunction, h: SeparableHamiltonian, q: tf.Tensor2D, p: tf.Tensor2D): tf.Tensor1D {
  return bracketOfGradients(phaseGradient(g, q, p), { dq: dHdq(h, q), dp: dHdp(h, p) });
}
