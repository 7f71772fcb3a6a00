import { describe, expect, it } from 'vitest';
import {
  DENSITY_NAMES,
  checkerboard,
  eightGaussians,
  estimateEntropy,
  getDensity,
  gridPoints,
  logHistogram,
  multimodal,
  rings,
  rotationSymmetric,
  squareGrid,
  targetLogDensityGrid,
  type Density,
} from '../../../main/core/densities';
import { logBesselI0 } from '../../../main/core/densities/bessel';
import { makeRng } from '../../../main/core/random';

/** Integral of exp(logProb) over a fine grid covering the support. */
function gridMass(d: Density, extent: number, n: number): number {
  const g = squareGrid(extent, n);
  const lp = d.logProb!(gridPoints(g));
  const cell = ((2 * extent) / n) ** 2;
  let mass = 0;
  for (const v of lp) mass += Math.exp(v) * cell;
  return mass;
}

describe('target densities', () => {
  it.each(DENSITY_NAMES)('%s samples are finite, 2D and reproducible from a seed', (name) => {
    const d = getDensity(name);
    const a = d.sample(500, makeRng(7));
    const b = d.sample(500, makeRng(7));
    const c = d.sample(500, makeRng(8));
    expect(d.dim).toBe(2);
    expect(a.length).toBe(1000);
    expect(Array.from(a).every(Number.isFinite)).toBe(true);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    // Nearly all the mass sits inside the advertised view box.
    const inside = Array.from(a).filter((v) => Math.abs(v) <= d.extent + 0.5).length;
    expect(inside / a.length).toBeGreaterThan(0.99);
  });

  it('rejects an unknown name with the list of known ones', () => {
    expect(() => getDensity('9gaussians')).toThrow(/unknown density "9gaussians".*8gaussians/);
  });

  const named = (ds: Density[]): [string, Density][] => ds.map((d) => [d.name, d]);

  it.each(named([eightGaussians, checkerboard, rings, rotationSymmetric, multimodal]))('%s exact density integrates to 1', (_, d) => {
    expect(gridMass(d, 6, 600)).toBeCloseTo(1, 2);
  });

  it.each(named([eightGaussians, rings, rotationSymmetric, multimodal]))(
    '%s sampler agrees with its log-density (cell probabilities on a coarse grid)',
    (_, d) => {
      const g = squareGrid(4.5, 12);
      const n = 200_000;
      const hist = logHistogram(d.sample(n, makeRng(3)), g);
      // Exact cell probabilities by a fine sub-grid inside each coarse cell.
      const fine = squareGrid(4.5, 12 * 8);
      const lp = d.logProb!(gridPoints(fine));
      const fineCell = (9 / 96) ** 2;
      const exact = new Float64Array(144);
      for (let j = 0; j < 96; j++) for (let i = 0; i < 96; i++) exact[Math.floor(j / 8) * 12 + Math.floor(i / 8)] += Math.exp(lp[j * 96 + i]) * fineCell;
      const cell = (9 / 12) ** 2;
      let worst = 0;
      for (let c = 0; c < 144; c++) worst = Math.max(worst, Math.abs(Math.exp(hist[c]) * cell - exact[c]));
      expect(worst).toBeLessThan(0.01);
    },
  );

  it('8 gaussians: entropy close to ln 8 + ln(2 pi e sigma^2) (the modes barely overlap)', () => {
    const sigma2 = (0.5 / 1.414) ** 2;
    const separated = Math.log(8) + Math.log(2 * Math.PI * Math.E * sigma2);
    const { entropy, stderr } = estimateEntropy(eightGaussians, 100_000, makeRng(1));
    expect(stderr).toBeLessThan(0.01);
    expect(Math.abs(entropy - separated)).toBeLessThan(4 * stderr + 0.005);
  });

  it('checkerboard: every sample lies in a black cell, entropy is ln 32, white cells have -Infinity', () => {
    const lp = checkerboard.logProb!(checkerboard.sample(10_000, makeRng(2)));
    expect(Array.from(lp).every((v) => Math.abs(v + Math.log(32)) < 1e-12)).toBe(true);
    expect(checkerboard.entropy).toBeCloseTo(3.4657, 4);
    // (1, -1) is in cell (0, -1): odd, so outside; (1, 1) in cell (0, 0): inside; outside the box: -Infinity.
    expect(Array.from(checkerboard.logProb!(Float32Array.from([1, -1, 1, 1, 5, 0])))).toEqual([-Infinity, -Math.log(32), -Infinity]);
  });

  it('the rotation-symmetric density is invariant under rotations', () => {
    const pts = rotationSymmetric.sample(200, makeRng(4));
    const rotated = new Float32Array(pts.length);
    const [c, s] = [Math.cos(0.7), Math.sin(0.7)];
    for (let i = 0; i < 200; i++) {
      rotated[2 * i] = c * pts[2 * i] - s * pts[2 * i + 1];
      rotated[2 * i + 1] = s * pts[2 * i] + c * pts[2 * i + 1];
    }
    const a = rotationSymmetric.logProb!(pts);
    const b = rotationSymmetric.logProb!(rotated);
    for (let i = 0; i < 200; i++) expect(b[i]).toBeCloseTo(a[i], 4);
  });

  it('log I0 matches a direct quadrature of (1/pi) int_0^pi exp(z cos t) dt, small and large z', () => {
    for (const z of [0, 0.3, 2, 3.7, 3.8, 10, 80, 1500]) {
      const m = 20_000;
      let max = -Infinity;
      const terms: number[] = [];
      for (let k = 0; k < m; k++) {
        const v = z * Math.cos((Math.PI * (k + 0.5)) / m);
        terms.push(v);
        max = Math.max(max, v);
      }
      const direct = max + Math.log(terms.reduce((s, v) => s + Math.exp(v - max), 0) / m);
      expect(Math.abs(logBesselI0(z) - direct)).toBeLessThan(2e-6 * Math.max(1, Math.abs(direct)));
    }
  });

  it('target heatmap: exact where known, else a normalised histogram of samples', () => {
    const g = squareGrid(4, 16);
    const exact = targetLogDensityGrid(eightGaussians, g, makeRng(1));
    expect(exact.length).toBe(256);
    const moons = targetLogDensityGrid(getDensity('moons'), g, makeRng(1), 50_000);
    const mass = Array.from(moons).reduce((s, v) => s + Math.exp(v) * (8 / 16) ** 2, 0);
    expect(mass).toBeGreaterThan(0.98);
    expect(mass).toBeLessThanOrEqual(1 + 1e-6);
  });
});
