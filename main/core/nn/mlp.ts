// The one MLP module of every model (HNN, flows' energies, encoder and couplings): multi-layer perceptrons as
// named plain variables (dense-layers.ts) and functional ops, plus the input gradient of a scalar MLP written out
// by hand: the leapfrog needs dU/dq and dK/dp inside a loss that is differentiated again, and an explicit
// backward pass keeps that a first-order graph (cheaper and steadier than nesting tf.grad tapes).
import * as tf from '@tensorflow/tfjs-core';
import { createDenseLayers, disposeDenseLayers, glorotNormal, glorotUniform, type Activation, type DenseLayer } from './dense-layers';
import { type Rng } from '../random';

export type { Activation, DenseLayer };

export interface Mlp {
  readonly name: string;
  readonly sizes: readonly number[];
  readonly activation: Activation;
  readonly layers: readonly DenseLayer[];
}

export interface NamedVariable {
  readonly name: string;
  readonly variable: tf.Variable;
}

export interface MlpInit {
  /** Glorot-uniform (the flows) or Glorot-normal (the HNN paper's code); uniform by default. */
  init?: 'uniform' | 'normal';
  /** Shrinks the last layer's uniform weights (a fresh flow then starts close to the identity). */
  outputScale?: number;
}

/** Weights drawn from the seeded generator layer by layer, zero biases. */
export function createMlp(name: string, sizes: readonly number[], activation: Activation, rng: Rng, opts: MlpInit = {}): Mlp {
  if (sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s < 1)) {
    throw new Error(`MLP ${name}: bad layer sizes [${sizes.join(', ')}]`);
  }
  const draw = opts.init === 'normal' ? glorotNormal(rng) : glorotUniform(rng, opts.outputScale ?? 1);
  return { name, sizes: [...sizes], activation, layers: createDenseLayers(sizes, draw) };
}

export function mlpVariables(mlp: Mlp): NamedVariable[] {
  return mlp.layers.flatMap((layer, l) => [
    { name: `${mlp.name}/dense${l}/w`, variable: layer.w },
    { name: `${mlp.name}/dense${l}/b`, variable: layer.b },
  ]);
}

export function countParameters(vars: readonly NamedVariable[]): number {
  return vars.reduce((n, v) => n + v.variable.size, 0);
}

/**
 * softplus(z) = relu(z) - log(sigmoid(|z|)), with the gradient sigmoid(z) dy. The wasm backend's Softplus kernel
 * is scalar libm code, about 10x slower than its vectorised Sigmoid: this form is 2-3x faster there, exact to
 * float rounding (sigmoid(|z|) lies in [0.5, 1], so the log never sees 0) and stays differentiable to any order.
 */
const fastSoftplus = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const z = args[0] as tf.Tensor;
  (args[1] as tf.GradSaveFunc)([z]);
  return {
    value: tf.sub(tf.relu(z), tf.log(tf.sigmoid(tf.abs(z)))),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [tf.mul(dy, tf.sigmoid(saved[0]))],
  };
});

export function softplus<T extends tf.Tensor>(z: T): T {
  return fastSoftplus(z) as T;
}

/** Sums the rows of dy [B, H] into [1, H] with a matMul: wasm's Sum over axis 0 costs 3x more. */
function sumRows(dy: tf.Tensor): tf.Tensor {
  return tf.matMul(tf.ones([1, dy.shape[0]]), dy as tf.Tensor2D);
}

/** x [B, H] + b [H], with the bias gradient by sumRows (the bias add runs in every layer of every step). */
const addRowGrad = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, b] = args as tf.Tensor[];
  return {
    value: tf.add(x, b),
    gradFunc: (dy: tf.Tensor) => [dy, tf.reshape(sumRows(dy), b.shape)],
  };
});

/** x [B, H] * v [1, H], with the gradient for v by sumRows. */
const mulRowGrad = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, v] = args as tf.Tensor[];
  (args[2] as tf.GradSaveFunc)([x, v]);
  return {
    value: tf.mul(x, v),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [tf.mul(dy, saved[1]), sumRows(tf.mul(dy, saved[0]))],
  };
});

function dense(h: tf.Tensor2D, layer: DenseLayer): tf.Tensor2D {
  return addRowGrad(tf.matMul(h, layer.w), layer.b) as tf.Tensor2D;
}

function activate(x: tf.Tensor2D, activation: Activation): tf.Tensor2D {
  switch (activation) {
    case 'softplus':
      return softplus(x);
    case 'relu':
      return tf.relu(x);
    case 'tanh':
      return tf.tanh(x);
  }
}

/** Derivative of the activation at the pre-activation z (softplus' = sigmoid, tanh' = 1 - tanh^2). */
function activationSlope(z: tf.Tensor2D, activation: Activation): tf.Tensor2D {
  switch (activation) {
    case 'softplus':
      return tf.sigmoid(z);
    case 'tanh':
      return tf.sub(1, tf.square(tf.tanh(z)));
    case 'relu':
      throw new Error('a relu MLP has no useful second derivative: use softplus or tanh for energies');
  }
}

/** [B, in] -> [B, out]; no activation after the last layer. */
export function mlpForward(mlp: Mlp, x: tf.Tensor2D): tf.Tensor2D {
  let h = x;
  mlp.layers.forEach((layer, l) => {
    const z = dense(h, layer);
    h = l + 1 < mlp.layers.length ? activate(z, mlp.activation) : z;
  });
  return h;
}

/** A scalar MLP [d, ..., 1] evaluated at x: [B]. */
export function scalarMlp(mlp: Mlp, x: tf.Tensor2D): tf.Tensor1D {
  return tf.reshape(mlpForward(mlp, x), [-1]);
}

/**
 * d f / d x for a scalar MLP f, per row: [B, d]. Backpropagation written with ordinary ops so that the result
 * can itself be differentiated with respect to the weights.
 */
export function scalarMlpInputGrad(mlp: Mlp, x: tf.Tensor2D): tf.Tensor2D {
  const n = mlp.layers.length;
  if (mlp.sizes[n] !== 1) throw new Error(`MLP ${mlp.name} is not scalar-valued`);
  if (n < 2) throw new Error(`MLP ${mlp.name} needs a hidden layer`);
  const pre: tf.Tensor2D[] = [];
  let h = x;
  for (let l = 0; l + 1 < n; l++) {
    const z = dense(h, mlp.layers[l]);
    pre.push(z);
    // The last hidden activation feeds only the output value, which the gradient does not need.
    if (l + 2 < n) h = activate(z, mlp.activation);
  }
  // Upstream gradient at the last hidden layer is the output weight row; then walk back layer by layer.
  // Weights are transposed explicitly so every matMul stays on the untransposed fast path.
  let g = mulRowGrad(activationSlope(pre[n - 2], mlp.activation), tf.transpose(mlp.layers[n - 1].w)) as tf.Tensor2D;
  for (let l = n - 2; l >= 1; l--) {
    g = tf.mul(tf.matMul(g, tf.transpose(mlp.layers[l].w)), activationSlope(pre[l - 1], mlp.activation));
  }
  return tf.matMul(g, tf.transpose(mlp.layers[0].w));
}

export function disposeMlp(mlp: Mlp): void {
  disposeDenseLayers(mlp.layers);
}
