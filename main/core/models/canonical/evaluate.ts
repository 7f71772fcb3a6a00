// What a trained transformation is judged by, on held-out trajectories (all reads asynchronous):
// - the radius spread: per trajectory sqrt(sum_j var_t r_j) / sqrt(sum_j mean_t(r_j)^2), r_j = Q_j^2 + P_j^2
//   (for one degree of freedom: std / mean of the radius along the trajectory), averaged over trajectories;
// - the learned actions I_j = mean_t r_j / 2 against the exact conserved quantities (Pearson correlation, and the
//   R^2 of a least-squares regression of the radii on given features);
// - the symplecticity check max |J^T Omega J - Omega| over test points (J by autodiff);
// - the normal-mode match (FPUT): how much of each learned plane lies in a single frequency group of the normal
//   modes, from the Jacobian at each test state.
import * as tf from '@tensorflow/tfjs-core';
import { batchJacobian, symplecticDefects } from './jacobian';
import { radiusLoss } from './loss';
import type { CanonicalFlow } from './model';
import type { TrajectorySet } from './data';
import { chainNormalModes } from './truth';

const CHUNK = 4096;

/** T(x) for `count` states of dimension 2n (eval mode), in chunks: [count, 2n] float32. */
export async function transformStates(model: CanonicalFlow, states: ArrayLike<number>, count: number): Promise<Float32Array> {
  const d = model.dim;
  const out = new Float32Array(count * d);
  for (let start = 0; start < count; start += CHUNK) {
    const rows = Math.min(CHUNK, count - start);
    const y = tf.tidy(() => model.forward(tf.tensor2d(Float32Array.from({ length: rows * d }, (_, k) => states[start * d + k]), [rows, d])));
    out.set((await y.data()) as Float32Array, start * d);
    y.dispose();
  }
  return out;
}

/** T^-1(X) for `count` latent states: [count, 2n] float32. */
export async function inverseStates(model: CanonicalFlow, latent: ArrayLike<number>, count: number): Promise<Float32Array> {
  const d = model.dim;
  const out = new Float32Array(count * d);
  for (let start = 0; start < count; start += CHUNK) {
    const rows = Math.min(CHUNK, count - start);
    const x = tf.tidy(() => model.inverse(tf.tensor2d(Float32Array.from({ length: rows * d }, (_, k) => latent[start * d + k]), [rows, d])));
    out.set((await x.data()) as Float32Array, start * d);
    x.dispose();
  }
  return out;
}

/** Relative radius spread of each of `count` trajectories of `points` latent states [count, points, 2n]. */
export function radiusSpreads(latent: ArrayLike<number>, count: number, points: number, n: number): Float64Array {
  const d = 2 * n;
  const out = new Float64Array(count);
  const mean = new Float64Array(n);
  const sq = new Float64Array(n);
  for (let c = 0; c < count; c++) {
    mean.fill(0);
    sq.fill(0);
    for (let t = 0; t < points; t++) {
      const o = (c * points + t) * d;
      for (let j = 0; j < n; j++) {
        const r = latent[o + j] ** 2 + latent[o + n + j] ** 2;
        mean[j] += r / points;
        sq[j] += (r * r) / points;
      }
    }
    let variance = 0;
    let size = 0;
    for (let j = 0; j < n; j++) {
      variance += Math.max(0, sq[j] - mean[j] * mean[j]);
      size += mean[j] * mean[j];
    }
    out[c] = Math.sqrt(variance) / Math.sqrt(Math.max(size, 1e-300));
  }
  return out;
}

/** Learned actions I_j = mean over the trajectory of (Q_j^2 + P_j^2) / 2: [count, n]. */
export function trajectoryActions(latent: ArrayLike<number>, count: number, points: number, n: number): Float64Array {
  const d = 2 * n;
  const out = new Float64Array(count * n);
  for (let c = 0; c < count; c++) {
    for (let t = 0; t < points; t++) {
      const o = (c * points + t) * d;
      for (let j = 0; j < n; j++) out[c * n + j] += (latent[o + j] ** 2 + latent[o + n + j] ** 2) / (2 * points);
    }
  }
  return out;
}

