// Lasso regression as scikit-learn's Lasso computes it (fit_intercept: X and y centred; objective
// (1/2n) |y - X w|^2 + alpha |w|_1, each output fitted on its own), by cyclic coordinate descent on the Gram matrix,
// with K-fold selection of alpha by explained variance (GridSearchCV, folds in order, no shuffle) and R^2.
// SyMetric (symetric.ts) is built on it; no library in the project's stack does Lasso.

/** Row-major [rows, cols] data. */
export interface Matrix {
  data: Float64Array;
  rows: number;
  cols: number;
}

export interface LassoModel {
  /** Row-major [outputs, features]. */
  weights: Float64Array;
  intercepts: Float64Array;
  alpha: number;
}

export interface LassoOptions {
  maxIter?: number;
  /** Stop when the largest weight change of a sweep is below tol times the largest weight (scikit-learn's rule). */
  tol?: number;
}

function columnMeans(m: Matrix, rows: readonly number[]): Float64Array {
  const mean = new Float64Array(m.cols);
  for (const r of rows) for (let c = 0; c < m.cols; c++) mean[c] += m.data[r * m.cols + c];
  for (let c = 0; c < m.cols; c++) mean[c] /= rows.length;
  return mean;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Fits on the given rows of X (default all) against the same rows of Y. */
export function fitLasso(X: Matrix, Y: Matrix, alpha: number, opts: LassoOptions = {}, rows: readonly number[] = range(X.rows)): LassoModel {
  const { maxIter = 1000, tol = 1e-4 } = opts;
  const f = X.cols;
  const n = rows.length;
  const xMean = columnMeans(X, rows);
  const yMean = columnMeans(Y, rows);
  // Gram matrix of the centred features, and each output's correlation with them.
  const G = new Float64Array(f * f);
  const xc = new Float64Array(f);
  for (const r of rows) {
    for (let c = 0; c < f; c++) xc[c] = X.data[r * f + c] - xMean[c];
    for (let i = 0; i < f; i++) {
      const xi = xc[i];
      if (xi === 0) continue;
      const gi = i * f;
      for (let j = i; j < f; j++) G[gi + j] += xi * xc[j];
    }
  }
  for (let i = 0; i < f; i++) for (let j = 0; j < i; j++) G[i * f + j] = G[j * f + i];
  const weights = new Float64Array(Y.cols * f);
  const intercepts = new Float64Array(Y.cols);
  const threshold = alpha * n;
  for (let o = 0; o < Y.cols; o++) {
    const b = new Float64Array(f);
    for (const r of rows) {
      const y = Y.data[r * Y.cols + o] - yMean[o];
      for (let c = 0; c < f; c++) b[c] += (X.data[r * f + c] - xMean[c]) * y;
    }
    const w = weights.subarray(o * f, (o + 1) * f);
    const q = new Float64Array(f); // G w, kept up to date
    for (let it = 0; it < maxIter; it++) {
      let maxW = 0;
      let maxDw = 0;
      for (let j = 0; j < f; j++) {
        const gjj = G[j * f + j];
        if (gjj === 0) continue;
        const old = w[j];
        const rho = b[j] - q[j] + gjj * old;
        const next = rho > threshold ? (rho - threshold) / gjj : rho < -threshold ? (rho + threshold) / gjj : 0;
        if (next !== old) {
          const d = next - old;
          w[j] = next;
          const gj = j * f;
          for (let k = 0; k < f; k++) q[k] += G[gj + k] * d;
          maxDw = Math.max(maxDw, Math.abs(d));
        }
        maxW = Math.max(maxW, Math.abs(next));
      }
      if (maxW === 0 || maxDw / maxW < tol) break;
    }
    let dot = 0;
    for (let c = 0; c < f; c++) dot += xMean[c] * w[c];
    intercepts[o] = yMean[o] - dot;
  }
  return { weights, intercepts, alpha };
}

/** The model's prediction for one row of X, written into `out` (length outputs). */
export function predictRow(model: LassoModel, X: Matrix, row: number, out: Float64Array): Float64Array {
  const f = X.cols;
  for (let o = 0; o < out.length; o++) {
    let v = model.intercepts[o];
    for (let c = 0; c < f; c++) v += model.weights[o * f + c] * X.data[row * f + c];
    out[o] = v;
  }
  return out;
}

/**
 * R^2 (`kind: 'r2'`) or explained variance of the model on the given rows, averaged over outputs (scikit-learn's
 * uniform average; an output with no variance scores 1 when predicted exactly, else 0).
 */
export function score(model: LassoModel, X: Matrix, Y: Matrix, kind: 'r2' | 'explained-variance', rows: readonly number[] = range(X.rows)): number {
  const outputs = Y.cols;
  const pred = new Float64Array(outputs);
  const res = rows.map((r) => Float64Array.from(predictRow(model, X, r, pred), (p, o) => Y.data[r * outputs + o] - p));
  let total = 0;
  for (let o = 0; o < outputs; o++) {
    let yMean = 0;
    let eMean = 0;
    rows.forEach((r, i) => {
      yMean += Y.data[r * outputs + o];
      eMean += res[i][o];
    });
    yMean /= rows.length;
    eMean /= rows.length;
    let ssTot = 0;
    let ssRes = 0;
    rows.forEach((r, i) => {
      ssTot += (Y.data[r * outputs + o] - yMean) ** 2;
      const e = kind === 'r2' ? res[i][o] : res[i][o] - eMean;
      ssRes += e * e;
    });
    total += ssTot > 0 ? 1 - ssRes / ssTot : ssRes === 0 ? 1 : 0;
  }
  return total / outputs;
}

/** K folds in order (scikit-learn's KFold without shuffle: the first n % k folds one row longer). */
export function folds(n: number, k: number): number[][] {
  const out: number[][] = [];
  let start = 0;
  for (let i = 0; i < k; i++) {
    const size = Math.floor(n / k) + (i < n % k ? 1 : 0);
    out.push(range(size).map((j) => start + j));
    start += size;
  }
  return out;
}

/** The alpha with the best mean explained variance over K folds (the first of equals), refitted on all rows. */
export function lassoCv(X: Matrix, Y: Matrix, alphas: readonly number[], k: number, opts: LassoOptions = {}): LassoModel {
  const parts = folds(X.rows, k);
  let best = alphas[0];
  let bestScore = -Infinity;
  for (const alpha of alphas) {
    let sum = 0;
    for (let i = 0; i < k; i++) {
      const train = parts.filter((_, j) => j !== i).flat();
      sum += score(fitLasso(X, Y, alpha, opts, train), X, Y, 'explained-variance', parts[i]);
    }
    const mean = sum / k;
    if (mean > bestScore) {
      bestScore = mean;
      best = alpha;
    }
  }
  return fitLasso(X, Y, best, opts);
}
