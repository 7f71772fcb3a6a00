// SyMetric on latents whose relation to the true phase space is known: the identity and symplectic maps score 1,
// a map that is not symplectic and a latent unrelated to the states score 0.
import { describe, expect, it } from 'vitest';
import { symetric } from '../../../main/core/metrics/symetric';
import type { Matrix } from '../../../main/core/metrics/lasso';

/** `trajectories` orbits of two independent unit-frequency oscillators, 60 points each: rows (q1, q2, p1, p2). */
function orbits(trajectories: number, steps = 60): Matrix {
  const data = new Float64Array(trajectories * steps * 4);
  for (let t = 0; t < trajectories; t++) {
    const [a1, a2, f1, f2] = [0.6 + 0.3 * t, 1.4 - 0.2 * t, 0.7 * t, 1.9 * t + 0.4];
    for (let s = 0; s < steps; s++) {
      const r = (t * steps + s) * 4;
      const th1 = 0.11 * s + f1;
      const th2 = 0.17 * s + f2;
      data.set([a1 * Math.cos(th1), a2 * Math.cos(th2), -a1 * Math.sin(th1), -a2 * Math.sin(th2)], r);
    }
  }
  return { data, rows: trajectories * steps, cols: 4 };
}

const map = (m: Matrix, f: (row: Float64Array) => number[]): Matrix => {
  const cols = f(m.data.subarray(0, m.cols)).length;
  const data = new Float64Array(m.rows * cols);
  for (let r = 0; r < m.rows; r++) data.set(f(m.data.subarray(r * m.cols, (r + 1) * m.cols)), r * cols);
  return { data, rows: m.rows, cols };
};

describe('SyMetric', () => {
  const truth = orbits(5);

  it('scores the true states themselves 1 at order 1', () => {
    const r = symetric(truth, truth, 5);
    expect(r).toMatchObject({ symetric: 1, order: 1 });
    expect(r.rsq).toBeGreaterThan(0.999);
    expect(r.sym).toBeLessThan(1e-3);
  });

  it('scores 1 for a latent that is a symplectic rotation of the states', () => {
    const c = Math.cos(0.8);
    const s = Math.sin(0.8);
    // (q1, p1) rotated: area-preserving in that plane, (q2, p2) kept.
    const latent = map(truth, ([q1, q2, p1, p2]) => [c * q1 + s * p1, q2, -s * q1 + c * p1, p2]);
    const r = symetric(truth, latent, 5);
    expect(r.symetric).toBe(1);
    expect(r.sym).toBeLessThan(0.05);
  });

  it('climbs to the polynomial order a nonlinear canonical latent needs', () => {
    // The latent is a shear p -> p + q^2 of one degree of freedom (a canonical map): the states are quadratic in it.
    const one = map(truth, ([q1, , p1]) => [q1, p1]);
    const latent = map(one, ([q, p]) => [q, p + q * q]);
    const r = symetric(one, latent, 5);
    expect(r.order).toBe(2);
    expect(r.rsq).toBeGreaterThan(0.99);
    expect(r.symetric).toBe(1);
  });

  it('scores 0 for a latent that explains the states through a map that is not symplectic', () => {
    // p1 picks up q2 without p2 picking up q1: a shear that is no gradient, so the symplectic form is not kept.
    const latent = map(truth, ([q1, q2, p1, p2]) => [q1, q2, p1 + 2 * q2, p2]);
    const r = symetric(truth, latent, 5);
    expect(r.rsq).toBeGreaterThan(0.99);
    expect(r.sym).toBeGreaterThan(0.05);
    expect(r.symetric).toBe(0);
  });

  it('scores 0 for a latent unrelated to the states', () => {
    const other = orbits(5, 60);
    const shuffled = map(other, ([a, b, c, d]) => [Math.sin(7 * a + 3 * d), Math.cos(5 * b * c), Math.sin(11 * c), Math.cos(13 * d + a)]);
    const reversed: Matrix = { data: new Float64Array(shuffled.data.length), rows: shuffled.rows, cols: 4 };
    for (let r = 0; r < shuffled.rows; r++) reversed.data.set(shuffled.data.subarray((shuffled.rows - 1 - r) * 4, (shuffled.rows - r) * 4), r * 4);
    const r = symetric(truth, reversed, 5, { maxOrder: 2 });
    expect(r.rsq).toBeLessThan(0.9);
    expect(r.symetric).toBe(0);
  });

  it('refuses mismatched inputs in words', () => {
    expect(() => symetric(truth, map(truth, ([a, b]) => [a, b]), 7)).toThrow(/equal trajectories/);
    expect(() => symetric(truth, { data: new Float64Array(12), rows: 4, cols: 3 }, 5)).toThrow(/one latent state per true state/);
  });
});
