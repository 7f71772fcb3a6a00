// The AddN split (no GPU needed): on the cpu backend, with the stock kernel wrapped, sums of many tensors come out
// right while no call binds more inputs than the limit allows.
import * as tf from '@tensorflow/tfjs-core';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../main/engine/backends';
import { addNChunkSize, splitAddN } from '../../../main/engine/webgpu/kernels/add-n';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('AddN split under the storage-buffer limit', () => {
  it('leaves one binding of the limit for the output', () => {
    expect(addNChunkSize(8)).toBe(7);
    expect(addNChunkSize(16)).toBe(15);
  });

  it.each([1, 2, 7, 8, 20, 59, 64])('sums %i tensors with at most 7 inputs a call and frees its partial sums', (n) => {
    const stock = tf.getKernel('AddN', 'cpu')!.kernelFunc;
    const sizes: number[] = [];
    const counting: KernelFunc = (args) => {
      sizes.push((args.inputs as unknown as TensorInfo[]).length);
      return stock(args);
    };
    const split = splitAddN(counting, 7);
    const xs = Array.from({ length: n }, (_, i) => tf.fill([4], i + 1));
    const before = tf.memory().numTensors;
    const backend = tf.backend();
    const out = split({ inputs: xs as unknown as tf.NamedTensorInfoMap, backend, attrs: {} }) as TensorInfo;
    const values = backend.readSync(out.dataId) as Float32Array;
    expect(Array.from(values)).toEqual(new Array(4).fill((n * (n + 1)) / 2));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(7);
    // Only the result's data remains: every partial sum was disposed.
    backend.disposeData(out.dataId);
    expect(tf.memory().numTensors).toBe(before);
    expect((backend as unknown as { numDataIds(): number }).numDataIds()).toBe(n);
    tf.dispose(xs);
  });
});
