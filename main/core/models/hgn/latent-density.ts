// A density fitted to the encoded initial states of training sequences, so that a model whose encoder has no prior
// worth sampling (the deterministic `laptop` recipe trains without a KL term: N(0, I) through its transformer
// decodes to noise) can still draw new trajectories. The states live near a low-dimensional manifold of the
// 128-dimensional (q, p) space, so the fit is in two stages: principal components that hold `varianceKept` of the
// variance (samples stay in that subspace, off-manifold directions are dropped), then a Gaussian mixture fitted
// there by EM (a mixture follows curved sets such as the pendulum's annulus of energies, where one Gaussian would
// fill the hole). Linear algebra (symmetric eigendecomposition, Cholesky) is ml-matrix's.
import { CholeskyDecomposition, EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { gaussian, makeRng, type Rng } from '../../random';

export interface LatentDensityOptions {
  /** Share of the variance the principal subspace keeps (default 0.99). */
  varianceKept?: number;
  /** At most this many principal components (default 16). */
  maxComponents?: number;
  /** Mixture components (default 8; fewer when there are few states). */
  mixture?: number;
  /** EM iterations at most (default 200). */
  iterations?: number;
  seed?: number;
}

export interface LatentDensity {
  /** Dimension of the states (q and p flattened). */
  dim: number;
  /** Principal subspace: the states' mean [dim] and k orthonormal directions [k][dim]. */
  mean: Float64Array;
  basis: Float64Array[];
  /** Mixture in the subspace: weights, means [k] and lower Cholesky factors [k x k] of the covariances. */
  weights: number[];
  means: Float64Array[];
  cholesky: Matrix[];
  /** Share of the variance the subspace holds. */
  varianceHeld: number;
  /** Mean log-likelihood per state in the subspace at the end of EM (higher is a tighter fit). */
  logLikelihood: number;
}

/** Fits the density to `count` states of `dim` numbers each (row-major). */
export function fitLatentDensity(states: ArrayLike<number>, count: number, dim: number, o: LatentDensityOptions = {}): LatentDensity {
  if (count < 4) throw new Error(`fitting a latent density needs at least 4 encoded states, not ${count}`);
  if (states.length !== count * dim) throw new Error(`expected ${count} x ${dim} state values, got ${states.length}`);
  for (let i = 0; i < states.length; i++) {
    if (!Number.isFinite(states[i])) throw new Error('the encoded states are not all finite numbers (the model has diverged): there is no density to fit');
  }
  const x = new Matrix(count, dim);
  for (let i = 0; i < count; i++) for (let j = 0; j < dim; j++) x.set(i, j, states[i * dim + j]);
  const mean = Float64Array.from(x.mean('column'));
  x.subRowVector(Array.from(mean));
  const cov = x.transpose().mmul(x).div(count - 1);
  const evd = new EigenvalueDecomposition(cov, { assumeSymmetric: true });
  const order = evd.realEigenvalues.map((v, i) => [Math.max(v, 0), i] as const).sort((a, b) => b[0] - a[0]);
  const total = order.reduce((s, [v]) => s + v, 0);
  if (!(total > 0)) throw new Error('the encoded states do not vary: there is no density to fit');
  const keep = o.varianceKept ?? 0.99;
  const cap = Math.min(o.maxComponents ?? 16, dim, Math.max(1, Math.floor(count / 10)));
  let k = 0;
  let held = 0;
  while (k < cap && held < keep * total) held += order[k++][0];
  const vectors = evd.eigenvectorMatrix;
  const basis = order.slice(0, k).map(([, i]) => Float64Array.from(vectors.getColumn(i)));
  // Coordinates in the subspace.
  const y = x.mmul(new Matrix(basis.map((b) => Array.from(b))).transpose());
  const mixture = Math.max(1, Math.min(o.mixture ?? 8, Math.floor(count / (5 * (k + 1)))));
  const fit = fitMixture(y, mixture, o.iterations ?? 200, makeRng(o.seed ?? 1));
  return { dim, mean, basis, ...fit, varianceHeld: held / total };
}

/** `count` states drawn from the density, row-major [count, dim]. */
export function sampleLatentDensity(d: LatentDensity, count: number, seed: number): Float32Array {
  const rng = makeRng(seed);
  const k = d.basis.length;
  const out = new Float32Array(count * d.dim);
  const z = new Float64Array(k);
  const yv = new Float64Array(k);
  for (let n = 0; n < count; n++) {
    const c = pick(d.weights, rng());
    for (let i = 0; i < k; i++) z[i] = gaussian(rng);
    const L = d.cholesky[c];
    for (let i = 0; i < k; i++) {
      let s = d.means[c][i];
      for (let j = 0; j <= i; j++) s += L.get(i, j) * z[j];
      yv[i] = s;
    }
    for (let j = 0; j < d.dim; j++) {
      let s = d.mean[j];
      for (let i = 0; i < k; i++) s += d.basis[i][j] * yv[i];
      out[n * d.dim + j] = s;
    }
  }
  return out;
}

function pick(weights: number[], u: number): number {
  let acc = 0;
  for (let c = 0; c < weights.length; c++) {
    acc += weights[c];
    if (u < acc) return c;
  }
  return weights.length - 1;
}

interface Mixture {
  weights: number[];
  means: Float64Array[];
  cholesky: Matrix[];
  logLikelihood: number;
}

/** EM for a full-covariance Gaussian mixture on the rows of y, started from k-means++ centres. */
function fitMixture(y: Matrix, K: number, iterations: number, rng: Rng): Mixture {
  const n = y.rows;
  const k = y.columns;
  const rows = Array.from({ length: n }, (_, i) => y.getRow(i));
  const globalCov = y.transpose().mmul(y).div(Math.max(1, n - 1));
  // A floor on every covariance: a small share of the average variance keeps components from collapsing on a point.
  const floor = Math.max(1e-12, (1e-4 * globalCov.trace()) / k);
  let means = kMeansPlusPlus(rows, K, rng);
  let covs = means.map(() => globalCov.clone());
  let weights = means.map(() => 1 / K);
  const resp = new Matrix(n, K);
  let logLikelihood = -Infinity;
  for (let it = 0; it < iterations; it++) {
    const chols = covs.map((c) => choleskyWithFloor(c, floor));
    // E step, in logs.
    let ll = 0;
    for (let i = 0; i < n; i++) {
      let max = -Infinity;
      const lp = new Float64Array(K);
      for (let c = 0; c < K; c++) {
        lp[c] = Math.log(weights[c]) + logGaussian(rows[i], means[c], chols[c]);
        if (lp[c] > max) max = lp[c];
      }
      let sum = 0;
      for (let c = 0; c < K; c++) sum += Math.exp(lp[c] - max);
      const lse = max + Math.log(sum);
      ll += lse;
      for (let c = 0; c < K; c++) resp.set(i, c, Math.exp(lp[c] - lse));
    }
    ll /= n;
    // M step.
    const next = Array.from({ length: K }, (_, c) => {
      let nc = 0;
      const mu = new Float64Array(k);
      for (let i = 0; i < n; i++) {
        const r = resp.get(i, c);
        nc += r;
        for (let j = 0; j < k; j++) mu[j] += r * rows[i][j];
      }
      if (nc < 1e-9) return null;
      for (let j = 0; j < k; j++) mu[j] /= nc;
      const cov = new Matrix(k, k);
      for (let i = 0; i < n; i++) {
        const r = resp.get(i, c);
        if (r < 1e-12) continue;
        for (let a = 0; a < k; a++) {
          const da = rows[i][a] - mu[a];
          for (let b = 0; b <= a; b++) cov.set(a, b, cov.get(a, b) + r * da * (rows[i][b] - mu[b]));
        }
      }
      for (let a = 0; a < k; a++) {
        for (let b = 0; b <= a; b++) {
          const v = cov.get(a, b) / nc;
          cov.set(a, b, v);
          cov.set(b, a, v);
        }
      }
      return { weight: nc / n, mean: mu, cov };
    }).filter((c) => c !== null);
    weights = next.map((c) => c.weight);
    means = next.map((c) => c.mean);
    covs = next.map((c) => c.cov);
    const done = Math.abs(ll - logLikelihood) < 1e-7 * Math.max(1, Math.abs(ll));
    logLikelihood = ll;
    if (done) break;
  }
  return { weights, means, cholesky: covs.map((c) => choleskyWithFloor(c, floor)), logLikelihood };
}

/** How many times the floor may grow tenfold before a covariance is given up on (a finite one never needs it). */
const FLOOR_DECADES = 40;

/** Lower Cholesky factor of cov + floor I (more floor if rounding leaves it indefinite). A covariance that is not
 *  finite is refused in words (ml-matrix throws "not symmetric" on NaN and factors Inf into nonsense), and the
 *  floor's growth is bounded so no covariance can keep the loop going. */
export function choleskyWithFloor(cov: Matrix, floor: number): Matrix {
  if (!cov.to1DArray().every(Number.isFinite)) throw new Error('the latent density could not be fitted: its covariance is not finite numbers');
  for (let i = 0, f = floor; i <= FLOOR_DECADES; i++, f *= 10) {
    const c = new CholeskyDecomposition(Matrix.add(cov, Matrix.eye(cov.rows).mul(f)));
    if (c.isPositiveDefinite()) return c.lowerTriangularMatrix;
  }
  throw new Error('the latent density could not be fitted: a covariance stayed indefinite however far its floor was raised');
}

function logGaussian(x: number[], mu: Float64Array, L: Matrix): number {
  const k = mu.length;
  // Solve L v = x - mu; log N = -(|v|^2 + k log 2 pi) / 2 - sum log L_ii.
  const v = new Float64Array(k);
  let quad = 0;
  let logDet = 0;
  for (let i = 0; i < k; i++) {
    let s = x[i] - mu[i];
    for (let j = 0; j < i; j++) s -= L.get(i, j) * v[j];
    v[i] = s / L.get(i, i);
    quad += v[i] * v[i];
    logDet += Math.log(L.get(i, i));
  }
  return -0.5 * (quad + k * Math.log(2 * Math.PI)) - logDet;
}

function kMeansPlusPlus(rows: number[][], K: number, rng: Rng): Float64Array[] {
  const n = rows.length;
  const centres = [Float64Array.from(rows[Math.floor(rng() * n)])];
  const d2 = new Float64Array(n).fill(Infinity);
  while (centres.length < K) {
    const last = centres[centres.length - 1];
    let total = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < last.length; j++) s += (rows[i][j] - last[j]) ** 2;
      d2[i] = Math.min(d2[i], s);
      total += d2[i];
    }
    if (!(total > 0)) break;
    let u = rng() * total;
    let i = 0;
    for (; i < n - 1 && u >= d2[i]; i++) u -= d2[i];
    centres.push(Float64Array.from(rows[i]));
  }
  return centres;
}
