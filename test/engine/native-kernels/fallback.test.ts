// When oneDNN refuses a case, the replaced wasm kernel computes it: same result, one warning, nothing leaked.
// Uses a stand-in addon, so it runs whether or not the real one is built.
import * as tf from '@tensorflow/tfjs-core';
import type { KernelFunc } from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { initBackend } from '../../../main/engine/backends';
import { useNativeKernels } from '../../../main/engine/native-kernels';
import type { OneDnnAddon } from '../../../main/engine/native-kernels/addon';
import { conv2D } from '../../../main/engine/native-kernels/conv-kernels';
import { normal } from '../wasm-kernels/compare';

const refusing: OneDnnAddon = {
  convForward: () => {
    throw new Error('oneDNN kernels: could not create a primitive descriptor');
  },
  convBackwardData: () => undefined,
  convBackwardWeights: () => undefined,
  convBackward: () => undefined,
  gemm: () => undefined,
  kickForward: () => undefined,
  kickBackward: () => undefined,
  activationGrad: () => undefined,
  add: () => undefined,
  addRelu: () => undefined,
  upsample2x: () => undefined,
  upsample2xGrad: () => undefined,
  implementation: () => 'none',
  setThreads: () => undefined,
  info: () => ({ library: 'oneDNN', version: '0.0.0', threads: 1, bf16: '' }),
};

let stock: tf.KernelConfig;

beforeAll(async () => {
  useNativeKernels(false);
  await initBackend('wasm');
  stock = tf.getKernel('Conv2D', 'wasm')!;
  tf.unregisterKernel('Conv2D', 'wasm');
  tf.registerKernel({ ...stock, kernelFunc: conv2D(refusing, stock.kernelFunc as KernelFunc) });
});

afterAll(() => {
  tf.unregisterKernel('Conv2D', 'wasm');
  tf.registerKernel(stock);
});

describe('a refusing oneDNN', () => {
  it('hands the conv to the wasm kernel, warns once, and leaks nothing', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const x = normal([1, 5, 5, 2], 1) as tf.Tensor4D;
    const f = normal([3, 3, 2, 3], 2) as tf.Tensor4D;
    const ids = backend.numDataIds();
    const a = tf.conv2d(x, f, 1, 'same');
    const b = tf.conv2d(x, f, 1, 'same');
    expect(backend.numDataIds()).toBe(ids + 2); // the two results, no orphaned native outputs
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    expect(Math.max(...Array.from(a.dataSync()).map(Math.abs))).toBeGreaterThan(0.1);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toContain('could not create a primitive descriptor; using the wasm kernel');
    tf.dispose([x, f, a, b]);
    warn.mockRestore();
  });
});
