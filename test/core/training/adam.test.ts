import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../main/engine/backends';
import { Adam, clipByGlobalNorm, globalNorm } from '../../../main/core/training/adam';
import { ParamStore } from '../../../main/core/training/params';

beforeAll(async () => {
  await initBackend('cpu');
});

/** Adam in plain doubles, the textbook way. */
function referenceAdam(x0: number[], grad: (x: number[]) => number[], lr: number, steps: number): number[] {
  const x = [...x0];
  const m = x.map(() => 0);
  const v = x.map(() => 0);
  for (let t = 1; t <= steps; t++) {
    const g = grad(x);
    for (let i = 0; i < x.length; i++) {
      m[i] = 0.9 * m[i] + 0.1 * g[i];
      v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
      const mh = m[i] / (1 - 0.9 ** t);
      const vh = v[i] / (1 - 0.999 ** t);
      x[i] -= (lr * mh) / (Math.sqrt(vh) + 1e-8);
    }
  }
  return x;
}

describe('Adam', () => {
  const target = [1, -2, 0.5];
  const gradOf = (x: number[]) => x.map((xi, i) => 2 * (xi - target[i]) * (i + 1));

  function run(store: ParamStore, opt: Adam, steps: number) {
    for (let s = 0; s < steps; s++) {
      const x = Array.from(store.get('x').dataSync());
      tf.tidy(() => opt.apply({ x: tf.tensor1d(gradOf(x)) }));
    }
  }

  it('matches the textbook update', () => {
    const store = new ParamStore(1);
    store.add('x', [3], { kind: 'constant', value: 0 });
    const opt = new Adam(store, { learningRate: 0.05 });
    run(store, opt, 30);
    const ref = referenceAdam([0, 0, 0], gradOf, 0.05, 30);
    Array.from(store.get('x').dataSync()).forEach((v, i) => expect(v).toBeCloseTo(ref[i], 4));
    opt.dispose();
    store.dispose();
  });

  it('continues identically from its saved state', async () => {
    const a = new ParamStore(1);
    a.add('x', [3], { kind: 'constant', value: 0 });
    const optA = new Adam(a, { learningRate: 0.05 });
    run(a, optA, 10);
    const saved = { params: await a.read(), opt: await optA.state() };
    run(a, optA, 10);

    const b = new ParamStore(2);
    b.add('x', [3], { kind: 'constant', value: 7 });
    const optB = new Adam(b, { learningRate: 1 });
    b.write(saved.params);
    optB.load(saved.opt);
    run(b, optB, 10);
    expect(Array.from(b.get('x').dataSync())).toEqual(Array.from(a.get('x').dataSync()));
    expect(optB.step).toBe(20);
    for (const x of [optA, optB, a, b]) x.dispose();
  });

  it('clips by global norm', () => {
    tf.tidy(() => {
      const g = { a: tf.tensor1d([3, 0]), b: tf.tensor1d([4]) };
      const n = globalNorm(g).dataSync()[0];
      expect(n).toBeCloseTo(5, 6);
      const c = clipByGlobalNorm(g, n, 1);
      expect(Array.from(c.a.dataSync())).toEqual([expect.closeTo(0.6, 6), 0]);
      expect(clipByGlobalNorm(g, n, 10)).toBe(g);
    });
  });
});
