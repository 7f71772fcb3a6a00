import { describe, expect, it, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../main/engine/backends';

type Unary = (x: tf.Tensor) => tf.Tensor;
const OPS: Record<string, Unary> = {
  tanh: tf.tanh,
  sigmoid: tf.sigmoid,
  exp: tf.exp,
  softplus: tf.softplus,
  sin: tf.sin,
  // Pow's exponent path and Softmax read their saved output too (fixed alongside).
  'pow exponent': (x) => tf.pow(tf.scalar(1.7), x),
  softmax: (x) => tf.sum(tf.mul(tf.softmax(tf.stack([x, tf.mul(x, -0.5), tf.scalar(0.3)])), tf.tensor1d([1, 2, 3]))),
};

/** f(w) = d/dx act(w x) at x; compares df/dw by autodiff (gradient of a gradient) with central differences. */
function secondOrder(act: Unary, w0: number): { autodiff: number; fd: number } {
  const x = tf.scalar(0.7);
  const f = (w: tf.Tensor) => tf.sum(tf.grad((xx: tf.Tensor) => tf.sum(act(tf.mul(w, xx))))(x));
  const autodiff = tf.grad(f)(tf.scalar(w0)).dataSync()[0];
  const eps = 1e-3;
  const fd = (f(tf.scalar(w0 + eps)).dataSync()[0] - f(tf.scalar(w0 - eps)).dataSync()[0]) / (2 * eps);
  return { autodiff, fd };
}

describe.each(['cpu', 'wasm'] as const)('second-order gradients on %s', (backend) => {
  beforeAll(async () => {
    await initBackend(backend);
  });
  it.each(Object.keys(OPS))('%s matches finite differences', (name) => {
    for (const w0 of [-1.1, 0.4, 1.3]) {
      const { autodiff, fd } = secondOrder(OPS[name], w0);
      expect(Math.abs(autodiff - fd)).toBeLessThan(2e-3 * Math.max(1, Math.abs(fd)));
    }
  });
  it('first-order gradients are unchanged', () => {
    const g = tf.grad((x: tf.Tensor) => tf.sum(tf.tanh(x)))(tf.tensor1d([0, 1])).dataSync();
    expect(g[0]).toBeCloseTo(1, 6);
    expect(g[1]).toBeCloseTo(1 - Math.tanh(1) ** 2, 6);
  });
});
