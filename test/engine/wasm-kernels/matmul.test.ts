// The registered wasm BatchMatMul (transposes materialised, batches split onto the fast 2D path) against cpu.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { normal, onCpuAndWasm, relativeError } from './compare';

interface MatMulCase {
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

const CASES: MatMulCase[] = [
  ...combos('2D odd sizes', [], [], 33, 47, 29),
  // Batched products are split into 2D ones above ~16k multiply-adds per matrix: these sizes are well above.
  ...combos('batched (3)', [3], [3], 32, 40, 24),
  ...combos('shared right operand', [4], [], 20, 30, 25),
  ...combos('shared left operand', [], [3], 32, 40, 24),
  ...combos('rank 4', [2, 3], [2, 3], 32, 40, 24),
  ...combos('cross broadcast (stock path)', [2, 1], [1, 3], 20, 30, 25),
  ...combos('small (stock path)', [], [], 4, 5, 3),
  ...combos('small batched (stock path)', [5], [5], 8, 8, 8),
  ...combos('tall-skinny (MLP weight gradient)', [], [], 2, 512, 128),
];

function product(c: MatMulCase, seed: number): () => tf.Tensor[] {
  return () => [tf.matMul(normal(c.a, seed), normal(c.b, seed + 1), c.transposeA, c.transposeB)];
}

/** An MLP-like loss: first-order gradients use transposed products, second order uses them twice. */
function gradients(seed: number): () => tf.Tensor[] {
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

const TOLERANCE = 1e-4;
let results: Awaited<ReturnType<typeof onCpuAndWasm>>;

beforeAll(async () => {
  results = await onCpuAndWasm([...CASES.map((c, i) => product(c, 10 * i)), gradients(7)]);
});

describe('wasm BatchMatMul vs cpu', () => {
  it.each(CASES.map((c, i) => [c.name, i] as const))('%s', (_name, i) => {
    const [want] = results.cpu[i];
    const [got] = results.wasm[i];
    expect(Math.max(...want.map(Math.abs))).toBeGreaterThan(1e-3);
    expect(relativeError(got, want)).toBeLessThan(TOLERANCE);
  });

  it('first- and second-order gradients of an MLP loss', () => {
    const want = results.cpu[CASES.length];
    const got = results.wasm[CASES.length];
    expect(got.length).toBe(4);
    want.forEach((w, k) => expect(relativeError(got[k], w), `output ${k}`).toBeLessThan(TOLERANCE));
  });
});
