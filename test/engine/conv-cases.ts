// Conv cases shared by the wasm-kernel and oneDNN-kernel tests: every padding kind, strides 1 and 2, odd sizes,
// first and second order, transposed; each builds its inputs from a seed so cpu and the kernel under test agree.
import * as tf from '@tensorflow/tfjs-core';
import { normal } from './wasm-kernels/compare';

type Pad = 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];

export interface ConvCase {
  name: string;
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number | [number, number];
  pad: Pad;
}

// Strides 1 and 2, same/valid/numeric/explicit padding, odd sizes, channel counts 1..16, batch 1..3.
export const CASES: ConvCase[] = [
  { name: '3x3 s1 same', x: [2, 8, 8, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'same' },
  { name: '3x3 s1 valid', x: [2, 8, 8, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'valid' },
  { name: '3x3 s2 same odd', x: [2, 9, 9, 3], filter: [3, 3, 3, 5], strides: 2, pad: 'same' },
  { name: '3x3 s2 valid odd', x: [2, 9, 9, 3], filter: [3, 3, 3, 5], strides: 2, pad: 'valid' },
  { name: '3x3 s2 same even', x: [3, 10, 10, 6], filter: [3, 3, 6, 8], strides: 2, pad: 'same' },
  { name: '2x2 s2 valid (HGN H-net)', x: [1, 7, 5, 2], filter: [2, 2, 2, 3], strides: 2, pad: 'valid' },
  { name: '2x2 s1 same (asymmetric pad)', x: [3, 6, 6, 4], filter: [2, 2, 4, 4], strides: 1, pad: 'same' },
  { name: '5x5 s1 same, 1 channel in', x: [2, 10, 7, 1], filter: [5, 5, 1, 2], strides: 1, pad: 'same' },
  { name: '1x1 s1 valid, 16 channels', x: [1, 4, 4, 16], filter: [1, 1, 16, 8], strides: 1, pad: 'valid' },
  { name: '1x1 s2 valid', x: [2, 8, 8, 2], filter: [1, 1, 2, 3], strides: 2, pad: 'valid' },
  { name: '3x3 strides [1, 2] same', x: [2, 6, 8, 3], filter: [3, 3, 3, 2], strides: [1, 2], pad: 'same' },
  { name: '4x4 s2 same', x: [2, 12, 12, 4], filter: [4, 4, 4, 4], strides: 2, pad: 'same' },
  { name: '3x3 s2 numeric pad 1', x: [2, 5, 5, 3], filter: [3, 3, 3, 2], strides: 2, pad: 1 },
  { name: '3x3 s1 explicit asymmetric pad', x: [2, 6, 7, 3], filter: [3, 3, 3, 2], strides: 1, pad: [[0, 0], [2, 0], [0, 1], [0, 0]] },
  { name: '3x3 s2 explicit asymmetric pad', x: [2, 7, 8, 3], filter: [3, 3, 3, 2], strides: 2, pad: [[0, 0], [1, 2], [2, 0], [0, 0]] },
  { name: '3x3 s1 pad 3 (wider than the kernel)', x: [1, 5, 6, 2], filter: [3, 3, 2, 3], strides: 1, pad: [[0, 0], [3, 3], [3, 3], [0, 0]] },
  { name: '3x3 s2 pad 3 (wider than the kernel)', x: [1, 5, 6, 2], filter: [3, 3, 2, 3], strides: 2, pad: [[0, 0], [3, 3], [3, 3], [0, 0]] },
  { name: '3x3 s2 valid even (rows left over)', x: [2, 8, 8, 3], filter: [3, 3, 3, 4], strides: 2, pad: 'valid' },
];

function conv(x: tf.Tensor, f: tf.Tensor, c: ConvCase): tf.Tensor4D {
  return tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, c.strides, c.pad);
}

function outShape(c: ConvCase): number[] {
  return tf.tidy(() => conv(tf.zeros(c.x), tf.zeros(c.filter), c).shape);
}

/** First order: dx and dfilter of sum(conv(x, f) * r), r random so every output position weighs differently. */
export function firstOrder(c: ConvCase, seed: number): () => tf.Tensor[] {
  return () => {
    const x = normal(c.x, seed);
    const f = normal(c.filter, seed + 1);
    const r = normal(outShape(c), seed + 2);
    return tf.grads((xv: tf.Tensor, fv: tf.Tensor) => tf.sum(tf.mul(conv(xv, fv, c), r)))([x, f]);
  };
}

/**
 * Second order: with L = sum(softplus(conv(x, f)) * r), the gradient w.r.t. x and f of sum((dL/dx)^2).
 * The backward pass of dL/dx runs Conv2DBackpropInput's own gradient: conv2d and Conv2DBackpropFilter.
 */
export function secondOrder(c: ConvCase, seed: number): () => tf.Tensor[] {
  return () => {
    const x = normal(c.x, seed);
    const f = normal(c.filter, seed + 1);
    const r = normal(outShape(c), seed + 2);
    const loss = (xv: tf.Tensor, fv: tf.Tensor): tf.Scalar => tf.sum(tf.mul(tf.softplus(conv(xv, fv, c)), r));
    const inputGradNorm = (xv: tf.Tensor, fv: tf.Tensor): tf.Scalar => {
      const dx = tf.grad((xi: tf.Tensor) => loss(xi, fv))(xv);
      return tf.sum(tf.square(dx));
    };
    return tf.grads(inputGradNorm)([x, f]);
  };
}

/** conv2dTranspose (forward = Conv2DBackpropInput): output, first and second order as above. */
export function transposed(c: ConvCase, seed: number): () => tf.Tensor[] {
  return () => {
    const xShape = outShape(c); // the transposed conv maps the conv's output shape back to its input shape
    const x = normal(xShape, seed);
    const f = normal(c.filter, seed + 1);
    const r = normal(c.x, seed + 2);
    const forward = (xv: tf.Tensor, fv: tf.Tensor): tf.Tensor4D =>
      tf.conv2dTranspose(xv as tf.Tensor4D, fv as tf.Tensor4D, c.x, c.strides, c.pad);
    const loss = (xv: tf.Tensor, fv: tf.Tensor): tf.Scalar => tf.sum(tf.mul(tf.softplus(forward(xv, fv)), r));
    const first = tf.grads(loss)([x, f]);
    const second = tf.grads((xv: tf.Tensor, fv: tf.Tensor) => {
      const dx = tf.grad((xi: tf.Tensor) => loss(xi, fv))(xv);
      return tf.sum(tf.square(dx));
    })([x, f]);
    return [forward(x, f), ...first, ...second];
  };
}

// conv2dTranspose takes only 'same' / 'valid' / number padding (no explicit pairs).
export const TRANSPOSE_CASES = CASES.filter((c) => typeof c.pad !== 'object');

export const GROUPS = [
  { label: 'first order (dx, dfilter)', make: firstOrder, cases: CASES, outputs: ['dx', 'dfilter'] },
  { label: 'second order (d/dx, d/dfilter of |dL/dx|^2)', make: secondOrder, cases: CASES, outputs: ['d/dx', 'd/dfilter'] },
  {
    label: 'conv2dTranspose (forward, first and second order)',
    make: transposed,
    cases: TRANSPOSE_CASES,
    outputs: ['forward', 'dx', 'dfilter', 'dx of |dL/dx|^2', 'dfilter of |dL/dx|^2'],
  },
];
