// The density models: bounds (IWAE >= ELBO, rising with K), RealNVP's exact likelihood and inverse, weights
// saved and loaded as JSON, sampling and trajectories.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../main/engine/backends';
import { eightGaussians, rotationSymmetric } from '../../../main/core/densities';
import { logLikelihoods, sampleTrajectories } from '../../../main/core/models/flows/evaluate';
import { HAMILTONIAN_FLOW_DEFAULTS, HamiltonianFlow } from '../../../main/core/models/flows/hamiltonian-flow';
import { countParameters } from '../../../main/core/nn/mlp';
import { REALNVP_DEFAULTS, RealNvp } from '../../../main/core/models/flows/realnvp';
import { exportWeights, importWeights } from '../../../main/core/models/flows/weights-json';
import { makeRng } from '../../../main/core/random';
import { makeBase } from '../../../main/core/models/flows/base';

beforeAll(async () => {
  await initBackend('wasm');
});

function smallFlow(seed: number): HamiltonianFlow {
  return new HamiltonianFlow({ ...HAMILTONIAN_FLOW_DEFAULTS, dim: 2, hidden: 32 }, seed);
}

function meanDiff(a: Float32Array, b: Float32Array): { mean: number; stderr: number } {
  const d = a.map((v, i) => v - b[i]);
  const mean = d.reduce((s, v) => s + v, 0) / d.length;
  const sd = Math.sqrt(d.reduce((s, v) => s + (v - mean) ** 2, 0) / (d.length - 1));
  return { mean, stderr: sd / Math.sqrt(d.length) };
}

