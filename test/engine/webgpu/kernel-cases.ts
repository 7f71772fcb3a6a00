// Every kernel the models use, as small op cases with inputs in the op's safe domain: the WebGPU parity suite
// runs each forward, and its first- and second-order gradients where the models need them, on webgpu and cpu.
import * as tf from '@tensorflow/tfjs-core';

export type Domain = 'any' | 'positive' | 'away-from-zero';

export interface KernelCase {
  name: string;
  /** The tfjs kernels this case runs (the coverage test checks the models use nothing else). */
  kernels: string[];
  inputs: Array<{ shape: number[]; domain?: Domain }>;
  f: (...xs: tf.Tensor[]) => tf.Tensor;
  /** Compare the gradient of a gradient too (ops inside H, the HNN, the flows' energies). */
  secondOrder?: boolean;
  /**
   * Whose first-order gradients are differentiated again (default: every input's). Convolutions: the input's
   * only, as the models do (H's input gradient is differentiated in the weights; the weight gradient is not).
   */
  secondOrderOf?: number[];
  /** No gradient at all (integer or structural ops whose gradient is zero or undefined). */
  noGradient?: boolean;
}

const conv = (stride: number, pad: 'same' | 'valid') => (x: tf.Tensor, w: tf.Tensor) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, stride, pad);

