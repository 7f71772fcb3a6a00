// The decoder's fused passes on oneDNN's addon (native/onednn-kernels/src/eltwise.cc) against the composed ops on
// the cpu backend: activation gradients with their bias sums, relu(a + b) and its gradients, 2x upsampling and its
// gradient, a native Add of large tensors, and a whole laptop HGN step's loss and gradients; each runs as the one kernel it claims; bad sizes get
// clear errors; nothing leaks.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { initBackend } from '../../../main/engine/backends';
import { loadOneDnnAddon } from '../../../main/engine/native-kernels/addon';
import { ACTIVATION_GRAD_KERNEL, CHANNEL_SUM_KERNEL, activationBackward, type FusableActivation } from '../../../main/core/nn/activation-grad';
import { ADD_RELU_KERNEL, addRelu } from '../../../main/core/nn/add-relu';
import { UPSAMPLE_GRAD_KERNEL, UPSAMPLE_KERNEL, upsample2xFirstOrder } from '../../../main/core/nn/upsample';
import { hgnLaptop, hgnStep } from '../model-steps';
import { normal, onCpuAndWasm, relativeError } from '../wasm-kernels/compare';

const addon = loadOneDnnAddon();
const required = process.env.HS_REQUIRE_NATIVE === '1';

/** Runs `f` on cpu (composed ops) and on wasm (the addon's kernels), returning both outputs as arrays. */
async function both(f: () => tf.Tensor[]): Promise<{ cpu: Float32Array[]; wasm: Float32Array[] }> {
  const r = await onCpuAndWasm([f]);
  return { cpu: r.cpu[0], wasm: r.wasm[0] };
}

function expectClose(r: { cpu: Float32Array[]; wasm: Float32Array[] }, tol = 1e-5): void {
  expect(r.wasm.length).toBe(r.cpu.length);
  r.wasm.forEach((w, i) => expect(relativeError(w, r.cpu[i]), `output ${i}`).toBeLessThan(tol));
}

/** The kernel names one computation runs on the active backend. */
async function kernelsOf(f: () => tf.Tensor[]): Promise<string[]> {
  const p = await tf.profile(() => f());
  tf.dispose(p.result as tf.Tensor[]);
  return p.kernels.map((k) => k.name);
}

