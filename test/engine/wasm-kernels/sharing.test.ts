// Identity and same-dtype Cast share their input's data on wasm (no copy), and real casts still convert.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../main/engine/backends';

interface DataCounter {
  numDataIds(): number;
}

beforeAll(async () => {
  await initBackend('wasm');
});

describe('copy-free Identity and Cast on wasm', () => {
  it('clone and same-dtype cast share the data, and each can be disposed on its own', () => {
    const backend = tf.backend() as unknown as DataCounter;
    const x = tf.tensor([1.5, -2, 3]);
    const ids = backend.numDataIds();
    const c = tf.clone(x);
    const d = tf.cast(x, 'float32');
    expect(backend.numDataIds()).toBe(ids); // no new buffers
    x.dispose();
    expect(Array.from(c.dataSync())).toEqual([1.5, -2, 3]);
    c.dispose();
    expect(Array.from(d.dataSync())).toEqual([1.5, -2, 3]);
    d.dispose();
    expect(backend.numDataIds()).toBe(ids - 1);
  });

  it('a real cast still converts', () => {
    const x = tf.tensor([1.7, -2.2, 0]);
    const i = tf.cast(x, 'int32');
    const b = tf.cast(x, 'bool');
    expect(i.dtype).toBe('int32');
    expect(Array.from(i.dataSync())).toEqual([1, -2, 0]);
    expect(Array.from(b.dataSync())).toEqual([1, 1, 0]);
    tf.dispose([x, i, b]);
  });

  it('gradients through saved clones are unchanged and leak nothing', () => {
    const w = tf.variable(tf.tensor([0.3, -0.4]));
    const grad = () => tf.tidy(() => tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.sigmoid(v), tf.exp(v))))(w).dataSync());
    const first = grad();
    const tensors = tf.memory().numTensors;
    for (let k = 0; k < 20; k++) expect(grad()).toEqual(first);
    expect(tf.memory().numTensors).toBe(tensors);
    const s = (v: number) => 1 / (1 + Math.exp(-v));
    [0.3, -0.4].forEach((v, k) => expect(first[k]).toBeCloseTo(s(v) * (1 - s(v)) * Math.exp(v) + s(v) * Math.exp(v), 5));
    w.dispose();
  });
});