describe('Hamiltonian flow bounds', () => {
  it('IWAE >= ELBO on the same draws, and the IWAE rises with K', async () => {
    const flow = smallFlow(3);
    // Strong random dynamics: the true momentum posterior is then far from the untrained encoder's N(0, I).
    for (const h of flow.hamiltonians) for (const mlp of [h.kinetic, h.potential]) mlp.layers[2].w.assign(tf.mul(mlp.layers[2].w, 10));
    const x = eightGaussians.sample(800, makeRng(1));
    const elbo = await logLikelihoods(flow, x, { k: 10, bound: 'elbo', rng: makeRng(2) });
    const iwae10 = await logLikelihoods(flow, x, { k: 10, bound: 'iwae', rng: makeRng(2) });
    // Same momentum draws: log-mean-exp >= mean, point by point (Jensen).
    iwae10.forEach((v, i) => expect(v).toBeGreaterThanOrEqual(elbo[i] - 1e-4));
    const iwae1 = await logLikelihoods(flow, x, { k: 1, bound: 'iwae', rng: makeRng(3) });
    const iwae100 = await logLikelihoods(flow, x, { k: 100, bound: 'iwae', rng: makeRng(4) });
    // Fresh draws: the expected bound increases with K, by clearly more than the noise.
    const d1 = meanDiff(iwae10, iwae1);
    const d2 = meanDiff(iwae100, iwae10);
    expect(d1.mean).toBeGreaterThan(4 * d1.stderr);
    expect(d2.mean).toBeGreaterThan(4 * d2.stderr);
    flow.dispose();
  });

  it('shared momentum draws make the estimate a function of the point alone (smooth heatmaps)', async () => {
    const flow = smallFlow(4);
    const same = new Float32Array(40).fill(0.7);
    const shared = await logLikelihoods(flow, same, { k: 4, bound: 'iwae', rng: makeRng(1), sharedNoise: true, maxRows: 16 });
    const fresh = await logLikelihoods(flow, same, { k: 4, bound: 'iwae', rng: makeRng(1) });
    // 20 identical points over 5 chunks: identical estimates with shared draws, scattered ones without.
    expect(new Set(Array.from(shared)).size).toBe(1);
    expect(new Set(Array.from(fresh)).size).toBeGreaterThan(10);
    flow.dispose();
  });

  it('with a soft-uniform base the bound stays finite and the base is normalised', async () => {
    const base = makeBase('soft-uniform', { width: 3, sharpness: 2 });
    // Riemann sum of the 1D density over a wide interval.
    const xs = Array.from({ length: 4000 }, (_, i) => -10 + (i + 0.5) * (20 / 4000));
    const lp = tf.tidy(() => base.logProb(tf.tensor2d(xs, [4000, 1])).dataSync());
    const mass = Array.from(lp).reduce((s, v) => s + Math.exp(v) * (20 / 4000), 0);
    expect(mass).toBeCloseTo(1, 4);
    // The sampler follows the same density: mean 0, variance w^2/12 + pi^2/(3 beta^2).
    const s = base.sample(200_000, 1, makeRng(1));
    const m = s.reduce((a, v) => a + v, 0) / s.length;
    const v = s.reduce((a, x) => a + (x - m) ** 2, 0) / s.length;
    expect(Math.abs(m)).toBeLessThan(0.02);
    expect(v).toBeCloseTo(9 / 12 + Math.PI ** 2 / 12, 1);
    const flow = new HamiltonianFlow({ ...HAMILTONIAN_FLOW_DEFAULTS, dim: 2, hidden: 16, base: 'soft-uniform' }, 1);
    const ll = await logLikelihoods(flow, eightGaussians.sample(100, makeRng(1)), { k: 4, bound: 'iwae', rng: makeRng(1) });
    expect(Array.from(ll).every(Number.isFinite)).toBe(true);
    flow.dispose();
  });

  it('the learned mixture base is a normalised mixture, samples from itself, trains and saves its parameters', async () => {
    const base = makeBase('mixture', { components: 3, dim: 2, rng: makeRng(4) });
    const [means, logScales, logits] = base.variables().map((v) => v.variable);
    means.assign(tf.tensor2d([-2, 0, 1, 1, 0.5, -1.5], [3, 2]));
    logScales.assign(tf.tensor2d([-0.5, 0, 0.3, -0.2, 0, 0.4], [3, 2]));
    logits.assign(tf.tensor1d([0, 1, -0.5]));
    // Against a hand-written mixture at a few points.
    const pts = [0.3, -0.7, -2, 0.1, 1.5, 2];
    const got = tf.tidy(() => base.logProb(tf.tensor2d(pts, [3, 2])).dataSync());
    const mu = [[-2, 0], [1, 1], [0.5, -1.5]], ls = [[-0.5, 0], [0.3, -0.2], [0, 0.4]], lg = [0, 1, -0.5];
    // The mixture written out in float64: log sum_k w_k prod_j N(x_j; mu_kj, sigma_kj).
    const logDensity = (x: number[], M = mu, L = ls, G = lg) => {
      const z = G.reduce((s, v) => s + Math.exp(v), 0);
      return Math.log(M.reduce((s, m, k) => {
        const g = [0, 1].reduce((p, j) => p * Math.exp(-0.5 * ((x[j] - m[j]) / Math.exp(L[k][j])) ** 2) / (Math.sqrt(2 * Math.PI) * Math.exp(L[k][j])), 1);
        return s + (Math.exp(G[k]) / z) * g;
      }, 0));
    };
    for (let i = 0; i < 3; i++) expect(got[i]).toBeCloseTo(logDensity(pts.slice(2 * i, 2 * i + 2)), 4);
    // First-order gradients (the op's own softmax gradient, the matrix-product form) against central differences.
    const fd = (f: (d: number) => number) => (f(1e-4) - f(-1e-4)) / 2e-4;
    // A weighted sum, so a gradient that ignored its upstream dy would show.
    const weights = [1, 2, -0.5];
    const weighted = (t: tf.Tensor1D) => tf.sum(tf.mul(t, tf.tensor1d(weights))) as tf.Scalar;
    const total = (M = mu, L = ls, G = lg, q = pts) => [0, 1, 2].reduce((s, i) => s + weights[i] * logDensity(q.slice(2 * i, 2 * i + 2), M, L, G), 0);
    const gx = tf.tidy(() => tf.grad((t: tf.Tensor) => weighted(base.logProb(t as tf.Tensor2D)))(tf.tensor2d(pts, [3, 2])).dataSync());
    for (let i = 0; i < 6; i++) {
      expect(gx[i]).toBeCloseTo(fd((d) => total(mu, ls, lg, pts.map((v, j) => (j === i ? v + d : v)))), 3);
    }
    const own = tf.variableGrads(() => weighted(base.logProb(tf.tensor2d(pts, [3, 2]))), [means, logScales, logits]).grads;
    const [gMu, gLs, gLg] = [means, logScales, logits].map((v) => own[v.name].dataSync());
    const bump = (a: number[][], k: number, j: number, d: number) => a.map((r, kk) => r.map((v, jj) => (kk === k && jj === j ? v + d : v)));
    for (let k = 0; k < 3; k++) {
      for (let j = 0; j < 2; j++) {
        expect(gMu[2 * k + j]).toBeCloseTo(fd((d) => total(bump(mu, k, j, d))), 3);
        expect(gLs[2 * k + j]).toBeCloseTo(fd((d) => total(mu, bump(ls, k, j, d))), 3);
      }
      expect(gLg[k]).toBeCloseTo(fd((d) => total(mu, ls, lg.map((v, kk) => (kk === k ? v + d : v)))), 3);
    }
    Object.values(own).forEach((g) => g.dispose());
    // Normalised: a Riemann sum over the plane.
    const n = 240, lo = -8, h = 16 / n;
    const grid = Array.from({ length: n * n }, (_, i) => [lo + ((i % n) + 0.5) * h, lo + (Math.floor(i / n) + 0.5) * h]).flat();
    const lp = tf.tidy(() => base.logProb(tf.tensor2d(grid, [n * n, 2])).dataSync());
    expect(Array.from(lp).reduce((s, v) => s + Math.exp(v) * h * h, 0)).toBeCloseTo(1, 3);
    // The sampler draws from the same mixture: its mean is the weighted mean of the means.
    const s = base.sample(100_000, 2, makeRng(1));
    const w = lg.map((v) => Math.exp(v) / lg.reduce((s, u) => s + Math.exp(u), 0));
    for (const j of [0, 1]) {
      const m = s.filter((_, i) => i % 2 === j).reduce((a, v) => a + v, 0) / 100_000;
      expect(m).toBeCloseTo(w.reduce((a, wk, k) => a + wk * mu[k][j], 0), 1);
    }
    expect(() => base.logProb(tf.zeros([2, 3]) as tf.Tensor2D)).toThrow(/built for 2 coordinates/);
    base.dispose();

    // In a flow: its parameters train (they get gradients) and travel with the saved weights.
    const flow = new HamiltonianFlow({ ...HAMILTONIAN_FLOW_DEFAULTS, dim: 2, hidden: 16, base: 'mixture', baseComponents: 4 }, 1);
    const names = flow.variables().map((v) => v.name);
    expect(names).toEqual(expect.arrayContaining(['base/means', 'base/log_scales', 'base/logits']));
    const x = tf.tensor2d(eightGaussians.sample(64, makeRng(2)), [64, 2]);
    const baseVars = flow.base.variables().map((v) => v.variable);
    const { grads } = tf.variableGrads(() => flow.objective(x, makeRng(3), []).nll, baseVars);
    for (const v of baseVars) expect(tf.tidy(() => tf.sum(tf.abs(grads[v.name])).dataSync()[0])).toBeGreaterThan(0);
    Object.values(grads).forEach((g) => g.dispose());
    const saved = await exportWeights(flow.variables());
    const copy = new HamiltonianFlow({ ...HAMILTONIAN_FLOW_DEFAULTS, dim: 2, hidden: 16, base: 'mixture', baseComponents: 4 }, 9);
    importWeights(copy.variables(), saved);
    const [a, b] = [flow, copy].map((f) => tf.tidy(() => f.base.logProb(tf.tensor2d([0.1, 0.2, 0.3, 0.4], [1, 4])).dataSync()[0]));
    expect(b).toBeCloseTo(a, 6);
    x.dispose();
    flow.dispose();
    copy.dispose();
  });

  it('samples and trajectories: frame 0 is the base, the last frame holds the samples', async () => {
    const flow = smallFlow(2);
    const t = await sampleTrajectories(flow, 50, makeRng(6));
    expect(t.shape).toEqual([1 + 2 * 2, 50, 4]);
    const base = flow.base.sample(50, 4, makeRng(6));
    for (let i = 0; i < 200; i++) expect(t.values[i]).toBeCloseTo(base[i], 6);
    const samples = tf.tidy(() => flow.sample(50, makeRng(6)).dataSync());
    const last = t.values.subarray(4 * 50 * 4);
    for (let i = 0; i < 50; i++) {
      expect(samples[2 * i]).toBeCloseTo(last[4 * i], 5);
      expect(samples[2 * i + 1]).toBeCloseTo(last[4 * i + 1], 5);
    }
    flow.dispose();
  });
});

