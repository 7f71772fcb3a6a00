// The density fitted to encoded states: its samples stay in the states' subspace, follow a curved set (an annulus)
// where one Gaussian would fill the hole, and come back the same from the same seed.
import { describe, expect, it } from 'vitest';
import { choleskyWithFloor, fitLatentDensity, sampleLatentDensity } from '../../../main/core/models/hgn/latent-density';
import { Matrix } from 'ml-matrix';
import { gaussian, makeRng } from '../../../main/core/random';

/** Points on an annulus of radii [1, 2] in a random 2D plane of R^dim, shifted, with tiny noise off the plane. */
function annulus(count: number, dim: number, seed: number) {
  const rng = makeRng(seed);
  const u = Array.from({ length: dim }, () => gaussian(rng));
  const v0 = Array.from({ length: dim }, () => gaussian(rng));
  const nu = Math.hypot(...u);
  for (let i = 0; i < dim; i++) u[i] /= nu;
  const dot = v0.reduce((s, x, i) => s + x * u[i], 0);
  const v = v0.map((x, i) => x - dot * u[i]);
  const nv = Math.hypot(...v);
  for (let i = 0; i < dim; i++) v[i] /= nv;
  const shift = Array.from({ length: dim }, () => gaussian(rng));
  const x = new Float32Array(count * dim);
  for (let n = 0; n < count; n++) {
    const r = 1 + rng();
    const a = 2 * Math.PI * rng();
    for (let i = 0; i < dim; i++) x[n * dim + i] = shift[i] + r * Math.cos(a) * u[i] + r * Math.sin(a) * v[i] + 1e-3 * gaussian(rng);
  }
  return { x, u, v, shift };
}

function planeCoords(x: Float32Array, n: number, dim: number, u: number[], v: number[], shift: number[]) {
  let off = 0;
  const radii: number[] = [];
  for (let k = 0; k < n; k++) {
    let a = 0;
    let b = 0;
    const d = new Float64Array(dim);
    for (let i = 0; i < dim; i++) d[i] = x[k * dim + i] - shift[i];
    for (let i = 0; i < dim; i++) {
      a += d[i] * u[i];
      b += d[i] * v[i];
    }
    let res = 0;
    for (let i = 0; i < dim; i++) res += (d[i] - a * u[i] - b * v[i]) ** 2;
    off = Math.max(off, Math.sqrt(res));
    radii.push(Math.hypot(a, b));
  }
  return { off, radii };
}

describe('latent density', () => {
  const dim = 32;
  const data = annulus(800, dim, 1);
  const d = fitLatentDensity(data.x, 800, dim, { seed: 2 });

  it('keeps the subspace the states span', () => {
    expect(d.basis.length).toBeLessThanOrEqual(3);
    expect(d.varianceHeld).toBeGreaterThan(0.99);
    const s = sampleLatentDensity(d, 500, 7);
    expect(planeCoords(s, 500, dim, data.u, data.v, data.shift).off).toBeLessThan(0.01);
  });

  it('follows the annulus: few samples fall in its hole, unlike one Gaussian', () => {
    const s = sampleLatentDensity(d, 2000, 8);
    const inHole = planeCoords(s, 2000, dim, data.u, data.v, data.shift).radii.filter((r) => r < 0.8).length / 2000;
    const single = fitLatentDensity(data.x, 800, dim, { seed: 2, mixture: 1 });
    const s1 = sampleLatentDensity(single, 2000, 8);
    const inHole1 = planeCoords(s1, 2000, dim, data.u, data.v, data.shift).radii.filter((r) => r < 0.8).length / 2000;
    expect(inHole).toBeLessThan(0.05);
    expect(inHole1).toBeGreaterThan(2 * inHole);
    expect(d.logLikelihood).toBeGreaterThan(single.logLikelihood);
  });

  it('is deterministic from its seeds', () => {
    const again = fitLatentDensity(data.x, 800, dim, { seed: 2 });
    expect(Array.from(sampleLatentDensity(again, 10, 3))).toEqual(Array.from(sampleLatentDensity(d, 10, 3)));
  });

  it('refuses states that cannot be fitted, in words', () => {
    expect(() => fitLatentDensity(new Float32Array(3 * 4), 3, 4)).toThrow(/at least 4 encoded states/);
    expect(() => fitLatentDensity(new Float32Array(10 * 4), 10, 4)).toThrow(/do not vary/);
    // A diverged model's states: said so, not mistaken for states that do not vary.
    const nan = Float32Array.from({ length: 10 * 4 }, (_, i) => (i === 7 ? NaN : i % 5));
    expect(() => fitLatentDensity(nan, 10, 4)).toThrow(/not all finite numbers \(the model has diverged\)/);
    const inf = Float32Array.from({ length: 10 * 4 }, (_, i) => (i === 3 ? Infinity : i % 5));
    expect(() => fitLatentDensity(inf, 10, 4)).toThrow(/not all finite/);
  });

  it('raises the covariance floor until the factor exists, and gives up on one that never will instead of spinning', () => {
    // Rank one: indefinite by rounding at a zero floor; a small floor makes it positive definite.
    const rank1 = new Matrix([[1, 1], [1, 1]]);
    const L = choleskyWithFloor(rank1, 1e-12);
    expect(L.mmul(L.transpose()).sub(rank1).abs().max()).toBeLessThan(1e-6);
    // NaN in a covariance is never positive definite, whatever the floor: the loop ends with an error in words.
    expect(() => choleskyWithFloor(new Matrix([[NaN, 0], [0, 1]]), 1e-12)).toThrow(/could not be fitted/);
    expect(() => choleskyWithFloor(new Matrix([[Infinity, 0], [0, 1]]), 1e-12)).toThrow(/could not be fitted/);
  });
});
