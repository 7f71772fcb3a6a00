// The registered wasm conv kernels (Conv2DBackpropFilter, Conv2DBackpropInput) against the cpu backend, with the
// oneDNN kernels off (test/engine/native-kernels covers those).
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNativeKernels } from '../../../main/engine/native-kernels';
import { GROUPS } from '../conv-cases';
import { onCpuAndWasm, relativeError } from './compare';

useNativeKernels(false);

const TOLERANCE = 1e-4;
let results: Awaited<ReturnType<typeof onCpuAndWasm>>;
const groups = GROUPS;
const flat = groups.flatMap((g, gi) => g.cases.map((c, ci) => ({ group: g, c, run: g.make(c, 1000 * gi + 10 * ci) })));

beforeAll(async () => {
  results = await onCpuAndWasm(flat.map((f) => f.run));
});

describe.each(groups)('wasm conv kernels vs cpu: $label', (group) => {
  it.each(group.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const i = flat.findIndex((f) => f.group === group && f.c === c);
    const want = results.cpu[i];
    const got = results.wasm[i];
    expect(got.length).toBe(group.outputs.length);
    group.outputs.forEach((label, k) => {
      // A non-trivial reference: all-zero gradients would make the comparison meaningless.
      expect(Math.max(...want[k].map(Math.abs)), `${label} reference is all zero`).toBeGreaterThan(1e-3);
      expect(relativeError(got[k], want[k]), label).toBeLessThan(TOLERANCE);
    });
  });
});

describe('wasm conv kernels are the registered ones', () => {
  it('runs on wasm with our Conv2DBackpropFilter (the stock backend has none)', () => {
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
  });
});
