// Matrix-product cases shared by the wasm-kernel and oneDNN-kernel tests: every transpose combination, batched,
// broadcast either side or across, rank 4, small, tall-skinny, and an MLP's first- and second-order gradients.
// Each builds its inputs from a seed, so cpu and the kernel under test see the same numbers.
import * as tf from '@tensorflow/tfjs-core';
import { normal } from './wasm-kernels/compare';

export interface MatMulCase {
  name: string;
  a: number[];
  b: number[];
  transposeA: boolean;
  transposeB: boolean;
}

const COMBOS = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
] as const;

/** Shapes for a product [..., m, k] x [..., k, n] given as stored (transposed operands swap their last two axes). */
function combos(name: string, outerA: number[], outerB: number[], m: number, k: number, n: number): MatMulCase[] {
  return COMBOS.map(([transposeA, transposeB]) => ({
    name: `${name} tA=${transposeA} tB=${transposeB}`,
    a: [...outerA, ...(transposeA ? [k, m] : [m, k])],
    b: [...outerB, ...(transposeB ? [n, k] : [k, n])],
    transposeA,
    transposeB,
  }));
}

export const MATMUL_CASES: MatMulCase[] = [
  ...combos('2D odd sizes', [], [], 33, 47, 29),
  // The wasm kernel splits batched products into 2D ones above ~16k multiply-adds per matrix: these are above.
  ...combos('batched (3)', [3], [3], 32, 40, 24),
  ...combos('shared right operand', [4], [], 20, 30, 25),
  ...combos('shared left operand', [], [3], 32, 40, 24),
  ...combos('rank 4', [2, 3], [2, 3], 32, 40, 24),
  ...combos('cross broadcast', [2, 1], [1, 3], 20, 30, 25),
  ...combos('small', [], [], 4, 5, 3),
  ...combos('small batched', [5], [5], 8, 8, 8),
  ...combos('tall-skinny (MLP weight gradient)', [], [], 2, 512, 128),
];

export function product(c: MatMulCase, seed: number): () => tf.Tensor[] {
  return () => [tf.matMul(normal(c.a, seed), normal(c.b, seed + 1), c.transposeA, c.transposeB)];
}

/** An MLP-like loss: first-order gradients use transposed products, second order uses them twice. */
export function gradients(seed: number): () => tf.Tensor[] {
  return () => {
    const x = normal([64, 40], seed);
    const w = normal([40, 48], seed + 1);
    const v = normal([48, 8], seed + 2);
    const loss = (xv: tf.Tensor, wv: tf.Tensor): tf.Scalar => tf.sum(tf.square(tf.matMul(tf.tanh(tf.matMul(xv, wv)), v)));
    const first = tf.grads(loss)([x, w]);
    const second = tf.grads((xv: tf.Tensor, wv: tf.Tensor) => tf.sum(tf.square(tf.grad((xi: tf.Tensor) => loss(xi, wv))(xv))))([x, w]);
    return [...first, ...second];
  };
}
