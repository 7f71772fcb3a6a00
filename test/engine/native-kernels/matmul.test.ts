// The oneDNN BatchMatMul on the wasm backend against the cpu backend (the shared matmul cases, first and second
// order), the addon's sgemm on plain arrays against a reference loop, which cases it takes, and its errors.
// Where the addon is not built the suite is skipped (CI requires it, see conv.test.ts).
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadOneDnnAddon } from '../../../main/engine/native-kernels/addon';
import { gemmPlan } from '../../../main/engine/native-kernels/matmul-kernel';
import { gradients, MATMUL_CASES, product } from '../matmul-cases';
import { onCpuAndWasm, relativeError } from '../wasm-kernels/compare';

const load = loadOneDnnAddon();

/** c = op(a) op(b) for row-major [m, k] / [k, n] operands stored transposed or not, in float64. */
function reference(a: Float32Array, b: Float32Array, m: number, n: number, k: number, ta: boolean, tb: boolean): Float32Array {
  const c = new Float32Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let l = 0; l < k; l++) s += (ta ? a[l * m + i] : a[i * k + l]) * (tb ? b[j * k + l] : b[l * n + j]);
      c[i * n + j] = s;
    }
  return c;
}

const info = (shape: number[], dtype: 'float32' | 'int32' = 'float32') => ({ dataId: {}, shape, dtype });

describe('which products go to oneDNN', () => {
  it('takes equal or one-sided batches, with any transposes', () => {
    expect(gemmPlan(info([4, 5, 3]), info([4, 3, 2]), { transposeA: false, transposeB: false })?.outShape).toEqual([4, 5, 2]);
    expect(gemmPlan(info([3, 5]), info([2, 4, 3]), { transposeA: true, transposeB: true })?.outShape).toEqual([2, 5, 4]);
    expect(Array.from(gemmPlan(info([2, 3, 5, 7]), info([7, 4]), { transposeA: false, transposeB: false })!.shape)).toEqual([6, 1, 5, 4, 7, 0, 0]);
  });

  it('leaves cross broadcasts, integers and empty products to the wasm kernel', () => {
    expect(gemmPlan(info([2, 1, 5, 3]), info([1, 3, 3, 2]), { transposeA: false, transposeB: false })).toBeNull();
    expect(gemmPlan(info([5, 3], 'int32'), info([3, 2], 'int32'), { transposeA: false, transposeB: false })).toBeNull();
    expect(gemmPlan(info([5, 0]), info([0, 2]), { transposeA: false, transposeB: false })).toBeNull();
  });
});

describe.skipIf(!load.ok)('the addon sgemm', () => {
  const addon = load.ok ? load.addon : (undefined as never);

  it.each([
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ])('matches a reference loop with transposeA=%s transposeB=%s, broadcasting a shared a', (ta, tb) => {
    const [m, n, k, batch] = [7, 5, 9, 3];
    const a = Float32Array.from({ length: m * k }, (_, i) => Math.sin(i));
    const b = Float32Array.from({ length: batch * k * n }, (_, i) => Math.cos(i * 0.7));
    const c = new Float32Array(batch * m * n);
    addon.gemm(a, b, c, Int32Array.of(1, batch, m, n, k, ta ? 1 : 0, tb ? 1 : 0));
    for (let i = 0; i < batch; i++) {
      const want = reference(a, b.subarray(i * k * n, (i + 1) * k * n), m, n, k, ta, tb);
      expect(relativeError(c.subarray(i * m * n, (i + 1) * m * n), want)).toBeLessThan(1e-6);
    }
  });

  it('refuses undersized buffers and malformed shapes with a clear error', () => {
    const big = new Float32Array(64);
    expect(() => addon.gemm(big, big, new Float32Array(3), Int32Array.of(1, 1, 2, 2, 2, 0, 0))).toThrow(/c holds 3 floats, needs 4/);
    expect(() => addon.gemm(big, big, big, Int32Array.of(2, 3, 2, 2, 2, 0, 0))).toThrow(/batches must be equal or 1/);
    expect(() => addon.gemm(big, big, big, Int32Array.of(1, 1, 0, 2, 2, 0, 0))).toThrow(/sizes must be >= 1/);
    expect(() => addon.gemm(big, big, big, Int32Array.of(1, 1, 2))).toThrow(/Int32Array of 7 fields/);
  });
});

describe.skipIf(!load.ok)('oneDNN BatchMatMul vs cpu', () => {
  let results: Awaited<ReturnType<typeof onCpuAndWasm>>;

  beforeAll(async () => {
    results = await onCpuAndWasm([...MATMUL_CASES.map((c, i) => product(c, 10 * i)), gradients(7)]);
  });

  it.each(MATMUL_CASES.map((c, i) => [c.name, i] as const))('%s', (_name, i) => {
    expect(Math.max(...results.cpu[i][0].map(Math.abs))).toBeGreaterThan(1e-3);
    expect(relativeError(results.wasm[i][0], results.cpu[i][0])).toBeLessThan(1e-5);
  });

  it('first- and second-order gradients of an MLP loss', () => {
    const k = MATMUL_CASES.length;
    results.cpu[k].forEach((want, j) => expect(relativeError(results.wasm[k][j], want), `output ${j}`).toBeLessThan(1e-4));
  });

  it('leaks no tensors over many products', () => {
    const a = tf.randomNormal([32, 32]);
    const b = tf.randomNormal([32, 16]);
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const [tensors, ids] = [tf.memory().numTensors, backend.numDataIds()];
    for (let i = 0; i < 200; i++) tf.dispose(tf.tidy(() => tf.add(tf.matMul(a, b, i % 2 === 0, false), 1)));
    expect([tf.memory().numTensors, backend.numDataIds()]).toEqual([tensors, ids]);
    tf.dispose([a, b]);
  });
});
