// The registered wasm BatchMatMul (transposes materialised, batches split onto the fast 2D path) against cpu,
// with the oneDNN kernels off (they are tested in ../native-kernels).
import { beforeAll, describe, expect, it } from 'vitest';
import { useNativeKernels } from '../../../main/engine/native-kernels';
import { gradients, MATMUL_CASES as CASES, product } from '../matmul-cases';
import { onCpuAndWasm, relativeError } from './compare';

useNativeKernels(false);

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
