// What the UI and the benches read off a trained model, as plain typed arrays: log-likelihood bounds per point
// (ELBO or importance-weighted with K samples), the learned density on a grid, K(p) and U(q) on a grid,
// samples, and sample trajectories through every leapfrog step.
import * as tf from '@tensorflow/tfjs-core';
import { gridPoints, type Grid2 } from '../../densities/statistics';
import type { Rng } from '../../random';
import { HamiltonianFlow } from './hamiltonian-flow';
import { kineticEnergy, potentialEnergy } from './hamiltonian';
import type { DensityModel } from './model';

export type Bound = 'elbo' | 'iwae';

export interface LikelihoodOptions {
  /** Momentum draws per point. */
  k: number;
  /** elbo: mean of the K log-weights; iwae: log of their mean (>= elbo, tends to log p as K grows). */
  bound: Bound;
  rng: Rng;
  /** Rows (points x K) per forward pass: bounds memory. */
  maxRows?: number;
  /** The same K momentum draws for every point (see DensityModel.logWeights): smooth heatmaps. */
  sharedNoise?: boolean;
}

/** Per-point bound on log p(x) for row-major points [n, dim]. */
export async function logLikelihoods(model: DensityModel, points: Float32Array, opts: LikelihoodOptions): Promise<Float32Array> {
  const n = points.length / model.dim;
  const out = new Float32Array(n);
  const perChunk = Math.max(1, Math.floor((opts.maxRows ?? 16384) / opts.k));
  // Shared draws are drawn once, then replayed for every chunk.
  const sharedState = opts.sharedNoise ? Array.from({ length: 2 * opts.k * model.dim + 16 }, () => opts.rng()) : [];
  for (let start = 0; start < n; start += perChunk) {
    const m = Math.min(perChunk, n - start);
    const t = tf.tidy(() => {
      const x = tf.tensor2d(points.subarray(start * model.dim, (start + m) * model.dim), [m, model.dim]);
      let i = 0;
      const replay = () => sharedState[i++ % sharedState.length];
      const w = opts.sharedNoise ? model.logWeights(x, opts.k, replay, true) : model.logWeights(x, opts.k, opts.rng);
      return opts.bound === 'iwae' ? tf.sub(tf.logSumExp(w, 0), Math.log(w.shape[0])) : tf.mean(w, 0);
    });
    out.set(await t.data(), start);
    t.dispose();
  }
  return out;
}

export interface MeanEstimate {
  mean: number;
  /** Standard error of the mean over points. */
  stderr: number;
}

export function meanAndStderr(values: Float32Array): MeanEstimate {
  const n = values.length;
  let mean = 0;
  for (const v of values) mean += v / n;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  return { mean, stderr: n > 1 ? Math.sqrt(ss / (n - 1) / n) : 0 };
}

/** Mean bound on log p over a point set: the test log-likelihood (negate for the NLL in nats). */
export async function meanLogLikelihood(model: DensityModel, points: Float32Array, opts: LikelihoodOptions): Promise<MeanEstimate> {
  return meanAndStderr(await logLikelihoods(model, points, opts));
}

/** The learned log-density at the grid's cell centres (2D data): [ny * nx], y slow. Shared draws by default. */
export async function densityGrid(model: DensityModel, grid: Grid2, opts: LikelihoodOptions): Promise<Float32Array> {
  if (model.dim !== 2) throw new Error('density grids need 2D data');
  return logLikelihoods(model, gridPoints(grid), { sharedNoise: true, ...opts });
}

export interface EnergyGrids {
  /** K_i(p) for each Hamiltonian i on the grid read as (p1, p2): [T, ny, nx]. */
  kinetic: Float32Array;
  /** U_i(q) on the grid read as (q1, q2): [T, ny, nx]. */
  potential: Float32Array;
  shape: [number, number, number];
}

/** Each Hamiltonian's K and U on a grid, minus their minimum over the grid (energies are defined up to a constant). */
export async function energyGrids(flow: HamiltonianFlow, grid: Grid2): Promise<EnergyGrids> {
  if (flow.dim !== 2) throw new Error('energy grids need 2D data');
  const cells = grid.nx * grid.ny;
  const t = tf.tidy(() => {
    const x = tf.tensor2d(gridPoints(grid), [cells, 2]);
    const shift = (e: tf.Tensor1D) => tf.sub(e, tf.min(e));
    const k = flow.hamiltonians.map((h) => shift(kineticEnergy(h, x)));
    const u = flow.hamiltonians.map((h) => shift(potentialEnergy(h, x)));
    return [tf.stack(k), tf.stack(u)];
  });
  const [kinetic, potential] = await Promise.all(t.map((x) => x.data() as Promise<Float32Array>));
  t.forEach((x) => x.dispose());
  return { kinetic, potential, shape: [flow.hamiltonians.length, grid.ny, grid.nx] };
}

/** n samples of q from the model: row-major [n, dim]. */
export async function sampleModel(model: DensityModel, n: number, rng: Rng): Promise<Float32Array> {
  const t = tf.tidy(() => model.sample(n, rng));
  const out = (await t.data()) as Float32Array;
  t.dispose();
  return out;
}

export interface Trajectories {
  /** [frames, n, stateDim] row-major; the first `dim` columns of a state are the position q. */
  values: Float32Array;
  shape: [number, number, number];
}

/** n base samples pushed through every leapfrog step (or coupling layer): frame 0 is the base. */
export async function sampleTrajectories(model: DensityModel, n: number, rng: Rng): Promise<Trajectories> {
  const t = tf.tidy(() => model.trajectory(n, rng));
  const out = (await t.data()) as Float32Array;
  const shape = t.shape as [number, number, number];
  t.dispose();
  return { values: out, shape };
}
