// The flow's numerics: exact inverse, unit Jacobian determinant, symplecticity, second-order energy error, and
// the hand-written MLP input gradient against autodiff and finite differences, and its weight gradient against
// nested autodiff.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../main/engine/backends';
import { createHamiltonian, dHdq, energy, potentialEnergy, type SeparableHamiltonian } from '../../../main/core/models/flows/hamiltonian';
import { flowForward, flowInverse, leapfrog, type FlowBlock } from '../../../main/core/models/flows/leapfrog';
import { createMlp, mlpVariables, scalarMlp, scalarMlpInputGrad, softplus } from '../../../main/core/nn/mlp';
import { gaussian, makeRng } from '../../../main/core/random';

beforeAll(async () => {
  await initBackend('wasm');
});

function randomStates(n: number, d: number, seed: number): { q: tf.Tensor2D; p: tf.Tensor2D } {
  const rng = makeRng(seed);
  const draw = () => tf.tensor2d(Array.from({ length: n * d }, () => 1.5 * gaussian(rng)), [n, d]);
  return { q: draw(), p: draw() };
}

function hamiltonians(count: number, d: number, seed: number): SeparableHamiltonian[] {
  const rng = makeRng(seed);
  return Array.from({ length: count }, (_, i) => createHamiltonian(`H${i}`, d, 32, rng));
}

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}

/** Jacobian [2d, 2d] of one leapfrog step at a single state, one tf.grad per output coordinate. */
function stepJacobian(h: SeparableHamiltonian, s: number[], dt: number): number[][] {
  const d = s.length / 2;
  const step = (x: tf.Tensor): tf.Tensor => {
    const x2 = tf.reshape(x, [1, 2 * d]) as tf.Tensor2D;
    const out = leapfrog(h, { q: tf.slice(x2, [0, 0], [1, d]), p: tf.slice(x2, [0, d], [1, d]) }, dt, 1);
    return tf.reshape(tf.concat([out.q, out.p], 1), [2 * d]);
  };
  return Array.from({ length: 2 * d }, (_, i) =>
    tf.tidy(() => Array.from(tf.grad((x: tf.Tensor) => tf.sum(tf.slice(step(x), [i], [1])))(tf.tensor1d(s)).dataSync())),
  );
}

function det(m: number[][]): number {
  // Gaussian elimination with partial pivoting, in float64.
  const a = m.map((r) => [...r]);
  const n = a.length;
  let out = 1;
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) piv = r;
    if (piv !== c) {
      [a[piv], a[c]] = [a[c], a[piv]];
      out = -out;
    }
    out *= a[c][c];
    for (let r = c + 1; r < n; r++) {
      const f = a[r][c] / a[c][c];
      for (let k = c; k < n; k++) a[r][k] -= f * a[c][k];
    }
  }
  return out;
}

