import { describe, expect, it } from 'vitest';
import { gecoConstraint, gecoUpdate, initialGeco, type GecoOptions } from '../../../main/core/training/geco';

const RS: GecoOptions = { alpha: 0.99, tolerance: 3.3e-2, lambdaInit: 1, lambdaStep: 0.1 };

describe('GECO', () => {
  it('constrains the mean squared error to tolerance^2', () => {
    expect(gecoConstraint(RS.tolerance ** 2, RS)).toBeCloseTo(0, 15);
    expect(gecoConstraint(0.01, RS)).toBeCloseTo(0.01 - 0.033 ** 2, 15);
  });

  it('starts the moving average at the first constraint, then averages with alpha', () => {
    let s = initialGeco(RS);
    expect(s).toEqual({ lambda: 1, cMa: null });
    s = gecoUpdate(s, 0.02, RS);
    const c1 = 0.02 - 0.033 ** 2;
    expect(s.cMa).toBeCloseTo(c1, 12);
    expect(s.lambda).toBeCloseTo(Math.exp(0.1 * c1), 12);
    s = gecoUpdate(s, 0.0, RS);
    const c2 = 0.99 * c1 + 0.01 * (0 - 0.033 ** 2);
    expect(s.cMa).toBeCloseTo(c2, 12);
    expect(s.lambda).toBeCloseTo(Math.exp(0.1 * c1) * Math.exp(0.1 * c2), 12);
  });

  it('raises lambda while reconstruction is worse than the tolerance and lowers it once better', () => {
    const fast = { ...RS, alpha: 0, lambdaStep: 100 };
    let s = initialGeco(fast);
    for (let i = 0; i < 5; i++) s = gecoUpdate(s, 0.01, fast);
    expect(s.lambda).toBeGreaterThan(1);
    const high = s.lambda;
    for (let i = 0; i < 5; i++) s = gecoUpdate(s, 1e-4, fast);
    expect(s.lambda).toBeLessThan(high);
  });

  it('clamps lambda', () => {
    const wild = { ...RS, alpha: 0, lambdaStep: 1e6, lambdaMax: 50, lambdaMin: 0.5 };
    expect(gecoUpdate(initialGeco(wild), 1, wild).lambda).toBe(50);
    expect(gecoUpdate(initialGeco(wild), 0, wild).lambda).toBe(0.5);
  });
});