export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] / n;
    mb += b[i] / n;
  }
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

/** Solves the symmetric positive (semi)definite system A x = b by Gaussian elimination with a tiny ridge. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row.map((x, j) => x + (i === j ? 1e-12 * (a[i][i] || 1) : 0)), b[i]]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) piv = r;
    [m[c], m[piv]] = [m[piv], m[c]];
    for (let r = c + 1; r < n; r++) {
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let acc = m[r][n];
    for (let k = r + 1; k < n; k++) acc -= m[r][k] * x[k];
    x[r] = acc / m[r][r];
  }
  return x;
}

/**
 * Joint R^2 of regressing each target on the features (plus an intercept) by least squares:
 * 1 - sum_targets SS_res / sum_targets SS_tot (a near-constant target then weighs little instead of dividing by ~0).
 */
export function rSquared(targets: ArrayLike<number>[], features: ArrayLike<number>[]): number {
  const n = targets[0].length;
  const cols = [Float64Array.from({ length: n }, () => 1), ...features.map((f) => Float64Array.from(f))];
  // Standardise the features so the normal equations are well conditioned.
  for (let c = 1; c < cols.length; c++) {
    const mean = cols[c].reduce((s, x) => s + x, 0) / n;
    const std = Math.sqrt(cols[c].reduce((s, x) => s + (x - mean) ** 2, 0) / n) || 1;
    for (let i = 0; i < n; i++) cols[c][i] = (cols[c][i] - mean) / std;
  }
  const ata = cols.map((ci) => cols.map((cj) => ci.reduce((s, x, i) => s + x * cj[i], 0)));
  let res = 0;
  let tot = 0;
  for (const y of targets) {
    const aty = cols.map((ci) => ci.reduce((s, x, i) => s + x * y[i], 0));
    const w = solve(ata, aty);
    let mean = 0;
    for (let i = 0; i < n; i++) mean += y[i] / n;
    for (let i = 0; i < n; i++) {
      let fit = 0;
      for (let c = 0; c < cols.length; c++) fit += w[c] * cols[c][i];
      res += (y[i] - fit) ** 2;
      tot += (y[i] - mean) ** 2;
    }
  }
  return tot > 0 ? 1 - res / tot : 0;
}

/** (1, x, y, x^2, xy, y^2): the quadratic features of two quantities. */
export function quadraticFeatures(x: ArrayLike<number>, y: ArrayLike<number>): Float64Array[] {
  const n = x.length;
  const f = (g: (a: number, b: number) => number) => Float64Array.from({ length: n }, (_, i) => g(x[i], y[i]));
  return [f((a) => a), f((_, b) => b), f((a) => a * a), f((a, b) => a * b), f((_, b) => b * b)];
}

/** max and mean over the states of |J^T Omega J - Omega|, J the model's Jacobian (autodiff) at each state. */
export async function symplecticCheck(model: CanonicalFlow, states: ArrayLike<number>, count: number): Promise<{ max: number; mean: number }> {
  const d = model.dim;
  const x = tf.tensor2d(Float32Array.from({ length: count * d }, (_, k) => states[k]), [count, d]);
  const jac = await batchJacobian((z) => model.forward(z), x);
  x.dispose();
  const defects = symplecticDefects(jac, count, d);
  return { max: Math.max(...defects), mean: defects.reduce((s, v) => s + v, 0) / count };
}

/**
 * Orthonormal bases (vectors of length 2n) of phase-space subspaces, one list per group: for FPUT the frequency
 * groups of the normal modes, each spanned by (u_k, 0) and (0, u_k) for the modes k of that frequency.
 */
export type SubspaceGroups = number[][][];

export function fputFrequencyGroups(sites: number): SubspaceGroups {
  const modes = chainNormalModes(sites);
  const groups: SubspaceGroups = [];
  modes.vectors.forEach((v, k) => {
    const g = modes.group[k];
    if (g === 0) return; // the translation: constant (zero) along the data, it carries no dynamics
    groups[g - 1] ??= [];
    groups[g - 1].push([...v, ...new Array<number>(sites).fill(0)], [...new Array<number>(sites).fill(0), ...v]);
  });
  return groups;
}

