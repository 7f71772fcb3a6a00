// The two models of the HNN paper's comparison: both map a state x = (q, p) to its time derivative.
import * as tf from '@tensorflow/tfjs-core';
import { createMlp, mlpForward, type Mlp } from '../../nn/mlp';
import { makeRng } from '../../random';
import type { HnnKind } from './config';

export type { HnnKind } from './config';

export interface HnnModel {
  kind: HnnKind;
  /** hnn: x -> H (scalar); baseline: x -> dx/dt directly. */
  net: Mlp;
  dim: number;
}

/** MLP [dim, hidden, hidden, out] of tanh units, Glorot-normal weights from the seed (the paper's code). */
export function createHnnModel(kind: HnnKind, dim: number, hidden: number, seed: number): HnnModel {
  const out = kind === 'hnn' ? 1 : dim;
  return { kind, dim, net: createMlp(kind, [dim, hidden, hidden, out], 'tanh', makeRng(seed), { init: 'normal' }) };
}

/** The learned Hamiltonian, one value per row (only meaningful for the HNN). */
export function hamiltonian(model: HnnModel, x: tf.Tensor2D): tf.Tensor1D {
  return tf.squeeze(mlpForward(model.net, x), [1]) as tf.Tensor1D;
}

/**
 * dx/dt. For the HNN this is the symplectic gradient (dH/dp, -dH/dq), so training differentiates through a
 * gradient: the loss is second order in the weights.
 */
export function timeDerivative(model: HnnModel, x: tf.Tensor2D): tf.Tensor2D {
  if (model.kind === 'baseline') return mlpForward(model.net, x);
  const dHdx = tf.grad((xi: tf.Tensor) => tf.sum(hamiltonian(model, xi as tf.Tensor2D)))(x) as tf.Tensor2D;
  const half = model.dim / 2;
  const [dHdq, dHdp] = tf.split(dHdx, [half, half], 1);
  return tf.concat([dHdp, tf.neg(dHdq)], 1) as tf.Tensor2D;
}
