// Poisson brackets by autodiff: zero for a symmetry, a hand-computed value otherwise, and the learned
// Hamiltonian's bracket (explicit MLP gradients) equal to the fully autodiff one.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../main/engine/backends';
import { expressionGenerator, so2Generator, translationGenerators } from '../../../main/core/models/flows/generators';
import { createHamiltonian, dHdq, energy } from '../../../main/core/models/flows/hamiltonian';
import { bracketWithHamiltonian, poissonBracket, type PhaseFunction } from '../../../main/core/models/flows/poisson';
import { gaussian, makeRng } from '../../../main/core/random';

const N = 64;
let q: tf.Tensor2D;
let p: tf.Tensor2D;

beforeAll(async () => {
  await initBackend('wasm');
  const rng = makeRng(17);
  q = tf.tensor2d(Array.from({ length: 2 * N }, () => 1.3 * gaussian(rng)), [N, 2]);
  p = tf.tensor2d(Array.from({ length: 2 * N }, () => 1.3 * gaussian(rng)), [N, 2]);
});

function col(x: tf.Tensor2D, i: number): tf.Tensor1D {
  return tf.reshape(tf.slice(x, [0, i], [-1, 1]), [-1]);
}
function values(t: tf.Tensor): number[] {
  return Array.from(t.dataSync());
}
function maxAbs(t: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(t)).dataSync()[0]);
}

describe('Poisson brackets', () => {
  const so2 = so2Generator(2);

  it('{g_SO2, H} = 0 for a rotation-invariant H (functions of |q|^2, |p|^2 and q.p)', () => {
    const H: PhaseFunction = (q2, p2) =>
      tf.tidy(() => {
        const r2 = tf.sum(tf.square(q2), 1);
        const k2 = tf.sum(tf.square(p2), 1);
        const qp = tf.sum(tf.mul(q2, p2), 1);
        return tf.add(tf.add(tf.mul(0.5, k2), tf.sin(r2)), tf.mul(0.3, tf.square(qp)));
      });
    const b = poissonBracket(so2.evaluate, H, q, p);
    // The bracket's terms are O(10): cancellation to float32 rounding.
    expect(maxAbs(b)).toBeLessThan(1e-4);
    // ... while a non-invariant one is far from 0.
    const notInvariant: PhaseFunction = (q2, p2) => tf.add(tf.mul(0.5, tf.sum(tf.square(p2), 1)), tf.square(col(q2, 0)));
    expect(maxAbs(poissonBracket(so2.evaluate, notInvariant, q, p))).toBeGreaterThan(0.5);
  });

  it('matches the hand-computed bracket for H = p1^2/2 + 3 q1^2 + q2', () => {
    // dg/dq = (p2, -p1), dg/dp = (-q2, q1); dH/dq = (6 q1, 1), dH/dp = (p1, 0)
    // {g, H} = p2 p1 - (-q2 * 6 q1 + q1 * 1) = p1 p2 + 6 q1 q2 - q1
    const H: PhaseFunction = (q2, p2) =>
      tf.add(tf.add(tf.mul(0.5, tf.square(col(p2, 0))), tf.mul(3, tf.square(col(q2, 0)))), col(q2, 1));
    const got = values(poissonBracket(so2.evaluate, H, q, p));
    const [qv, pv] = [values(q), values(p)];
    for (let i = 0; i < N; i++) {
      const [q1, q2, p1, p2] = [qv[2 * i], qv[2 * i + 1], pv[2 * i], pv[2 * i + 1]];
      expect(got[i]).toBeCloseTo(p1 * p2 + 6 * q1 * q2 - q1, 4);
    }
    // Antisymmetry: {H, g} = -{g, H}.
    const swapped = values(poissonBracket(H, so2.evaluate, q, p));
    swapped.forEach((v, i) => expect(v).toBeCloseTo(-got[i], 5));
  });

  it('the typed expression q1*p2 - q2*p1 generates the same bracket as the built-in SO(2) generator', () => {
    const h = createHamiltonian('H', 2, 32, makeRng(3));
    const typed = expressionGenerator('q1*p2 - q2*p1', 2);
    const a = bracketWithHamiltonian(so2.evaluate, h, q, p);
    const b = bracketWithHamiltonian(typed.evaluate, h, q, p);
    expect(maxAbs(tf.sub(a, b))).toBeLessThan(1e-5);
    expect(maxAbs(a)).toBeGreaterThan(1e-3);
  });

  it('the learned H (with quadratic priors): explicit-gradient bracket = autodiff bracket; translations give -dU/dq', () => {
    const h = createHamiltonian('H', 2, 32, makeRng(5), { kinetic: 0.7, potential: 1.3 });
    const viaMlp = bracketWithHamiltonian(so2.evaluate, h, q, p);
    const viaAutodiff = poissonBracket(so2.evaluate, (q2, p2) => energy(h, q2, p2), q, p);
    expect(maxAbs(tf.sub(viaMlp, viaAutodiff))).toBeLessThan(1e-5);
    const [t1, t2] = translationGenerators(2);
    const force = dHdq(h, q);
    expect(maxAbs(tf.add(bracketWithHamiltonian(t1.evaluate, h, q, p), col(force, 0)))).toBeLessThan(1e-6);
    expect(maxAbs(tf.add(bracketWithHamiltonian(t2.evaluate, h, q, p), col(force, 1)))).toBeLessThan(1e-6);
  });

  it('the constraint E[{g, H}^2] has a finite gradient in the Hamiltonian weights', () => {
    const h = createHamiltonian('H', 2, 32, makeRng(8));
    const vars = [h.kinetic.layers[0].w, h.potential.layers[1].w];
    const { value, grads } = tf.variableGrads(
      () => tf.mean(tf.square(bracketWithHamiltonian(so2.evaluate, h, q, p))) as tf.Scalar,
      vars,
    );
    expect(value.dataSync()[0]).toBeGreaterThan(0);
    for (const v of vars) {
      const n = tf.norm(grads[v.name]).dataSync()[0];
      expect(Number.isFinite(n) && n > 0).toBe(true);
    }
  });
});