/**
 * The mode match of Jacobians [count, 2n, 2n] (row = latent coordinate): for latent plane j (rows Q_j and P_j),
 * w_jg = squared norm of its rows projected on group g; match_j = (G max_g w_jg / sum_g w_jg - 1) / (G - 1), which
 * is 1 when the plane lies in one group and 0 when it is spread evenly over them; the score is the mean over
 * planes weighted by sum_g w_jg (a plane that only sees the directions outside every group, e.g. FPUT's
 * translation, weighs nothing), then the mean over states. The identity map on FPUT scores 0 (each site is 2/5
 * in each group), a map to the normal modes 1.
 */
export function modeMatchOfJacobians(jac: ArrayLike<number>, count: number, d: number, groups: SubspaceGroups): number {
  const n = d / 2;
  const G = groups.length;
  let total = 0;
  for (let s = 0; s < count; s++) {
    const o = s * d * d;
    let num = 0;
    let den = 0;
    for (let j = 0; j < n; j++) {
      const w = groups.map((basis) => {
        let acc = 0;
        for (const row of [j, n + j]) {
          for (const e of basis) {
            let dot = 0;
            for (let c = 0; c < d; c++) dot += jac[o + row * d + c] * e[c];
            acc += dot * dot;
          }
        }
        return acc;
      });
      const sum = w.reduce((a, b) => a + b, 0);
      if (!(sum > 0)) continue;
      const match = (G * Math.max(...w) / sum - 1) / (G - 1);
      num += sum * match;
      den += sum;
    }
    total += den > 0 ? num / den : 0;
  }
  return total / count;
}

export async function modeMatch(model: CanonicalFlow, states: ArrayLike<number>, count: number, groups: SubspaceGroups): Promise<number> {
  const d = model.dim;
  const x = tf.tensor2d(Float32Array.from({ length: count * d }, (_, k) => states[k]), [count, d]);
  const jac = await batchJacobian((z) => model.forward(z), x);
  x.dispose();
  return modeMatchOfJacobians(jac, count, d, groups);
}

export interface CanonicalEvaluation {
  /** The training loss on these trajectories (eval mode: running means). */
  loss: number;
  /** Mean over trajectories of the relative radius spread. */
  radiusSpread: number;
  spreads: Float64Array;
  /** [count, n] learned actions. */
  actions: Float64Array;
  /** The trajectories' exact conserved quantities, by name. */
  truth: Record<string, Float64Array>;
  /** Pearson correlation of each plane's action with each true quantity: correlations[name][j]. */
  correlations: Record<string, number[]>;
  /** The latent states [count, points, 2n] (for plots of the planes). */
  latent: Float32Array;
  count: number;
  points: number;
}

/** Evaluates the first `trajectories` trajectories of a set (all by default). */
export async function evaluateCanonical(model: CanonicalFlow, set: TrajectorySet, trajectories = set.count): Promise<CanonicalEvaluation> {
  const count = Math.min(trajectories, set.count);
  const { points } = set;
  const d = model.dim;
  const n = model.dof;
  if (set.dim !== d) throw new Error(`the model maps ${d}-dimensional states, the data has ${set.dim}`);
  const latent = await transformStates(model, set.states, count * points);
  const lossT = tf.tidy(() => {
    const x = tf.tensor3d(Float32Array.from({ length: count * points * d }, (_, k) => set.states[k]), [count, points, d]);
    return radiusLoss(model, x);
  });
  const loss = (await lossT.data())[0];
  lossT.dispose();
  const spreads = radiusSpreads(latent, count, points, n);
  const actions = trajectoryActions(latent, count, points, n);
  const truth: Record<string, Float64Array> = {};
  const correlations: Record<string, number[]> = {};
  for (const [name, values] of Object.entries(set.truth)) {
    truth[name] = values.subarray(0, count);
    correlations[name] = Array.from({ length: n }, (_, j) => pearson(Float64Array.from({ length: count }, (_, c) => actions[c * n + j]), truth[name]));
  }
  return { loss, radiusSpread: spreads.reduce((s, v) => s + v, 0) / count, spreads, actions, truth, correlations, latent, count, points };
}
