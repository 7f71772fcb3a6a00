// Registration of the wasm training kernels: idempotent, reversible, no leaks, clear errors, NCHW fallback.
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { initBackend } from '../../../main/engine/backends';
import { registerWasmTrainingKernels, restoreStockWasmKernels, WASM_TRAINING_KERNELS } from '../../../main/engine/wasm-kernels';
import { useNativeKernels } from '../../../main/engine/native-kernels';
import { evaluate, normal, relativeError } from './compare';

// These tests are about the wasm kernels themselves: keep oneDNN out of the way.
useNativeKernels(false);

function ours(name: string): boolean {
  const kernel = WASM_TRAINING_KERNELS.find((k) => k.name === name);
  return kernel != null && tf.getKernel(name, 'wasm')?.kernelFunc === kernel.func;
}

function backendDataIds(): number {
  return (tf.backend() as unknown as { numDataIds(): number }).numDataIds();
}

/** One second-order training-like step through every registered kernel (stride 1 and 2, transposed, batched). */
function step(w1: tf.Variable, w2: tf.Variable, m: tf.Variable, seed: number): number {
  const loss = tf.tidy(() => {
    const x = normal([2, 9, 9, 3], seed) as tf.Tensor4D;
    const energy = (xv: tf.Tensor): tf.Scalar => {
      const h = tf.softplus(tf.conv2d(xv as tf.Tensor4D, w1 as tf.Tensor4D, 2, 'same'));
      const up = tf.conv2dTranspose(h, w2 as tf.Tensor4D, [2, 9, 9, 3], 2, 'same');
      const flat = tf.reshape(up, [2, 81, 3]);
      return tf.sum(tf.square(tf.matMul(flat, tf.tile(tf.expandDims(m, 0), [2, 1, 1]), false, true)));
    };
    const inner = (xv: tf.Tensor): tf.Scalar => tf.sum(tf.square(tf.grad(energy)(xv)));
    const { value, grads } = tf.variableGrads(() => inner(x), [w1, w2, m]);
    tf.dispose(grads);
    return value;
  });
  const value = loss.dataSync()[0];
  loss.dispose();
  return value;
}

beforeAll(async () => {
  await initBackend('wasm');
});

afterEach(() => {
  vi.restoreAllMocks();
  registerWasmTrainingKernels();
});

describe('registerWasmTrainingKernels', () => {
  it('installs all its kernels on wasm', () => {
    expect(tf.getBackend()).toBe('wasm');
    for (const k of WASM_TRAINING_KERNELS) expect(ours(k.name), k.name).toBe(true);
  });

  it('is idempotent: registering again (or re-initialising wasm) neither throws nor warns', async () => {
    const warn = vi.spyOn(console, 'warn');
    expect(() => registerWasmTrainingKernels()).not.toThrow();
    await initBackend('wasm');
    expect(warn).not.toHaveBeenCalled();
    for (const k of WASM_TRAINING_KERNELS) expect(ours(k.name), k.name).toBe(true);
  });

  it('restoreStockWasmKernels puts the stock kernels back, and registering again restores ours', () => {
    const product = () => {
      const a = normal([40, 30], 1);
      const b = normal([50, 30], 2);
      return [tf.matMul(a, b, false, true)];
    };
    const [fast] = evaluate(product);
    restoreStockWasmKernels();
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    expect(ours('BatchMatMul')).toBe(false);
    expect(ours('Conv2DBackpropInput')).toBe(false);
    const [stock] = evaluate(product);
    expect(relativeError(fast, stock)).toBeLessThan(1e-5);
    registerWasmTrainingKernels();
    for (const k of WASM_TRAINING_KERNELS) expect(ours(k.name), k.name).toBe(true);
  });
});

describe('the kernels release their intermediates', () => {
  it('keeps tensors and wasm data ids flat over many second-order steps', () => {
    const w1 = tf.variable(tf.mul(normal([3, 3, 3, 8], 11), 0.2));
    const w2 = tf.variable(tf.mul(normal([3, 3, 3, 8], 12), 0.2));
    const m = tf.variable(tf.mul(normal([5, 3], 13), 0.2));
    const first = step(w1, w2, m, 100);
    expect(Number.isFinite(first)).toBe(true);
    const tensors = tf.memory().numTensors;
    const dataIds = backendDataIds();
    for (let i = 1; i <= 25; i++) step(w1, w2, m, 100 + i);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backendDataIds()).toBe(dataIds);
    tf.dispose([w1, w2, m]);
  });
});

describe('data formats', () => {
  const attrs = (dataFormat: string, extra: Record<string, unknown>) =>
    ({ strides: 1, pad: 'same', dataFormat, dimRoundingMode: undefined, ...extra }) as unknown as tf.NamedAttrMap;

  it('Conv2DBackpropFilter rejects NCHW with a clear error (the wasm Conv2D is NHWC only)', () => {
    const run = () =>
      tf.tidy(() =>
        tf.engine().runKernel('Conv2DBackpropFilter', { x: tf.zeros([1, 2, 5, 5]), dy: tf.zeros([1, 4, 5, 5]) }, attrs('NCHW', { filterShape: [3, 3, 2, 4] })),
      );
    expect(run).toThrow(/NHWC/);
  });

  it('Conv2DBackpropInput handles NCHW through the stock kernel, matching the cpu backend', async () => {
    const compute = () => [
      tf.engine().runKernel(
        'Conv2DBackpropInput',
        { dy: normal([2, 4, 5, 6], 21), filter: normal([3, 3, 3, 4], 22) },
        attrs('NCHW', { inputShape: [2, 3, 5, 6] }),
      ) as tf.Tensor,
    ];
    const [wasm] = evaluate(compute);
    await initBackend('cpu');
    const [cpu] = evaluate(compute);
    await initBackend('wasm');
    expect(relativeError(wasm, cpu)).toBeLessThan(1e-4);
  });
});
