import { describe, expect, it } from 'vitest';
import { expand, jacobian, monomialCount, monomials } from '../../../main/core/metrics/polynomial';
import { makeRng } from '../../../main/core/random';

describe('polynomial features', () => {
  it("lists monomials in scikit-learn's order, without the bias", () => {
    expect(monomials(2, 2)).toEqual([[0], [1], [0, 0], [0, 1], [1, 1]]);
    expect(monomials(3, 2).slice(3)).toEqual([[0, 0], [0, 1], [0, 2], [1, 1], [1, 2], [2, 2]]);
  });

  it('counts them without listing them', () => {
    for (const [d, k] of [[1, 5], [2, 3], [4, 5], [6, 2]]) expect(monomialCount(d, k)).toBe(monomials(d, k).length);
  });

  it('expands rows', () => {
    const x = Float64Array.from([2, 3, -1, 0.5]);
    expect(Array.from(expand(x, 2, 2, monomials(2, 2)))).toEqual([2, 3, 4, 6, 9, -1, 0.5, 1, -0.5, 0.25]);
  });

  it('differentiates W phi(x) exactly (central differences agree to 1e-7)', () => {
    const rng = makeRng(3);
    const terms = monomials(3, 4);
    const w = Float64Array.from({ length: 2 * terms.length }, () => rng() - 0.5);
    const x = [0.3, -0.7, 1.1];
    const f = (p: number[]) => {
      const phi = expand(Float64Array.from(p), 1, 3, terms);
      return [0, 1].map((o) => phi.reduce((s, v, t) => s + w[o * terms.length + t] * v, 0));
    };
    const J = jacobian(x, terms, w, 2);
    const h = 1e-5;
    for (let v = 0; v < 3; v++) {
      const up = x.slice();
      const down = x.slice();
      up[v] += h;
      down[v] -= h;
      for (let o = 0; o < 2; o++) expect(J[o * 3 + v]).toBeCloseTo((f(up)[o] - f(down)[o]) / (2 * h), 7);
    }
  });

  it('drops weights within the tolerance', () => {
    const terms = monomials(1, 2);
    expect(Array.from(jacobian([2], terms, Float64Array.from([1e-4, 1]), 1, 1e-3))).toEqual([4]);
  });
});