describe('leapfrog flow', () => {
  it('the inverse undoes the flow to 1e-5 (3 Hamiltonians x 3 steps, 2D and 3D)', () => {
    for (const d of [2, 3]) {
      const hs = hamiltonians(3, d, 11 + d);
      const blocks: FlowBlock[] = hs.map((hamiltonian, i) => ({ hamiltonian, dt: 0.2 + 0.1 * i, steps: 3 }));
      tf.tidy(() => {
        const s = randomStates(256, d, 5);
        const out = flowForward(blocks, s);
        // The flow moves points by far more than the tolerance, so the check is not vacuous.
        expect(maxAbsDiff(out.q, s.q)).toBeGreaterThan(0.05);
        const back = flowInverse(blocks, out);
        expect(maxAbsDiff(back.q, s.q)).toBeLessThan(1e-5);
        expect(maxAbsDiff(back.p, s.p)).toBeLessThan(1e-5);
      });
    }
  });

  it('one leapfrog step has Jacobian determinant 1 to 1e-5 and is symplectic (J^T Omega J = Omega)', () => {
    const [h] = hamiltonians(1, 2, 3);
    const rng = makeRng(9);
    for (let trial = 0; trial < 5; trial++) {
      const s = Array.from({ length: 4 }, () => 1.5 * gaussian(rng));
      const J = stepJacobian(h, s, 0.4);
      // Not the identity: the step shears phase space.
      expect(Math.max(Math.abs(J[0][2]), Math.abs(J[2][0]), Math.abs(J[0][0] - 1))).toBeGreaterThan(1e-3);
      expect(Math.abs(det(J) - 1)).toBeLessThan(1e-5);
      // Omega = [[0, I], [-I, 0]]; (J^T Omega J)_{ab} = sum_i J_{i a} J_{i+d, b} - J_{i+d, a} J_{i b}.
      for (let a = 0; a < 4; a++) {
        for (let b = 0; b < 4; b++) {
          let v = 0;
          for (let i = 0; i < 2; i++) v += J[i][a] * J[i + 2][b] - J[i + 2][a] * J[i][b];
          const omega = b === a + 2 ? 1 : a === b + 2 ? -1 : 0;
          expect(Math.abs(v - omega)).toBeLessThan(1e-5);
        }
      }
    }
  });

  it('conserves energy to second order in dt, with no drift over many steps', () => {
    const [h] = hamiltonians(1, 2, 21);
    // Steepen the random energies so the integration error stands well above float32 rounding.
    for (const mlp of [h.kinetic, h.potential]) mlp.layers[2].w.assign(tf.mul(mlp.layers[2].w, 30));
    const drift = (dt: number, steps: number) =>
      tf.tidy(() => {
        const s = randomStates(64, 2, 8);
        const e0 = energy(h, s.q, s.p);
        let worst = 0;
        let cur = s;
        for (let k = 0; k < steps; k += 10) {
          cur = leapfrog(h, cur, dt, 10);
          worst = Math.max(worst, tf.max(tf.abs(tf.sub(energy(h, cur.q, cur.p), e0))).dataSync()[0]);
        }
        return worst;
      });
    const coarse = drift(0.1, 200);
    const fine = drift(0.05, 400);
    expect(coarse).toBeLessThan(0.05);
    // Halving dt over the same time span divides the error by about 4.
    expect(coarse / fine).toBeGreaterThan(3);
    expect(coarse / fine).toBeLessThan(5.5);
  });

  it('the hand-written MLP input gradient matches tf.grad and finite differences', () => {
    const rng = makeRng(4);
    for (const activation of ['softplus', 'tanh'] as const) {
      const mlp = createMlp('f', [3, 16, 16, 16, 1], activation, rng);
      const x = tf.tensor2d(Array.from({ length: 30 }, () => gaussian(rng)), [10, 3]);
      const manual = scalarMlpInputGrad(mlp, x);
      const auto = tf.grad((z: tf.Tensor) => tf.sum(scalarMlp(mlp, z as tf.Tensor2D)))(x);
      expect(maxAbsDiff(manual, auto)).toBeLessThan(1e-5);
      // Central differences in float32 on coordinate 2 of every row.
      const eps = 1e-2;
      const bump = tf.tensor2d(Array.from({ length: 30 }, (_, i) => (i % 3 === 2 ? eps : 0)), [10, 3]);
      const fd = tf.div(tf.sub(scalarMlp(mlp, tf.add(x, bump)), scalarMlp(mlp, tf.sub(x, bump))), 2 * eps);
      const col = tf.reshape(tf.slice(manual, [0, 2], [-1, 1]), [-1]);
      expect(maxAbsDiff(col, fd)).toBeLessThan(1e-3);
    }
  });

  it('the fast softplus equals log(1 + e^z) with gradient sigmoid(z), also far in the tails', () => {
    const z = tf.tensor1d([-100, -20, -3, -1e-3, 0, 1e-3, 2, 15, 100]);
    const ref = [-100, -20, -3, -1e-3, 0, 1e-3, 2, 15, 100].map((v) => (v > 30 ? v : Math.log1p(Math.exp(v))));
    const got = Array.from(softplus(z).dataSync());
    got.forEach((v, i) => expect(Math.abs(v - ref[i])).toBeLessThan(1e-6 * Math.max(1, Math.abs(ref[i]))));
    const g = tf.grad((x: tf.Tensor) => tf.sum(softplus(x)))(z);
    expect(maxAbsDiff(g, tf.sigmoid(z))).toBeLessThan(1e-7);
  });

  it('the leapfrog force has the weight gradient nested autodiff gives (the loss goes through dU/dq)', () => {
    // Issue 16, defect 11: this test only checked that a norm was positive, which a wrong hand-written backward
    // pass passes too. Now every weight and bias gradient of a loss on dU/dq is compared with the same loss built
    // on tf.grad of U (the hand-written input gradient differentiated once, against autodiff differentiated twice).
    for (const potential of [0, 1]) {
      const h = { ...hamiltonians(1, 2, 6)[0], potentialPrior: potential };
      const s = randomStates(8, 2, 1);
      const vars = mlpVariables(h.potential).map((v) => v.variable);
      const weightGrads = (force: (q: tf.Tensor2D) => tf.Tensor2D) =>
        tf.variableGrads(() => tf.sum(tf.mul(tf.square(force(s.q)), tf.reshape(tf.linspace(0.5, 2, 16), [8, 2]))) as tf.Scalar, vars).grads;
      const manual = weightGrads((q) => dHdq(h, q));
      const nested = weightGrads((q) => tf.grad((x: tf.Tensor) => tf.sum(potentialEnergy(h, x as tf.Tensor2D)))(q) as tf.Tensor2D);
      // The output bias does not move dU/dq: neither path has a gradient for it.
      const last = vars[vars.length - 1];
      expect([manual[last.name], nested[last.name]]).toEqual([undefined, undefined]);
      for (const v of vars.slice(0, -1)) {
        const scale = tf.max(tf.abs(nested[v.name])).dataSync()[0];
        expect(scale, v.name).toBeGreaterThan(1e-4);
        expect(maxAbsDiff(manual[v.name], nested[v.name]) / scale, v.name).toBeLessThan(1e-4);
      }
    }
  });
});
