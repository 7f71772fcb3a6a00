// Helpers for mixtures: a stable log-sum-exp and the log-density of an isotropic Gaussian.

export function logSumExp(values: readonly number[]): number {
  let max = -Infinity;
  for (const v of values) if (v > max) max = v;
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (const v of values) sum += Math.exp(v - max);
  return max + Math.log(sum);
}

/** log N(x; mean, sigma^2 I) in 2D. */
export function logGaussian2(x: number, y: number, mx: number, my: number, sigma: number): number {
  const dx = x - mx;
  const dy = y - my;
  return -Math.log(2 * Math.PI * sigma * sigma) - (dx * dx + dy * dy) / (2 * sigma * sigma);
}

/** Applies a 2D log-density to row-major points. */
export function mapPoints2(points: Float32Array, f: (x: number, y: number) => number): Float64Array {
  const n = points.length / 2;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = f(points[2 * i], points[2 * i + 1]);
  return out;
}