describe('RealNVP baseline', () => {
  it('has about as many parameters as the Hamiltonian flow', () => {
    const flow = new HamiltonianFlow({ ...HAMILTONIAN_FLOW_DEFAULTS, dim: 2 }, 1);
    const nvp = new RealNvp({ ...REALNVP_DEFAULTS, dim: 2 }, 1);
    const [a, b] = [countParameters(flow.variables()), countParameters(nvp.variables())];
    expect(Math.abs(a - b) / a).toBeLessThan(0.02);
    flow.dispose();
    nvp.dispose();
  });

  it('its log-likelihood is the change of variables: log N(z) + log|det dz/dx| (autodiff Jacobian)', () => {
    const nvp = new RealNvp({ dim: 2, layers: 4, hidden: 16 }, 5);
    // Push the couplings away from the identity so the test sees real scales and shifts.
    for (const v of nvp.variables()) v.variable.assign(tf.mul(v.variable, 3));
    const pts = rotationSymmetric.sample(6, makeRng(2));
    for (let i = 0; i < 6; i++) {
      tf.tidy(() => {
        const x = tf.tensor2d([pts[2 * i], pts[2 * i + 1]], [1, 2]);
        const ll = nvp.logWeights(x).dataSync()[0];
        const z = (v: tf.Tensor) => nvp.normalize(v as tf.Tensor2D).z;
        const rows = [0, 1].map((k) => tf.grad((v: tf.Tensor) => tf.sum(tf.slice(z(v), [0, k], [1, 1])))(x).dataSync());
        const logDet = Math.log(Math.abs(rows[0][0] * rows[1][1] - rows[0][1] * rows[1][0]));
        const zz = z(x).dataSync();
        const logN = -0.5 * (zz[0] ** 2 + zz[1] ** 2) - Math.log(2 * Math.PI);
        expect(ll).toBeCloseTo(logN + logDet, 3);
        expect(Math.abs(logDet)).toBeGreaterThan(0.01);
      });
    }
    nvp.dispose();
  });

  it('sampling inverts the normalising direction', () => {
    const nvp = new RealNvp({ dim: 2, layers: 4, hidden: 16 }, 5);
    for (const v of nvp.variables()) v.variable.assign(tf.mul(v.variable, 3));
    tf.tidy(() => {
      const traj = nvp.trajectory(100, makeRng(1));
      const x = tf.squeeze(tf.slice(traj, [4, 0, 0], [1, -1, -1])) as tf.Tensor2D;
      const z0 = tf.squeeze(tf.slice(traj, [0, 0, 0], [1, -1, -1]));
      const back = nvp.normalize(x).z;
      expect(tf.max(tf.abs(tf.sub(back, z0))).dataSync()[0]).toBeLessThan(1e-4);
    });
    nvp.dispose();
  });
});

