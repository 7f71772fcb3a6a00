// SyMetric (Botev, Jaegle, Wirnsberger, Hennes, Higgins, "Which priors matter? Benchmarking models for learning
// latent dynamics", 2021; DeepMind's physics_inspired_models/eval_metric.py): does the model's latent phase space
// carry the true one through a *symplectic* map? A polynomial of the latent (order 1 up to 5, the lowest that
// explains enough, Lasso with a cross-validated penalty) regresses the true states; SyMetric is 1 when its R^2
// exceeds 0.9 and its Jacobian J (true from latent) keeps the symplectic form up to a constant: the mean squared
// deviation of A A* from I, A = J E J^T, A* = J E^T J^T, normalised by its typical size, below 0.05. Both sides
// are standardised first, as DeepMind does. Defaults are DeepMind's HGN configuration.
import { makeRng } from '../random';
import { lassoCv, score, type Matrix } from './lasso';
import { expand, jacobian, monomialCount, monomials } from './polynomial';

export interface SyMetricOptions {
  maxOrder: number;
  /** The symplecticity score is capped here (DeepMind's max_jacobian_score). */
  maxScore: number;
  rsqThreshold: number;
  symThreshold: number;
  /** Points per trajectory at which the Jacobian is evaluated. */
  points: number;
  /** Weights of at most this size count as zero in the Jacobian. */
  weightTolerance: number;
  alphas: readonly number[];
  maxIter: number;
  folds: number;
  /**
   * The expansion stops growing before it would exceed this many features. DeepMind bounds the same cost with a
   * 400 s timeout on the grid search (and order 1 above 32 latent dimensions); a count is the same on every machine.
   */
  maxFeatures: number;
  seed: number;
}

const logspace = (lo: number, hi: number, n: number) => Array.from({ length: n }, (_, i) => 10 ** (lo + ((hi - lo) * i) / (n - 1)));

export const SYMETRIC_DEFAULTS: SyMetricOptions = {
  maxOrder: 5,
  maxScore: 1000,
  rsqThreshold: 0.9,
  symThreshold: 0.05,
  points: 10,
  weightTolerance: 1e-3,
  alphas: logspace(-4, -0.5, 10),
  maxIter: 1000,
  folds: 2,
  maxFeatures: 500,
  seed: 0,
};

export interface SyMetricResult {
  /** 1 when the latent carries the true phase space through a symplectic map, else 0. */
  symetric: 0 | 1;
  /** R^2 of the polynomial regression of the true states on the latent (1 is best). */
  rsq: number;
  /** Deviation of the map from symplectic, capped at maxScore (0 is best). */
  sym: number;
  /** The polynomial order used. */
  order: number;
  /** The Lasso penalty chosen by cross-validation. */
  alpha: number;
}

/** Column-wise z-scores (population standard deviation; a constant column becomes zeros), as StandardScaler. */
export function standardize(m: Matrix): Matrix {
  const out = new Float64Array(m.data.length);
  for (let c = 0; c < m.cols; c++) {
    let mean = 0;
    for (let r = 0; r < m.rows; r++) mean += m.data[r * m.cols + c];
    mean /= m.rows;
    let v = 0;
    for (let r = 0; r < m.rows; r++) v += (m.data[r * m.cols + c] - mean) ** 2;
    const sd = Math.sqrt(v / m.rows) || 1;
    for (let r = 0; r < m.rows; r++) out[r * m.cols + c] = (m.data[r * m.cols + c] - mean) / sd;
  }
  return { data: out, rows: m.rows, cols: m.cols };
}

/** E = [[0, -I], [I, 0]] of size dim (row-major). */
function symplecticForm(dim: number): Float64Array {
  const h = dim / 2;
  const e = new Float64Array(dim * dim);
  for (let i = 0; i < h; i++) {
    e[i * dim + h + i] = -1;
    e[(h + i) * dim + i] = 1;
  }
  return e;
}

/** a [n, k] times b [k, m], row-major; `bT` reads b transposed (b given as [m, k]). */
function matmul(a: Float64Array, n: number, k: number, b: Float64Array, m: number, bT = false): Float64Array {
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let t = 0; t < k; t++) s += a[i * k + t] * (bT ? b[j * k + t] : b[t * m + j]);
      out[i * m + j] = s;
    }
  return out;
}

