// A dense MLP as plain variables, so the same weights serve both the HNN and the baseline.
import * as tf from '@tensorflow/tfjs-core';
import { gaussian, makeRng } from '../../random';

export type Activation = 'tanh' | 'softplus' | 'relu';

export interface Mlp {
  weights: tf.Variable[];
  biases: tf.Variable[];
  activation: Activation;
}

/** Glorot-normal weights from a seed: the same seed gives the same network on every backend. */
export function createMlp(sizes: number[], activation: Activation, seed: number): Mlp {
  const rng = makeRng(seed);
  const weights: tf.Variable[] = [];
  const biases: tf.Variable[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const [fanIn, fanOut] = [sizes[i], sizes[i + 1]];
    const std = Math.sqrt(2 / (fanIn + fanOut));
    const w = new Float32Array(fanIn * fanOut).map(() => gaussian(rng) * std);
    weights.push(tf.variable(tf.tensor2d(w, [fanIn, fanOut])));
    biases.push(tf.variable(tf.zeros([fanOut])));
  }
  return { weights, biases, activation };
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
