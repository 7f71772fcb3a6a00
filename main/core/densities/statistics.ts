// What the UI and the tests read off a density: its entropy, and a log-density image for heatmaps.
import type { Rng } from '../random';
import type { Density, Grid2 } from './types';

/** Monte Carlo entropy -E[log p(x)] with its standard error; needs the exact log-density. */
export function estimateEntropy(density: Density, n: number, rng: Rng): { entropy: number; stderr: number } {
  if (!density.logProb) throw new Error(`the density "${density.name}" has no exact log-density`);
  const lp = density.logProb(density.sample(n, rng));
  let mean = 0;
  for (const v of lp) mean += v / n;
  let varSum = 0;
  for (const v of lp) varSum += (v - mean) ** 2;
  return { entropy: -mean, stderr: Math.sqrt(varSum / (n - 1) / n) };
}

export type { Grid2 };

/** A square grid over [-extent, extent]^2: nx * ny cell centres, row-major with y as the slow axis. */
export function squareGrid(extent: number, n: number): Grid2 {
  return { xmin: -extent, xmax: extent, ymin: -extent, ymax: extent, nx: n, ny: n };
}

/** Cell centres of a grid as row-major 2D points (y slow, x fast). */
export function gridPoints(g: Grid2): Float32Array {
  const out = new Float32Array(g.nx * g.ny * 2);
  const dx = (g.xmax - g.xmin) / g.nx;
  const dy = (g.ymax - g.ymin) / g.ny;
  for (let j = 0; j < g.ny; j++) {
    for (let i = 0; i < g.nx; i++) {
      const k = j * g.nx + i;
      out[2 * k] = g.xmin + (i + 0.5) * dx;
      out[2 * k + 1] = g.ymin + (j + 0.5) * dy;
    }
  }
  return out;
}

/**
 * Log of a normalised 2D histogram of points on the grid (log-density units, -Infinity in empty cells):
 * the target heatmap for densities whose log-density is not known in closed form.
 */
export function logHistogram(points: Float32Array, g: Grid2): Float32Array {
  const counts = new Float64Array(g.nx * g.ny);
  const n = points.length / 2;
  const dx = (g.xmax - g.xmin) / g.nx;
  const dy = (g.ymax - g.ymin) / g.ny;
  for (let k = 0; k < n; k++) {
    const i = Math.floor((points[2 * k] - g.xmin) / dx);
    const j = Math.floor((points[2 * k + 1] - g.ymin) / dy);
    if (i >= 0 && i < g.nx && j >= 0 && j < g.ny) counts[j * g.nx + i]++;
  }
  const out = new Float32Array(counts.length);
  for (let c = 0; c < counts.length; c++) out[c] = Math.log(counts[c] / (n * dx * dy));
  return out;
}

/** The target heatmap: exact log-density where known, else a histogram of `samples` points. */
export function targetLogDensityGrid(density: Density, g: Grid2, rng: Rng, samples = 200_000): Float32Array {
  if (density.logProb) return Float32Array.from(density.logProb(gridPoints(g)));
  return logHistogram(density.sample(samples, rng), g);
}
