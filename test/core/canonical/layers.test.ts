// Every symplectic layer, and stacks of them: exactly invertible (round trip below 1e-5 in float32) and symplectic
// (J^T Omega J = Omega below 1e-4, J by autodiff) on random inputs, far from the near-identity start.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../main/engine/backends';
import {
  CanonicalFlow,
  batchJacobian,
  canonicalConfig,
  symplecticDefects,
  type CanonicalModelConfig,
  type LayerSpec,
} from '../../../main/core/models/canonical';
import { maxAbsDiff, perturb, randomStates } from './helpers';

beforeAll(async () => {
  await initBackend('wasm');
});

function single(dof: number, layer: LayerSpec, seed = 3): CanonicalFlow {
  const config: CanonicalModelConfig = { dof, layers: [layer], seed, momentum: 0.1, initScale: 1 };
  const model = new CanonicalFlow(config);
  perturb(model, seed + 100, 0.3);
  return model;
}

const LAYERS: [string, LayerSpec][] = [
  ['zero-centre', { kind: 'zero-centre' }],
  ['linear', { kind: 'linear' }],
  ['linear, n - 1 reflections', { kind: 'linear', householders: 1 }],
  ['p-coupling, gradient MLP (tanh, depth 2)', { kind: 'coupling', update: 'p', form: 'gradient-mlp', hidden: 16, depth: 2, activation: 'tanh' }],
  ['q-coupling, gradient MLP (softplus, depth 3)', { kind: 'coupling', update: 'q', form: 'gradient-mlp', hidden: 16, depth: 3, activation: 'softplus' }],
  ['p-coupling, gradient MLP (depth 1)', { kind: 'coupling', update: 'p', form: 'gradient-mlp', hidden: 16, depth: 1 }],
  ['p-coupling, irrotational (tanh)', { kind: 'coupling', update: 'p', form: 'irrotational', hidden: 16, activation: 'tanh' }],
  ['q-coupling, irrotational (softplus)', { kind: 'coupling', update: 'q', form: 'irrotational', hidden: 16, activation: 'softplus' }],
];

describe.each([1, 2, 5])('%i degree(s) of freedom', (dof) => {
  describe.each(LAYERS)('%s', (_, spec) => {
    it('inverts exactly: T^-1(T(x)) and T(T^-1(y)) within 1e-5', () => {
      const model = single(dof, spec);
      const x = randomStates(256, 2 * dof, 7);
      const there = tf.tidy(() => model.inverse(model.forward(x)));
      const back = tf.tidy(() => model.forward(model.inverse(x)));
      expect(maxAbsDiff(there, x)).toBeLessThan(1e-5);
      expect(maxAbsDiff(back, x)).toBeLessThan(1e-5);
      // And it is not the identity: the test would pass trivially otherwise.
      expect(tf.tidy(() => maxAbsDiff(model.forward(x), x))).toBeGreaterThan(1e-2);
      tf.dispose([x, there, back]);
      model.dispose();
    });

    it('is symplectic: |J^T Omega J - Omega| < 1e-4 with J by autodiff, and so is its inverse', async () => {
      const model = single(dof, spec);
      const x = randomStates(64, 2 * dof, 8);
      const jac = await batchJacobian((z) => model.forward(z), x);
      expect(Math.max(...symplecticDefects(jac, 64, 2 * dof))).toBeLessThan(1e-4);
      const inv = await batchJacobian((z) => model.inverse(z), x);
      expect(Math.max(...symplecticDefects(inv, 64, 2 * dof))).toBeLessThan(1e-4);
      x.dispose();
      model.dispose();
    });
  });
});