const transpose = (a: Float64Array, n: number, m: number) => {
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) out[j * n + i] = a[i * m + j];
  return out;
};

/** A A* for the Jacobian J [out, dim] (a small constant added to every entry, as DeepMind does for exact zeros). */
function jacobianProduct(J: Float64Array, out: number, dim: number): Float64Array {
  const j = J.map((v) => v + 1e-6);
  const E = symplecticForm(dim);
  const jT = transpose(j, out, dim);
  const A = matmul(matmul(j, out, dim, E, dim), out, dim, jT, out);
  const At = matmul(matmul(j, out, dim, transpose(E, dim, dim), dim), out, dim, jT, out);
  return matmul(A, out, out, At, out);
}

/**
 * SyMetric of a model's latent trajectories against the true ones. `truth` [rows, 2n] and `latent` [rows, 2m] hold
 * the same `trajectories` trajectories one after another (rows = trajectories x steps), q's then p's in each row.
 */
export function symetric(truth: Matrix, latent: Matrix, trajectories: number, options: Partial<SyMetricOptions> = {}): SyMetricResult {
  const o = { ...SYMETRIC_DEFAULTS, ...options };
  if (truth.rows !== latent.rows) throw new Error(`SyMetric needs one latent state per true state (got ${latent.rows} and ${truth.rows})`);
  if (truth.cols % 2 || latent.cols % 2) throw new Error('SyMetric needs phase spaces of even dimension (q then p)');
  if (truth.rows % trajectories) throw new Error(`${truth.rows} states do not split into ${trajectories} equal trajectories`);
  // Non-finite latents become 0 and huge ones are clipped (DeepMind's clean-up), then both sides are standardised.
  const cleaned = latent.data.map((v) => (Number.isFinite(v) ? Math.max(-999999, Math.min(999999, v)) : 0));
  const y = standardize(truth);
  const x = standardize({ data: cleaned, rows: latent.rows, cols: latent.cols });

  let fit = null as null | { model: ReturnType<typeof lassoCv>; terms: ReturnType<typeof monomials>; rsq: number; order: number };
  for (let order = 1; order <= o.maxOrder; order++) {
    if (fit && monomialCount(x.cols, order) > o.maxFeatures) break;
    const terms = monomials(x.cols, order);
    const X: Matrix = { data: expand(x.data, x.rows, x.cols, terms), rows: x.rows, cols: terms.length };
    const model = lassoCv(X, y, o.alphas, o.folds, { maxIter: o.maxIter });
    const rsq = scoreR2(model, X, y);
    fit = { model, terms, rsq, order };
    if (rsq >= o.rsqThreshold) break;
  }
  const { model, terms, rsq, order } = fit!;

  const rng = makeRng(o.seed);
  const perTrajectory = truth.rows / trajectories;
  const scores: number[] = [];
  for (let t = 0; t < trajectories; t++) {
    // A random subset of the trajectory's points (Fisher-Yates on its indices).
    const idx = Array.from({ length: perTrajectory }, (_, i) => i);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [idx[i], idx[j]] = [idx[j], idx[i]];
    }
    const products = idx.slice(0, o.points).map((i) => {
      const row = t * perTrajectory + i;
      const point = x.data.subarray(row * x.cols, (row + 1) * x.cols);
      return jacobianProduct(jacobian(point, terms, model.weights, y.cols, o.weightTolerance), y.cols, x.cols);
    });
    // Normalised by the mean over points of each product's largest entry: a symplectic map times a constant
    // (the standardisation's scales) must still score 0.
    let norm = 0;
    for (const p of products) norm += p.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    norm /= products.length;
    for (const p of products) {
      let s = 0;
      for (let i = 0; i < y.cols; i++)
        for (let j = 0; j < y.cols; j++) s += ((norm ? p[i * y.cols + j] / norm : p[i * y.cols + j]) - (i === j ? 1 : 0)) ** 2;
      scores.push(s / (y.cols * y.cols));
    }
  }
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  const sym = Math.min(Number.isFinite(mean) ? mean : o.maxScore, o.maxScore);
  return { symetric: rsq > o.rsqThreshold && sym < o.symThreshold ? 1 : 0, rsq, sym, order, alpha: model.alpha };
}

function scoreR2(model: ReturnType<typeof lassoCv>, X: Matrix, Y: Matrix): number {
  return score(model, X, Y, 'r2');
}