export const KERNEL_CASES: KernelCase[] = [
  { name: 'add (broadcast)', kernels: ['Add'], inputs: [{ shape: [3, 4] }, { shape: [4] }], f: tf.add, secondOrder: true },
  { name: 'sub (broadcast)', kernels: ['Sub'], inputs: [{ shape: [2, 3, 4] }, { shape: [3, 1] }], f: tf.sub, secondOrder: true },
  { name: 'mul (broadcast)', kernels: ['Multiply'], inputs: [{ shape: [3, 4] }, { shape: [3, 1] }], f: tf.mul, secondOrder: true },
  { name: 'div', kernels: ['RealDiv'], inputs: [{ shape: [3, 4] }, { shape: [3, 4], domain: 'positive' }], f: tf.div, secondOrder: true },
  { name: 'square', kernels: ['Square'], inputs: [{ shape: [5, 3] }], f: tf.square, secondOrder: true },
  { name: 'squared difference', kernels: ['SquaredDifference'], inputs: [{ shape: [4, 3] }, { shape: [4, 3] }], f: tf.squaredDifference, secondOrder: true },
  { name: 'sqrt', kernels: ['Sqrt'], inputs: [{ shape: [6], domain: 'positive' }], f: tf.sqrt, secondOrder: true },
  { name: 'exp', kernels: ['Exp'], inputs: [{ shape: [6] }], f: tf.exp, secondOrder: true },
  { name: 'log', kernels: ['Log'], inputs: [{ shape: [6], domain: 'positive' }], f: tf.log, secondOrder: true },
  { name: 'tanh', kernels: ['Tanh'], inputs: [{ shape: [4, 5] }], f: tf.tanh, secondOrder: true },
  { name: 'sigmoid', kernels: ['Sigmoid'], inputs: [{ shape: [4, 5] }], f: tf.sigmoid, secondOrder: true },
  { name: 'softplus', kernels: ['Softplus'], inputs: [{ shape: [4, 5] }], f: tf.softplus, secondOrder: true },
  { name: 'relu (and its gradient, Step)', kernels: ['Relu', 'Step'], inputs: [{ shape: [4, 5], domain: 'away-from-zero' }], f: tf.relu, secondOrder: true },
  { name: 'neg', kernels: ['Neg'], inputs: [{ shape: [7] }], f: tf.neg, secondOrder: true },
  { name: 'abs', kernels: ['Abs'], inputs: [{ shape: [7], domain: 'away-from-zero' }], f: tf.abs, secondOrder: true },
  { name: 'pow (base and exponent)', kernels: ['Pow'], inputs: [{ shape: [5], domain: 'positive' }, { shape: [5] }], f: tf.pow, secondOrder: true },
  { name: 'softmax', kernels: ['Softmax'], inputs: [{ shape: [3, 5] }], f: (x) => tf.softmax(x), secondOrder: true },
  { name: 'sum over axes', kernels: ['Sum'], inputs: [{ shape: [2, 3, 4, 5] }], f: (x) => tf.sum(x, [1, 2]), secondOrder: true },
  { name: 'mean', kernels: ['Mean'], inputs: [{ shape: [3, 8] }], f: (x) => tf.mean(x, 1), secondOrder: true },
  { name: 'max (log-sum-exp)', kernels: ['Max'], inputs: [{ shape: [4, 6] }], f: (x) => tf.logSumExp(x, 1), secondOrder: true },
  { name: 'maximum, minimum', kernels: ['Maximum', 'Minimum'], inputs: [{ shape: [6] }, { shape: [6] }], f: (a, b) => tf.add(tf.maximum(a, b), tf.minimum(a, tf.mul(b, 0.5))) },
  {
    name: 'addN of 64 (over the storage-buffer limit)',
    kernels: ['AddN'],
    inputs: [{ shape: [3, 4] }, { shape: [3, 4] }],
    f: (a, b) => tf.addN(Array.from({ length: 64 }, (_, i) => tf.mul(i % 2 ? a : b, (i % 7) + 1))),
    secondOrder: true,
  },
  { name: 'matMul', kernels: ['BatchMatMul'], inputs: [{ shape: [5, 7] }, { shape: [7, 3] }], f: (a, b) => tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D), secondOrder: true },
  { name: 'matMul, a transposed', kernels: ['BatchMatMul'], inputs: [{ shape: [7, 5] }, { shape: [7, 3] }], f: (a, b) => tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D, true, false), secondOrder: true },
  { name: 'matMul, b transposed', kernels: ['BatchMatMul'], inputs: [{ shape: [5, 7] }, { shape: [3, 7] }], f: (a, b) => tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D, false, true), secondOrder: true },
  { name: 'matMul, batched', kernels: ['BatchMatMul'], inputs: [{ shape: [2, 4, 6] }, { shape: [2, 6, 3] }], f: (a, b) => tf.matMul(a, b), secondOrder: true },
  { name: 'conv2d 3x3 stride 1 same', kernels: ['Conv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter'], inputs: [{ shape: [2, 5, 5, 3] }, { shape: [3, 3, 3, 4] }], f: conv(1, 'same'), secondOrder: true, secondOrderOf: [0] },
  { name: 'conv2d 2x2 stride 2 same', kernels: ['Conv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter'], inputs: [{ shape: [2, 4, 4, 3] }, { shape: [2, 2, 3, 5] }], f: conv(2, 'same'), secondOrder: true, secondOrderOf: [0] },
  { name: 'conv2d 2x2 stride 2 valid', kernels: ['Conv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter'], inputs: [{ shape: [2, 5, 5, 2] }, { shape: [2, 2, 2, 3] }], f: conv(2, 'valid'), secondOrder: true, secondOrderOf: [0] },
  { name: 'conv2d 1x1', kernels: ['Conv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter'], inputs: [{ shape: [1, 3, 3, 4] }, { shape: [1, 1, 4, 2] }], f: conv(1, 'same'), secondOrder: true, secondOrderOf: [0] },
  {
    name: 'conv2dTranspose (H written-out gradient)',
    kernels: ['Conv2DBackpropInput', 'Conv2D', 'Conv2DBackpropFilter'],
    inputs: [{ shape: [2, 2, 2, 4] }, { shape: [2, 2, 3, 4] }],
    f: (dy, w) => tf.conv2dTranspose(dy as tf.Tensor4D, w as tf.Tensor4D, [2, 4, 4, 3], 2, 'same'),
    secondOrder: true,
    secondOrderOf: [0],
  },
  {
    name: 'fused conv2d + bias + relu',
    kernels: ['FusedConv2D'],
    inputs: [{ shape: [2, 6, 6, 3] }, { shape: [3, 3, 3, 4] }, { shape: [4] }],
    f: (x, w, b) => tf.fused.conv2d({ x: x as tf.Tensor4D, filter: w as tf.Tensor4D, bias: b, strides: 1, pad: 'same', activation: 'relu' }),
  },
  { name: 'avgPool', kernels: ['AvgPool'], inputs: [{ shape: [2, 4, 4, 3] }], f: (x) => tf.avgPool(x as tf.Tensor4D, 2, 2, 'valid') },
  { name: 'avgPool over a whole image (channel sums)', kernels: ['AvgPool'], inputs: [{ shape: [3, 8, 8, 2] }], f: (x) => tf.avgPool(x as tf.Tensor4D, [8, 8], 1, 'valid') },
  { name: 'concat', kernels: ['Concat'], inputs: [{ shape: [2, 3] }, { shape: [2, 5] }], f: (a, b) => tf.concat([a, b], 1), secondOrder: true },
  { name: 'split', kernels: ['SplitV'], inputs: [{ shape: [2, 6] }], f: (x) => tf.mul(tf.split(x, [2, 4], 1)[1], 2), secondOrder: true },
  { name: 'slice', kernels: ['Slice'], inputs: [{ shape: [4, 5] }], f: (x) => tf.slice(x, [1, 1], [2, 3]), secondOrder: true },
  { name: 'pad', kernels: ['PadV2'], inputs: [{ shape: [2, 3] }], f: (x) => tf.pad(x, [[1, 0], [0, 2]], 0.5), secondOrder: true },
  { name: 'transpose', kernels: ['Transpose'], inputs: [{ shape: [2, 3, 4] }], f: (x) => tf.transpose(x, [2, 0, 1]), secondOrder: true },
  { name: 'stack', kernels: ['Pack'], inputs: [{ shape: [3] }, { shape: [3] }], f: (a, b) => tf.stack([a, b], 1), secondOrder: true },
  { name: 'reshape, identity', kernels: ['Reshape', 'Identity'], inputs: [{ shape: [2, 6] }], f: (x) => tf.clone(tf.reshape(x, [3, 4])), secondOrder: true },
  { name: 'cast', kernels: ['Cast'], inputs: [{ shape: [5] }], f: (x) => tf.add(x, tf.cast(tf.tensor1d([1, 2, 3, 4, 5], 'int32'), 'float32')) },
  { name: 'onesLike', kernels: ['OnesLike'], inputs: [{ shape: [3, 2] }], f: (x) => tf.add(tf.onesLike(x), x), secondOrder: true },
  { name: 'zerosLike, fill', kernels: ['ZerosLike', 'Fill'], inputs: [{ shape: [3, 2] }], f: (x) => tf.add(tf.zerosLike(x), tf.fill([3, 2], 1.5)), noGradient: true },
  { name: 'greater, where', kernels: ['Greater', 'Select'], inputs: [{ shape: [6] }, { shape: [6] }], f: (a, b) => tf.where(tf.greater(a, 0), tf.square(a), b), secondOrder: true },
];
