// The two densities of the EHF paper's experiments (Rezende et al. 2019, figure 2). The paper shows them only as
// pictures, so the exact shapes are our choice, documented here:
// - `rotsym`: rotation-symmetric (SO(2)) target of figure 2A: a ring of radius 2 blurred by N(0, 0.25^2 I).
// - `multimodal`: the many-mode target of figure 2B: 9 Gaussians (sigma 0.25) on the grid {-2, 0, 2}^2; a flow
//   from a soft-uniform base learns one attractor of U(q) per mode.
import { gaussian, type Rng } from '../random';
import { logBlurredCircle } from './bessel';
import { logGaussian2, logSumExp, mapPoints2 } from './mixture';
import type { Density } from './types';

export const ROTSYM_RADIUS = 2;
export const ROTSYM_SIGMA = 0.25;

function sampleRows(n: number, rng: Rng, point: (rng: Rng) => [number, number]): Float32Array {
  const out = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) [out[2 * i], out[2 * i + 1]] = point(rng);
  return out;
}

export const rotationSymmetric: Density = {
  name: 'rotsym',
  dim: 2,
  extent: 3.5,
  sample: (n, rng) =>
    sampleRows(n, rng, (r) => {
      const a = 2 * Math.PI * r();
      return [
        ROTSYM_RADIUS * Math.cos(a) + ROTSYM_SIGMA * gaussian(r),
        ROTSYM_RADIUS * Math.sin(a) + ROTSYM_SIGMA * gaussian(r),
      ];
    }),
  logProb: (pts) => mapPoints2(pts, (x, y) => logBlurredCircle(x, y, ROTSYM_RADIUS, ROTSYM_SIGMA)),
};

const GRID_CENTRES: [number, number][] = [];
for (const cx of [-2, 0, 2]) for (const cy of [-2, 0, 2]) GRID_CENTRES.push([cx, cy]);
const GRID_SIGMA = 0.25;

export const multimodal: Density = {
  name: 'multimodal',
  dim: 2,
  extent: 3,
  sample: (n, rng) =>
    sampleRows(n, rng, (r) => {
      const [cx, cy] = GRID_CENTRES[Math.floor(r() * GRID_CENTRES.length)];
      return [cx + GRID_SIGMA * gaussian(r), cy + GRID_SIGMA * gaussian(r)];
    }),
  logProb: (pts) =>
    mapPoints2(
      pts,
      (x, y) =>
        logSumExp(GRID_CENTRES.map(([cx, cy]) => logGaussian2(x, y, cx, cy, GRID_SIGMA))) - Math.log(GRID_CENTRES.length),
    ),
};
