// The fused Adam update against the composed ops: the wasm kernel (a loop on the heap) and, where an adapter
// exists, the WebGPU programs; both one kernel per parameter.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../main/engine/backends';
import { ADAM_KERNEL, adamStep, composeAdamStep, type AdamStepAttrs } from '../../main/core/training/adam-step';
import { makeRng } from '../../main/core/random';
import { relativeError, webGpuAvailable } from './webgpu/gpu-env';

const available = await webGpuAvailable();
const ATTRS: AdamStepAttrs = { lr: 3e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

function values(n: number, seed: number, positive = false): Float32Array {
  const rng = makeRng(seed);
  return Float32Array.from({ length: n }, () => (positive ? rng() * 0.01 : 2 * rng() - 1));
}

async function run(fused: boolean): Promise<Float32Array[]> {
  const shape = [3, 5, 7];
  const n = 105;
  const [p, m, g] = [1, 2, 3].map((s) => tf.tensor(values(n, s), shape));
  const v = tf.tensor(values(n, 4, true), shape);
  const out = fused ? adamStep(p, m, v, g, ATTRS) : composeAdamStep(p, m, v, g, ATTRS);
  const arrays = (await Promise.all(out.map((t) => t.data()))) as Float32Array[];
  tf.dispose([p, m, v, g, ...out]);
  return arrays;
}

describe.each([
  ['wasm', true],
  ['webgpu', available],
] as const)('fused Adam step on %s', (backend, runnable) => {
  it.skipIf(!runnable)('matches the composed update in p, m and v, as one kernel', async () => {
    await initBackend(backend);
    expect(tf.getKernel(ADAM_KERNEL, backend)).toBeDefined();
    const composed = await run(false);
    const profile = await tf.profile(async () => {
      const fused = await run(true);
      fused.forEach((a, i) => expect(relativeError(a, composed[i]), `output ${i}`).toBeLessThan(1e-5));
    });
    expect(profile.kernels.filter((k) => k.name === ADAM_KERNEL)).toHaveLength(1);
    expect(profile.kernels.filter((k) => ['Sqrt', 'RealDiv'].includes(k.name))).toHaveLength(0);
  });
});
