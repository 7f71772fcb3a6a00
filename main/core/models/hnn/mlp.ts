// A dense MLP as plain variables, so the same weights serve both the HNN and the baseline. Not the flows' MLP:
// its Glorot-normal init and plain tfjs ops (tf.softplus, tf.add) are what the HNN results were measured with.
import * as tf from '@tensorflow/tfjs-core';
import { createDenseLayers, glorotNormal, type Activation } from '../../nn/dense-layers';
import { makeRng } from '../../random';

export type { Activation };

export interface Mlp {
  weights: tf.Variable[];
  biases: tf.Variable[];
  activation: Activation;
}

/** Glorot-normal weights from a seed: the same seed gives the same network on every backend. */
export function createMlp(sizes: number[], activation: Activation, seed: number): Mlp {
  const layers = createDenseLayers(sizes, glorotNormal(makeRng(seed)));
  return { weights: layers.map((l) => l.w), biases: layers.map((l) => l.b), activation };
}

function activate(x: tf.Tensor, activation: Activation): tf.Tensor {
  if (activation === 'tanh') return tf.tanh(x);
  if (activation === 'softplus') return tf.softplus(x);
  return tf.relu(x);
}

export function applyMlp(mlp: Mlp, x: tf.Tensor2D): tf.Tensor2D {
  let h: tf.Tensor2D = x;
  const last = mlp.weights.length - 1;
  mlp.weights.forEach((w, i) => {
    const z = tf.add(tf.matMul(h, w), mlp.biases[i]) as tf.Tensor2D;
    h = i === last ? z : (activate(z, mlp.activation) as tf.Tensor2D);
  });
  return h;
}

export function mlpVariables(mlp: Mlp): tf.Variable[] {
  return [...mlp.weights, ...mlp.biases];
}

export function disposeMlp(mlp: Mlp): void {
  for (const v of mlpVariables(mlp)) v.dispose();
}
