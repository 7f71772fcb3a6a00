// FFJORD's 2D toy sets (ffjord/lib/toy_data.py, inf_train_gen), one seeded point at a time.
// FFJORD fills some sets with evenly spaced angles (np.linspace) or exact class counts per batch; here every
// point is drawn independently from the same density (uniform angle, uniform class), which is what a density
// model sees in the limit and what a finite train/test split needs.
import { gaussian, type Rng } from '../random';
import { logBlurredCircle } from './bessel';
import { logGaussian2, logSumExp, mapPoints2 } from './mixture';
import type { Density } from './types';

type PointSampler = (rng: Rng) => [number, number];

function fromSampler(sampler: PointSampler): (n: number, rng: Rng) => Float32Array {
  return (n, rng) => {
    const out = new Float32Array(2 * n);
    for (let i = 0; i < n; i++) {
      const [x, y] = sampler(rng);
      out[2 * i] = x;
      out[2 * i + 1] = y;
    }
    return out;
  };
}

// --- 8 gaussians: centres on the circle of radius 4, sigma 0.5, everything divided by 1.414 -------------------
const G8_SCALE = 1.414;
const G8_SIGMA = 0.5 / G8_SCALE;
const G8_CENTRES: [number, number][] = [
  [1, 0], [-1, 0], [0, 1], [0, -1],
  [Math.SQRT1_2, Math.SQRT1_2], [Math.SQRT1_2, -Math.SQRT1_2], [-Math.SQRT1_2, Math.SQRT1_2], [-Math.SQRT1_2, -Math.SQRT1_2],
].map(([x, y]) => [(4 * x) / G8_SCALE, (4 * y) / G8_SCALE]);

export const eightGaussians: Density = {
  name: '8gaussians',
  dim: 2,
  extent: 4,
  sample: fromSampler((rng) => {
    const nx = gaussian(rng) * G8_SIGMA;
    const ny = gaussian(rng) * G8_SIGMA;
    const [cx, cy] = G8_CENTRES[Math.floor(rng() * 8)];
    return [cx + nx, cy + ny];
  }),
  logProb: (pts) =>
    mapPoints2(pts, (x, y) => logSumExp(G8_CENTRES.map(([cx, cy]) => logGaussian2(x, y, cx, cy, G8_SIGMA))) - Math.log(8)),
};

// --- checkerboard: 8 of the 16 cells of [-4, 4)^2, uniform: entropy ln 32 ------------------------------------
export const checkerboard: Density = {
  name: 'checkerboard',
  dim: 2,
  extent: 4,
  entropy: Math.log(32),
  sample: fromSampler((rng) => {
    const x1 = rng() * 4 - 2;
    const x2 = rng() - Math.floor(rng() * 2) * 2 + (((Math.floor(x1) % 2) + 2) % 2);
    return [x1 * 2, x2 * 2];
  }),
  logProb: (pts) =>
    mapPoints2(pts, (x, y) => {
      if (!(x >= -4 && x < 4 && y >= -4 && y < 4)) return -Infinity;
      const i = Math.floor(x / 2);
      const j = Math.floor(y / 2);
      return (((i + j) % 2) + 2) % 2 === 0 ? -Math.log(32) : -Infinity;
    }),
};

// --- rings: radii 3, 2.25, 1.5, 0.75 with equal mass, N(0, 0.08^2) noise -----------------------------------
const RING_RADII = [3, 2.25, 1.5, 0.75];
const RING_SIGMA = 0.08;

export const rings: Density = {
  name: 'rings',
  dim: 2,
  extent: 3.5,
  sample: fromSampler((rng) => {
    const r = RING_RADII[Math.floor(rng() * 4)];
    const a = 2 * Math.PI * rng();
    return [r * Math.cos(a) + RING_SIGMA * gaussian(rng), r * Math.sin(a) + RING_SIGMA * gaussian(rng)];
  }),
  logProb: (pts) =>
    mapPoints2(pts, (x, y) => logSumExp(RING_RADII.map((r) => logBlurredCircle(x, y, r, RING_SIGMA))) - Math.log(4)),
};

// --- two moons (sklearn make_moons, noise 0.1), then x * 2 + (-1, -0.2) -------------------------------------
export const moons: Density = {
  name: 'moons',
  dim: 2,
  extent: 3.5,
  sample: fromSampler((rng) => {
    const t = Math.PI * rng();
    const outer = rng() < 0.5;
    const x = outer ? Math.cos(t) : 1 - Math.cos(t);
    const y = outer ? Math.sin(t) : 1 - Math.sin(t) - 0.5;
    return [(x + 0.1 * gaussian(rng)) * 2 - 1, (y + 0.1 * gaussian(rng)) * 2 - 0.2];
  }),
};

// --- pinwheel: 5 arms, radial std 0.3, tangential std 0.1, rate 0.25, times 2 ------------------------------
export const pinwheel: Density = {
  name: 'pinwheel',
  dim: 2,
  extent: 4,
  sample: fromSampler((rng) => {
    const f0 = gaussian(rng) * 0.3 + 1;
    const f1 = gaussian(rng) * 0.1;
    const arm = Math.floor(rng() * 5);
    const angle = (2 * Math.PI * arm) / 5 + 0.25 * Math.exp(f0);
    const c = Math.cos(angle);
    const s = Math.sin(angle);
    return [2 * (f0 * c + f1 * s), 2 * (-f0 * s + f1 * c)];
  }),
};

// --- 2 spirals: n = sqrt(u) * 3 pi, arm (-cos n * n, sin n * n) + U(0, 0.5) jitter, mirrored, / 3, + 0.1 noise -
export const twoSpirals: Density = {
  name: '2spirals',
  dim: 2,
  extent: 4,
  sample: fromSampler((rng) => {
    const n = Math.sqrt(rng()) * 540 * ((2 * Math.PI) / 360);
    const sign = rng() < 0.5 ? 1 : -1;
    const x = sign * (-Math.cos(n) * n + rng() * 0.5);
    const y = sign * (Math.sin(n) * n + rng() * 0.5);
    return [x / 3 + 0.1 * gaussian(rng), y / 3 + 0.1 * gaussian(rng)];
  }),
};

// --- swiss roll (sklearn make_swiss_roll, noise 1.0), axes 0 and 2, / 5 -------------------------------------
export const swissRoll: Density = {
  name: 'swissroll',
  dim: 2,
  extent: 4,
  sample: fromSampler((rng) => {
    const t = 1.5 * Math.PI * (1 + 2 * rng());
    return [(t * Math.cos(t) + gaussian(rng)) / 5, (t * Math.sin(t) + gaussian(rng)) / 5];
  }),
};