describe.skipIf(!addon.ok && !required)('fused decoder passes on oneDNN', () => {
  beforeAll(async () => {
    await initBackend('wasm');
    for (const k of [ACTIVATION_GRAD_KERNEL, CHANNEL_SUM_KERNEL, ADD_RELU_KERNEL, UPSAMPLE_KERNEL, UPSAMPLE_GRAD_KERNEL]) expect(tf.getKernel(k, 'wasm'), k).toBeDefined();
  });

  // Sizes past the addon's block of 256 rows, with channel counts that do not fill a vector (3, 5) or do (16).
  const shapes = [[2, 17, 19, 3], [3, 16, 16, 16], [1, 9, 31, 5]];
  const activations: FusableActivation[] = ['relu', 'sigmoid', 'linear'];

  it.each(activations.flatMap((a) => shapes.map((s) => [a, s] as const)))('activation backward, %s at %j: g and the bias sum', async (act, shape) => {
    const r = await both(() => {
      const dy = normal(shape, 1);
      const pre = normal(shape, 2);
      const y = act === 'relu' ? tf.relu(pre) : act === 'sigmoid' ? tf.sigmoid(pre) : pre;
      const { g, db } = activationBackward(dy, y, act);
      return [tf.clone(g), db];
    });
    expect(r.wasm[1]).toHaveLength(shape[3]);
    expectClose(r);
  });

  it.each(shapes.map((s) => [s] as const))('relu(a + b) and its gradients at %j', async (shape) => {
    expectClose(
      await both(() => {
        const [a, b, w] = [normal(shape, 3), normal(shape, 4), normal(shape, 5)];
        const y = addRelu(a, b);
        const [da, db] = tf.grads((x: tf.Tensor, z: tf.Tensor) => tf.sum(tf.mul(addRelu(x, z), w)))([a, b]);
        return [y, da, db];
      }),
    );
  });

  it.each(shapes.map((s) => [s] as const))('2x upsampling and its gradient at %j', async (shape) => {
    const [n, h, w, c] = shape;
    expectClose(
      await both(() => {
        const x = normal(shape, 6) as tf.Tensor4D;
        const weights = normal([n, 2 * h, 2 * w, c], 7);
        const y = upsample2xFirstOrder(x);
        const dx = tf.grad((z: tf.Tensor) => tf.sum(tf.mul(upsample2xFirstOrder(z as tf.Tensor4D), weights)))(x);
        return [y, dx];
      }),
    );
  });

  it('Add of large tensors of one shape runs natively and agrees; broadcasts and small ones keep the wasm kernel', async () => {
    const big = [4, 32, 32, 16];
    expectClose(await both(() => [tf.add(normal(big, 1), normal(big, 2)), tf.add(normal(big, 3), normal([16], 4)), tf.add(normal([5, 3], 5), normal([5, 3], 6))]), 1e-7);
    await initBackend('wasm');
    const calls = vi.spyOn(addon.ok ? addon.addon : { add: () => undefined }, 'add');
    tf.dispose([tf.add(normal(big, 1), normal(big, 2))]);
    expect(calls).toHaveBeenCalledTimes(1);
    tf.dispose([tf.add(normal(big, 3), normal([16], 4)), tf.add(normal([5, 3], 5), normal([5, 3], 6))]);
    expect(calls).toHaveBeenCalledTimes(1);
    calls.mockRestore();
  });

  it('each pass is one kernel on wasm', async () => {
    await initBackend('wasm');
    const shape = [2, 8, 8, 4];
    const names = await kernelsOf(() => {
      const [a, b] = [normal(shape, 1), normal(shape, 2)];
      const y = addRelu(a, b);
      const [da] = tf.grads((x: tf.Tensor) => tf.sum(upsample2xFirstOrder(addRelu(x, b) as tf.Tensor4D)))([a]);
      const { g, db } = activationBackward(a, y, 'sigmoid');
      return [y, da, tf.clone(g), db, activationBackward(a, y, 'linear').db];
    });
    for (const k of [ADD_RELU_KERNEL, UPSAMPLE_KERNEL, UPSAMPLE_GRAD_KERNEL, ACTIVATION_GRAD_KERNEL, CHANNEL_SUM_KERNEL]) expect(names, k).toContain(k);
    for (const k of ['Relu', 'Step', 'AvgPool']) expect(names, k).not.toContain(k);
  });

  it('a laptop HGN step gives the cpu backend\'s loss and gradients', async () => {
    const config = { ...hgnLaptop(), rolloutFrames: 6, curriculum: 'none' as const };
    await initBackend('cpu');
    const cpu = await hgnStep(config, 2);
    await initBackend('wasm');
    const wasm = await hgnStep(config, 2);
    expect(Math.abs(wasm.loss - cpu.loss) / Math.abs(cpu.loss)).toBeLessThan(1e-5);
    expect(Object.keys(wasm.grads).sort()).toEqual(Object.keys(cpu.grads).sort());
    for (const [k, g] of Object.entries(cpu.grads)) expect(relativeError(wasm.grads[k], g), k).toBeLessThan(1e-4);
  }, 120_000);

  it('refuses sizes its arrays cannot hold, with a clear error', () => {
    if (!addon.ok) throw new Error(addon.reason);
    const a = addon.addon;
    const f = new Float32Array(16);
    expect(() => a.addRelu(f, f, new Float32Array(8), 16)).toThrow(/y holds 8 floats, needs 16/);
    expect(() => a.activationGrad(1, f, f, f, new Float32Array(2), 4, 4)).toThrow(/db holds 2 floats, needs 4/);
    expect(() => a.activationGrad(7, f, f, f, f, 4, 4)).toThrow(/activation must be/);
    expect(() => a.upsample2x(f, f, 1, 2, 2, 4)).toThrow(/y holds 16 floats, needs 64/);
    expect(() => a.upsample2xGrad(f, f, 1, 0, 2, 4)).toThrow(/h must be >= 1/);
  });

  it('leaves no tensors behind over many steps', async () => {
    await initBackend('wasm');
    const shape = [2, 8, 8, 4];
    const [a, b] = [normal(shape, 1), normal(shape, 2)];
    const before = tf.memory().numTensors;
    for (let i = 0; i < 30; i++) {
      const gs = tf.grads((x: tf.Tensor, z: tf.Tensor) => tf.sum(upsample2xFirstOrder(addRelu(x, z) as tf.Tensor4D)))([a, b]);
      tf.dispose(gs);
      const { g, db } = activationBackward(a, b, 'relu');
      tf.dispose([g, db]);
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([a, b]);
  });
});
