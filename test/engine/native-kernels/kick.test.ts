// The energy kick's oneDNN kernels (native/onednn-kernels/src/kick.cc) against the composed ops on cpu: value and
// gradients in every input, for every case of the kick tests; bad descriptions get clear errors; nothing leaks.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../main/engine/backends';
import { loadOneDnnAddon } from '../../../main/engine/native-kernels/addon';
import { energyKick, KICK_GRAD_KERNEL, KICK_KERNEL } from '../../../main/core/nn/energy-kick';
import { KICK_CASES, kickInputs, kickKernelNames, kickValueAndGrads, maxRelative } from '../../core/hgn/energy-kick-cases';

const addon = loadOneDnnAddon();
const required = process.env.HS_REQUIRE_NATIVE === '1';

describe.skipIf(!addon.ok && !required)('energy kick on oneDNN', () => {
  beforeAll(async () => {
    await initBackend('wasm');
    expect(tf.getKernel(KICK_KERNEL, 'wasm')).toBeDefined();
    expect(tf.getKernel(KICK_GRAD_KERNEL, 'wasm')).toBeDefined();
  });

  it.each(KICK_CASES.map((c) => [c.name, c] as const))('%s: same value and gradients as the composed ops', async (_n, kc) => {
    await tf.setBackend('wasm');
    const native = await kickValueAndGrads(kc);
    await initBackend('cpu');
    const composed = await kickValueAndGrads(kc);
    await tf.setBackend('wasm');
    expect(native.length).toBe(composed.length);
    native.forEach((a, i) => expect(maxRelative(a, composed[i]), `output ${i}`).toBeLessThan(1e-5));
  });

  it('runs as one kernel each way', async () => {
    await tf.setBackend('wasm');
    const names = await kickKernelNames(KICK_CASES[0]);
    expect(names.filter((n) => n === KICK_KERNEL)).toHaveLength(1);
    expect(names.filter((n) => n === KICK_GRAD_KERNEL)).toHaveLength(1);
    expect(names.filter((n) => n.startsWith('Conv'))).toHaveLength(0);
  });

  it('refuses malformed descriptions with a clear error', () => {
    if (!addon.ok) throw new Error(addon.reason);
    const f = new Float32Array(64);
    expect(() => addon.addon.kickForward([f], f, null, f, Int32Array.from([1, 2, 2, 1, 1, 0, 0, 2, 1, 1, 1, 1, 1]), Float32Array.from([1, 0]))).toThrow(/malformed kick description/);
    expect(() => addon.addon.kickForward([f], f, null, f, Int32Array.from([1, 2, 2, 1, 1, 0, 0, 1, 3, 1, 1, 1, 1]), Float32Array.from([1, 0]))).not.toThrow();
    expect(() => addon.addon.kickForward([f], f, null, new Float32Array(1), Int32Array.from([2, 2, 2, 1, 1, 0, 0, 1, 3, 1, 1, 1, 1]), Float32Array.from([1, 0]))).toThrow(/kick output holds 1 floats, needs 8/);
    expect(() => addon.addon.kickForward([f], f, null, f, Int32Array.from([1, 2, 2, 1, 1, 0, 0, 1, 3, 1, 1, 2, 1]), Float32Array.from([1, 0]))).toThrow(/input channels do not match/);
  });

  it('leaves no tensors or heap data behind over many calls', async () => {
    await tf.setBackend('wasm');
    const kc = KICK_CASES[1];
    const inp = kickInputs(kc);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) {
      const g = tf.grads((q: tf.Tensor, p: tf.Tensor, w: tf.Tensor, t: tf.Tensor) => tf.sum(energyKick(kc.spec, [q as tf.Tensor4D, p as tf.Tensor4D], w, t)))([...inp.parts, inp.packed, inp.target!]);
      tf.dispose(g);
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