describe('weights as JSON', () => {
  it('round-trips: a model loaded into a differently seeded twin gives identical bounds', async () => {
    const a = smallFlow(1);
    const b = smallFlow(2);
    const x = eightGaussians.sample(64, makeRng(1));
    const before = await logLikelihoods(b, x, { k: 3, bound: 'iwae', rng: makeRng(9) });
    const saved = JSON.parse(JSON.stringify(await exportWeights(a.variables())));
    importWeights(b.variables(), saved);
    const la = await logLikelihoods(a, x, { k: 3, bound: 'iwae', rng: makeRng(9) });
    const lb = await logLikelihoods(b, x, { k: 3, bound: 'iwae', rng: makeRng(9) });
    expect(Array.from(lb)).toEqual(Array.from(la));
    expect(Array.from(before)).not.toEqual(Array.from(la));
    a.dispose();
    b.dispose();
  });

  it('rejects files that do not fit, before touching any weight', async () => {
    const m = smallFlow(1);
    const good = await exportWeights(m.variables());
    const snapshot = JSON.stringify(await exportWeights(m.variables()));
    const cases: [unknown, RegExp][] = [
      [{ weights: [] }, /expected a list/],
      [good.slice(1), /"H1\/K\/dense0\/w" is missing/],
      [[...good, { name: 'extra', shape: [1], values: [0] }], /unknown entries extra/],
      [[{ ...good[0], shape: [3, 32] }, ...good.slice(1)], /shape \[3,32\] does not match the model's \[2,32\]/],
      [[{ ...good[0], values: good[0].values.slice(1) }, ...good.slice(1)], /63 values for 64 entries/],
      [[{ ...good[0], values: good[0].values.map(() => 'x') }, ...good.slice(1)], /values must be finite numbers/],
      [[...good.slice(0, -1), { ...good[good.length - 1], values: [null] }], /values must be finite numbers/],
      [[good[0], good[0], ...good.slice(1)], /appears twice/],
      [[null], /expected an object/],
    ];
    for (const [bad, message] of cases) expect(() => importWeights(m.variables(), bad)).toThrow(message);
    expect(JSON.stringify(await exportWeights(m.variables()))).toBe(snapshot);
    m.dispose();
  });
});
