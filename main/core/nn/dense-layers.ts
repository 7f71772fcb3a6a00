// A stack of dense layers as plain tfjs variables, drawn from a seeded generator: the parameters both the flows'
// and the HNN's MLPs are made of. Only the parameters are shared: each model keeps its own forward pass (the flows
// use fused-gradient ops tuned for wasm, the HNN plain tfjs ops), so neither model's numbers move.
import * as tf from '@tensorflow/tfjs-core';
import { gaussian, type Rng } from '../random';

export type Activation = 'softplus' | 'relu' | 'tanh';

export interface DenseLayer {
  readonly w: tf.Variable<tf.Rank.R2>;
  readonly b: tf.Variable<tf.Rank.R1>;
}

/** The row-major [fanIn, fanOut] weights of one layer; `isLast` marks the output layer. */
export type WeightDraw = (fanIn: number, fanOut: number, isLast: boolean) => Float32Array;

/** Glorot-uniform; `outputScale` shrinks the last layer (a fresh flow then starts close to the identity). */
export function glorotUniform(rng: Rng, outputScale = 1): WeightDraw {
  return (fanIn, fanOut, isLast) => {
    const limit = Math.sqrt(6 / (fanIn + fanOut)) * (isLast ? outputScale : 1);
    const w = new Float32Array(fanIn * fanOut);
    for (let i = 0; i < w.length; i++) w[i] = (2 * rng() - 1) * limit;
    return w;
  };
}

export function glorotNormal(rng: Rng): WeightDraw {
  return (fanIn, fanOut) => {
    const std = Math.sqrt(2 / (fanIn + fanOut));
    return new Float32Array(fanIn * fanOut).map(() => gaussian(rng) * std);
  };
}

/**
 * A variable holding `init`'s values. `init` is disposed: tf.variable keeps it as a tensor of its own (sharing the
 * data), so a model built without this leaks one tensor per parameter at each creation.
 */
export function variableFrom<R extends tf.Rank>(init: tf.Tensor<R>, trainable = true): tf.Variable<R> {
  const v = tf.variable(init, trainable);
  init.dispose();
  return v;
}

/** Layers sizes[0] -> sizes[1] -> ...: weights drawn layer by layer in order (so a seed fixes them), zero biases. */
export function createDenseLayers(sizes: readonly number[], draw: WeightDraw): DenseLayer[] {
  const layers: DenseLayer[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const [fanIn, fanOut] = [sizes[l], sizes[l + 1]];
    layers.push({
      w: variableFrom(tf.tensor2d(draw(fanIn, fanOut, l + 2 === sizes.length), [fanIn, fanOut])),
      b: variableFrom(tf.zeros([fanOut]) as tf.Tensor1D),
    });
  }
  return layers;
}

export function disposeDenseLayers(layers: readonly DenseLayer[]): void {
  for (const layer of layers) {
    layer.w.dispose();
    layer.b.dispose();
  }
}