describe('stacks', () => {
  it.each([1, 2, 5])('the default layout (n = %i) inverts within 1e-5 and is symplectic within 1e-4', async (dof) => {
    const model = new CanonicalFlow({ ...canonicalConfig({ dof, blocks: 3, hidden: 16 }, 5), initScale: 1 });
    perturb(model, 9, 0.2);
    const x = randomStates(128, 2 * dof, 11);
    const there = tf.tidy(() => model.inverse(model.forward(x)));
    expect(maxAbsDiff(there, x)).toBeLessThan(1e-5);
    const jac = await batchJacobian((z) => model.forward(z), x);
    expect(Math.max(...symplecticDefects(jac, 128, 2 * dof))).toBeLessThan(1e-4);
    tf.dispose([x, there]);
    model.dispose();
  });

  it('a coupling that is not a gradient field would fail the check (the test can tell)', async () => {
    // p <- p + R q with R antisymmetric is not canonical: J = [[1, 0], [R, 1]], J^T Omega J - Omega = R^T - R.
    const x = randomStates(16, 4, 12);
    const r = tf.tensor2d([0, 0.5, -0.5, 0], [2, 2]);
    const f = (z: tf.Tensor2D) => {
      const [q, p] = tf.split(z, 2, 1);
      return tf.concat([q, tf.add(p, tf.matMul(q, r))], 1) as tf.Tensor2D;
    };
    const jac = await batchJacobian(f, x);
    expect(Math.min(...symplecticDefects(jac, 16, 4))).toBeCloseTo(1, 5);
    tf.dispose([x, r]);
  });
});

describe('couplings', () => {
  it.each(['gradient-mlp', 'irrotational'] as const)('%s: the shift has a symmetric Jacobian (it is a gradient field)', async (form) => {
    const dof = 3;
    const model = single(dof, { kind: 'coupling', update: 'p', form, hidden: 8, depth: 2 });
    const x = randomStates(8, 2 * dof, 13);
    const jac = await batchJacobian((z) => model.forward(z), x);
    const d = 2 * dof;
    let asym = 0;
    let size = 0;
    for (let s = 0; s < 8; s++) {
      for (let i = 0; i < dof; i++) {
        for (let j = 0; j < dof; j++) {
          // d p'_i / d q_j = d mu_i / d q_j.
          const a = jac[s * d * d + (dof + i) * d + j];
          const b = jac[s * d * d + (dof + j) * d + i];
          asym = Math.max(asym, Math.abs(a - b));
          size = Math.max(size, Math.abs(a));
        }
      }
    }
    expect(size).toBeGreaterThan(1e-2);
    expect(asym).toBeLessThan(1e-5);
    x.dispose();
    model.dispose();
  });

  it('leaves the driving half unchanged', () => {
    const model = single(2, { kind: 'coupling', update: 'q', form: 'gradient-mlp', hidden: 8, depth: 2 });
    const x = randomStates(32, 4, 14);
    const y = model.forward(x);
    const keep = (t: tf.Tensor2D) => tf.slice(t, [0, 2], [32, 2]);
    expect(tf.tidy(() => maxAbsDiff(keep(y), keep(x)))).toBe(0);
    tf.dispose([x, y]);
    model.dispose();
  });
});

describe('zero-centre', () => {
  it('subtracts the batch mean in training and reports it; running means after; init sets them', () => {
    const model = single(2, { kind: 'zero-centre' });
    const x = tf.add(randomStates(100, 4, 15), tf.tensor1d([1, -2, 3, 0.5])) as tf.Tensor2D;
    const batchMeans: { layer: { fold: (m: tf.Tensor1D, momentum: number) => void }; mean: tf.Tensor1D }[] = [];
    const shift = model.params.get('l0.shift');
    const y = tf.tidy(() => tf.sub(model.forward(x, { mode: 'train', batchMeans }), shift));
    expect(tf.tidy(() => tf.max(tf.abs(tf.mean(y, 0))).dataSync()[0])).toBeLessThan(1e-5);
    expect(batchMeans).toHaveLength(1);
    const mean = tf.mean(x, 0);
    expect(maxAbsDiff(batchMeans[0].mean, mean)).toBeLessThan(1e-6);
    // fold: running <- 0.9 running + 0.1 batch.
    const running = model.buffers.get('l0.mean');
    const before = running.clone();
    batchMeans[0].layer.fold(batchMeans[0].mean, 0.1);
    expect(tf.tidy(() => maxAbsDiff(running, tf.add(tf.mul(before, 0.9), tf.mul(mean, 0.1))))).toBeLessThan(1e-6);
    model.initialiseStatistics(x);
    expect(maxAbsDiff(running, mean)).toBeLessThan(1e-6);
    // Eval mode now centres this data too.
    const z = tf.tidy(() => tf.sub(model.forward(x), shift));
    expect(tf.tidy(() => tf.max(tf.abs(tf.mean(z, 0))).dataSync()[0])).toBeLessThan(1e-5);
    tf.dispose([x, y, mean, before, z, batchMeans[0].mean]);
    model.dispose();
  });
});
