import { describe, expect, it } from 'vitest';
import { fitLasso, folds, lassoCv, score, type Matrix } from '../../../main/core/metrics/lasso';
import { makeRng, gaussian } from '../../../main/core/random';

// Centred, orthogonal columns with X^T X / n = I: the Lasso solution is the least-squares one soft-thresholded by alpha.
const X: Matrix = { data: Float64Array.from([1, 1, 1, -1, -1, 1, -1, -1]), rows: 4, cols: 2 };
const yOf = (w: number[], b: number): Matrix => ({ data: Float64Array.from([0, 1, 2, 3].map((r) => b + w[0] * X.data[r * 2] + w[1] * X.data[r * 2 + 1])), rows: 4, cols: 1 });

describe('Lasso', () => {
  it('soft-thresholds an orthonormal design, with the intercept unpenalised', () => {
    const m = fitLasso(X, yOf([2, 0.3], 5), 0.5);
    expect(m.weights[0]).toBeCloseTo(1.5, 10);
    expect(m.weights[1]).toBe(0);
    expect(m.intercepts[0]).toBeCloseTo(5, 10);
  });

  it('is least squares at alpha 0 and fits each output on its own', () => {
    const rng = makeRng(1);
    const n = 200;
    const x = Float64Array.from({ length: n * 3 }, () => gaussian(rng));
    const Y: Matrix = { data: new Float64Array(n * 2), rows: n, cols: 2 };
    for (let r = 0; r < n; r++) {
      Y.data[r * 2] = 1 + 2 * x[r * 3] - x[r * 3 + 2];
      Y.data[r * 2 + 1] = -3 + 0.5 * x[r * 3 + 1];
    }
    const m = fitLasso({ data: x, rows: n, cols: 3 }, Y, 0, { tol: 1e-12, maxIter: 10000 });
    [2, 0, -1, 0, 0.5, 0].forEach((w, i) => expect(m.weights[i]).toBeCloseTo(w, 8));
    expect(m.intercepts[0]).toBeCloseTo(1, 8);
    expect(m.intercepts[1]).toBeCloseTo(-3, 8);
    expect(score(m, { data: x, rows: n, cols: 3 }, Y, 'r2')).toBeCloseTo(1, 10);
  });

  it('splits folds in order, the first ones longer', () => {
    expect(folds(5, 2)).toEqual([[0, 1, 2], [3, 4]]);
  });

  it('picks the penalty that predicts held-out rows best', () => {
    // Signal in one feature, noise in 30 others: a large alpha loses the signal, a tiny one fits the noise.
    const rng = makeRng(2);
    const n = 60;
    const f = 31;
    const x = Float64Array.from({ length: n * f }, () => gaussian(rng));
    const Y: Matrix = { data: Float64Array.from({ length: n }, (_, r) => x[r * f] + 0.5 * gaussian(rng)), rows: n, cols: 1 };
    const m = lassoCv({ data: x, rows: n, cols: f }, Y, [1e-4, 0.1, 3], 2);
    expect(m.alpha).toBe(0.1);
  });
});
