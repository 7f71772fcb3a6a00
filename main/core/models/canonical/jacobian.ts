// Jacobians of the transformation by autodiff (one backward pass per output coordinate, the whole batch at once:
// the map acts row by row in eval mode) and the symplecticity check |J^T Omega J - Omega|.
import * as tf from '@tensorflow/tfjs-core';

export type RowMap = (x: tf.Tensor2D) => tf.Tensor2D;

/**
 * Per-row Jacobians of a row-wise map f: [B, d] -> [B, d] at x: [B * d * d] float32, row-major per sample
 * (entry (b, i, j) = d f(x_b)_i / d x_b,j). Read asynchronously.
 */
export async function batchJacobian(f: RowMap, x: tf.Tensor2D): Promise<Float32Array> {
  const [b, d] = x.shape;
  const stacked = tf.tidy(() => {
    const rows = Array.from({ length: d }, (_, i) => tf.grad((z: tf.Tensor) => tf.sum(tf.slice(f(z as tf.Tensor2D), [0, i], [b, 1])))(x));
    return tf.stack(rows, 1); // [B, d(out), d(in)]
  });
  const out = (await stacked.data()) as Float32Array;
  stacked.dispose();
  return out;
}

/** max_{i,j} |(J^T Omega J - Omega)_{ij}| of each Jacobian in `jac` ([count, d, d]), in float64. */
export function symplecticDefects(jac: ArrayLike<number>, count: number, d: number): Float64Array {
  const n = d / 2;
  const out = new Float64Array(count);
  for (let s = 0; s < count; s++) {
    const o = s * d * d;
    let worst = 0;
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        // (J^T Omega J)_{ij} = sum_k J_{k i} (Omega J)_{k j}, (Omega J)_{k j} = J_{k+n, j} (k < n), -J_{k-n, j} (k >= n).
        let acc = 0;
        for (let k = 0; k < n; k++) acc += jac[o + k * d + i] * jac[o + (k + n) * d + j] - jac[o + (k + n) * d + i] * jac[o + k * d + j];
        const target = j === i + n ? 1 : i === j + n ? -1 : 0;
        worst = Math.max(worst, Math.abs(acc - target));
      }
    }
    out[s] = worst;
  }
  return out;
}
