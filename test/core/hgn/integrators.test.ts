import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { energy, type Hamiltonian } from '../../../main/core/models/hgn/hamiltonian';
import { step, trajectory, type State } from '../../../main/core/models/hgn/integrators';
import type { IntegratorName } from '../../../main/core/models/hgn/config';
import { createHgn, disposeHgn } from '../../../main/core/models/hgn/model';
import { initTestBackend } from './backend';
import { tinyConfig } from './tiny';

beforeAll(async () => {
  await initTestBackend();
});

// Mass-spring of docs/science.md (section 2): H = p^2 / (2m) + k q^2 / 2, m = 0.5, k = 2, so omega = 2.
const M = 0.5;
const K = 2;
const OMEGA = Math.sqrt(K / M);
const kinetic = (p: tf.Tensor) => tf.sum(tf.div(tf.square(p), 2 * M), [1, 2, 3]) as tf.Tensor1D;
const potential = (q: tf.Tensor) => tf.sum(tf.mul(tf.square(q), K / 2), [1, 2, 3]) as tf.Tensor1D;
const SPRING_GENERAL: Hamiltonian = { form: 'general', energy: (q, p) => tf.add(kinetic(p), potential(q)) as tf.Tensor1D };
const SPRING_SEPARABLE: Hamiltonian = { form: 'separable', kinetic, potential };

const Q0 = [0.3, -1.2, 0.7, 0.05];
const P0 = [0.4, 0.1, -0.6, 0.9];
const initial = (): State => ({ q: tf.tensor4d(Q0, [2, 1, 1, 2]), p: tf.tensor4d(P0, [2, 1, 1, 2]) });

function exact(t: number): { q: number[]; p: number[] } {
  const c = Math.cos(OMEGA * t);
  const s = Math.sin(OMEGA * t);
  return {
    q: Q0.map((q, i) => q * c + (P0[i] / (M * OMEGA)) * s),
    p: Q0.map((q, i) => -M * OMEGA * q * s + P0[i] * c),
  };
}

function runTo(h: Hamiltonian, method: IntegratorName, dt: number, steps: number): { q: number[]; p: number[] } {
  return tf.tidy(() => {
    const states = trajectory(h, initial(), steps, { method, dt });
    const last = states[states.length - 1];
    return { q: Array.from(last.q.dataSync()), p: Array.from(last.p.dataSync()) };
  });
}

const maxErr = (a: { q: number[]; p: number[] }, b: { q: number[]; p: number[] }) =>
  Math.max(...a.q.map((x, i) => Math.abs(x - b.q[i])), ...a.p.map((x, i) => Math.abs(x - b.p[i])));

describe('latent integrators on the analytic mass-spring H', () => {
  it('leapfrog reproduces the exact leapfrog map of the harmonic oscillator (general and separable forms)', () => {
    const dt = 0.125;
    const steps = 80;
    // Stormer-Verlet on H = p^2/2m + k q^2/2, in doubles.
    const q = [...Q0];
    const p = [...P0];
    for (let n = 0; n < steps; n++) {
      for (let i = 0; i < 4; i++) {
        const ph = p[i] - (dt / 2) * K * q[i];
        q[i] += (dt * ph) / M;
        p[i] = ph - (dt / 2) * K * q[i];
      }
    }
    for (const h of [SPRING_GENERAL, SPRING_SEPARABLE]) {
      expect(maxErr(runTo(h, 'leapfrog', dt, steps), { q, p })).toBeLessThan(1e-5);
    }
  });

  it.each([
    ['euler', 1, 0.02],
    ['leapfrog', 2, 0.1],
    ['rk4', 4, 0.2],
    ['yoshida', 4, 0.2],
  ] as const)('%s converges to the exact solution at order %i', (method, order, dt) => {
    const T = 1.6;
    const e1 = maxErr(runTo(SPRING_GENERAL, method, dt, Math.round(T / dt)), exact(T));
    const e2 = maxErr(runTo(SPRING_GENERAL, method, dt / 2, Math.round((2 * T) / dt)), exact(T));
    const observed = Math.log2(e1 / e2);
    expect(observed).toBeGreaterThan(order - 0.35);
    expect(observed).toBeLessThan(order + 0.5);
    expect(e2).toBeLessThan(0.05);
  });

  it('leapfrog keeps the energy bounded over long rollouts where Euler drifts', () => {
    const H0 = Q0.reduce((acc, q, i) => acc + (P0[i] * P0[i]) / (2 * M) + (K * q * q) / 2, 0);
    const energyAfter = (method: IntegratorName) =>
      tf.tidy(() => {
        const states = trajectory(SPRING_SEPARABLE, initial(), 400, { method, dt: 0.125 });
        return Math.max(...states.map((s) => Math.abs(tf.sum(energy(SPRING_SEPARABLE, s.q, s.p)).dataSync()[0] - H0) / H0));
      });
    expect(energyAfter('leapfrog')).toBeLessThan(0.01);
    expect(energyAfter('yoshida')).toBeLessThan(0.01);
    expect(energyAfter('euler')).toBeGreaterThan(1);
  });
});

describe('time reversal with random weights', () => {
  const reversalError = (form: 'general' | 'separable', method: IntegratorName, iterations: number, dt: number) => {
    const m = createHgn(tinyConfig({ hamiltonianForm: form, seed: 11 }));
    const err = tf.tidy(() => {
      const s0: State = {
        q: tf.randomNormal([3, 2, 2, 2], 0, 1, 'float32', 4),
        p: tf.randomNormal([3, 2, 2, 2], 0, 1, 'float32', 5),
      };
      let s = s0;
      for (let i = 0; i < 10; i++) s = step(m.hamiltonian, s, { method, dt, leapfrogIterations: iterations });
      // Sanity: the rollout actually moved.
      expect(tf.max(tf.abs(tf.sub(s.q, s0.q))).dataSync()[0]).toBeGreaterThan(1e-2);
      for (let i = 0; i < 10; i++) s = step(m.hamiltonian, s, { method, dt: -dt, leapfrogIterations: iterations });
      return Math.max(tf.max(tf.abs(tf.sub(s.q, s0.q))).dataSync()[0], tf.max(tf.abs(tf.sub(s.p, s0.p))).dataSync()[0]);
    });
    disposeHgn(m);
    return err;
  };

  it('leapfrog and Yoshida with -dt undo them with dt for a separable H (to 1e-5)', () => {
    expect(reversalError('separable', 'leapfrog', 0, 0.125)).toBeLessThan(1e-5);
    expect(reversalError('separable', 'yoshida', 0, 0.125)).toBeLessThan(1e-5);
  });

  it('the implicit leapfrog is reversible for a general H (to 1e-5)', () => {
    expect(reversalError('general', 'leapfrog', 12, 0.125)).toBeLessThan(1e-5);
  });

  it('the paper\'s explicit scheme on a general H is reversible only to O(dt^2) per step', () => {
    const coarse = reversalError('general', 'leapfrog', 0, 0.25);
    const fine = reversalError('general', 'leapfrog', 0, 0.125);
    expect(coarse).toBeGreaterThan(1e-4);
    expect(coarse / fine).toBeGreaterThan(2.5);
  });
});
