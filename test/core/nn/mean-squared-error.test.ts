// The HGN's reconstruction loss with its hand-written backward against tfjs's own ops: value, gradient (also at
// a scaled upstream gradient), shape errors, and no tensors left behind.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../main/engine/backends';
import { meanSquaredError } from '../../../main/core/nn/mean-squared-error';
import { normal, relativeError } from '../../engine/wasm-kernels/compare';

describe('meanSquaredError', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('gives the value and gradient of mean(squaredDifference)', async () => {
    const [p, t] = [normal([3, 5, 4, 2], 1), normal([3, 5, 4, 2], 2)];
    const ref = (x: tf.Tensor) => tf.mul(tf.mean(tf.squaredDifference(x, t)), 3) as tf.Scalar;
    const ours = (x: tf.Tensor) => tf.mul(meanSquaredError(x, t), 3) as tf.Scalar;
    const [a, b] = [tf.valueAndGrad(ours)(p), tf.valueAndGrad(ref)(p)];
    expect(Math.abs((await a.value.data())[0] - (await b.value.data())[0])).toBeLessThan(1e-6);
    expect(relativeError((await a.grad.data()) as Float32Array, (await b.grad.data()) as Float32Array)).toBeLessThan(1e-6);
    tf.dispose([p, t, a.value, a.grad, b.value, b.grad]);
  });

  it('refuses shapes that differ', () => {
    expect(() => meanSquaredError(tf.zeros([2, 3]), tf.zeros([3, 2]))).toThrow(/shapes 2,3 and 3,2 differ/);
  });

  it('leaves no tensors behind', () => {
    const [p, t] = [normal([4, 4], 1), normal([4, 4], 2)];
    const before = tf.memory().numTensors;
    for (let i = 0; i < 10; i++) tf.dispose(tf.grad((x: tf.Tensor) => meanSquaredError(x, t))(p));
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([p, t]);
  });
});
