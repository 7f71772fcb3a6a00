// Polynomial features of a few variables, in scikit-learn's PolynomialFeatures order (degree 1 first, each degree's
// monomials as combinations with replacement in lexicographic order, no bias column): SyMetric regresses the true
// phase space on them (metrics/symetric.ts), and its Jacobian is taken through them.

/** A monomial as the variable index of each factor, non-decreasing: [0, 0, 2] is x0^2 x2. */
export type Monomial = readonly number[];

/** Every monomial of degree 1..order in `dim` variables, in scikit-learn's order. */
export function monomials(dim: number, order: number): Monomial[] {
  const out: Monomial[] = [];
  const grow = (prefix: number[], from: number, left: number) => {
    if (left === 0) {
      out.push(prefix.slice());
      return;
    }
    for (let v = from; v < dim; v++) {
      prefix.push(v);
      grow(prefix, v, left - 1);
      prefix.pop();
    }
  };
  for (let deg = 1; deg <= order; deg++) grow([], 0, deg);
  return out;
}

/** How many monomials `monomials(dim, order)` gives, without listing them: C(dim + order, order) - 1. */
export function monomialCount(dim: number, order: number): number {
  let c = 1;
  for (let k = 1; k <= order; k++) c = (c * (dim + k)) / k;
  return Math.round(c) - 1;
}

/** The features of `rows` points (row-major [rows, dim]): row-major [rows, terms.length]. */
export function expand(x: Float64Array, rows: number, dim: number, terms: readonly Monomial[]): Float64Array {
  const out = new Float64Array(rows * terms.length);
  for (let r = 0; r < rows; r++) {
    const base = r * dim;
    for (let t = 0; t < terms.length; t++) {
      let v = 1;
      for (const i of terms[t]) v *= x[base + i];
      out[r * terms.length + t] = v;
    }
  }
  return out;
}

/**
 * The Jacobian at `point` of the map x -> W phi(x), W row-major [outputs, terms.length]: row-major
 * [outputs, dim]. Weights with |w| <= tolerance count as zero (SyMetric's weight tolerance: Lasso leaves tiny
 * weights that would otherwise add noise to the Jacobian).
 */
export function jacobian(point: ArrayLike<number>, terms: readonly Monomial[], weights: Float64Array, outputs: number, tolerance = 0): Float64Array {
  const dim = point.length;
  const J = new Float64Array(outputs * dim);
  // d/dx_v of a monomial: for each distinct factor, its multiplicity times the monomial with one factor removed.
  const grads = terms.map((m) => {
    const g = new Float64Array(dim);
    for (let k = 0; k < m.length; k++) {
      if (k > 0 && m[k] === m[k - 1]) continue; // each distinct variable once, with its power below
      let power = 0;
      for (const v of m) if (v === m[k]) power++;
      let value = power;
      let skipped = false;
      for (const v of m) {
        if (v === m[k] && !skipped) {
          skipped = true;
          continue;
        }
        value *= point[v];
      }
      g[m[k]] = value;
    }
    return g;
  });
  for (let o = 0; o < outputs; o++) {
    for (let t = 0; t < terms.length; t++) {
      const w = weights[o * terms.length + t];
      if (!(Math.abs(w) > tolerance)) continue;
      const g = grads[t];
      for (let v = 0; v < dim; v++) J[o * dim + v] += w * g[v];
    }
  }
  return J;
}
