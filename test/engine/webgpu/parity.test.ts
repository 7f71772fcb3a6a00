// Kernel parity: every kernel the models use, forward and first-order gradient (and second order where the
// models differentiate twice), on the webgpu backend against the cpu backend, relative error below 1e-4.
// The coverage test (no GPU needed) keeps the table honest: it profiles one step of each model on cpu and fails
// if a kernel appears that no case runs.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../main/engine/backends';
import { makeRng } from '../../../main/core/random';
import { flowStep, hgnStep, hgnTinyPaper, hnnStep, pixelHnnStep } from '../model-steps';
import { KERNEL_CASES, type Domain, type KernelCase } from './kernel-cases';
import { relativeError, webGpuAvailable } from './gpu-env';

const available = await webGpuAvailable();
const TOLERANCE = 1e-4;

function values(shape: number[], domain: Domain, seed: number): Float32Array {
  const rng = makeRng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return Float32Array.from({ length: n }, () => {
    const u = rng();
    if (domain === 'positive') return 0.5 + u;
    if (domain === 'away-from-zero') return (u < 0.5 ? -1 : 1) * (0.2 + 0.8 * rng());
    return 2 * u - 1;
  });
}

/** Forward, first-order and (if asked) second-order results of one case on one backend, as plain arrays. */
async function evaluate(kc: KernelCase, backend: string): Promise<Record<string, Float32Array>> {
  await tf.setBackend(backend);
  const out: Record<string, tf.Tensor> = {};
  const xs = kc.inputs.map((inp, i) => tf.tensor(values(inp.shape, inp.domain ?? 'any', 100 + i), inp.shape));
  const y = kc.f(...xs);
  out.forward = y;
  const weights = tf.tensor(values(y.shape, 'any', 7), y.shape);
  if (!kc.noGradient) {
    const first = tf.grads((...a: tf.Tensor[]) => tf.sum(tf.mul(kc.f(...a), weights)))(xs);
    first.forEach((g, i) => (out[`d/dx${i}`] = g));
  }
  if (kc.secondOrder) {
    // Through square(f): the gradient's gradient exercises the kernel's own gradient kernels, even for linear ops.
    const inner = (...a: tf.Tensor[]) => tf.sum(tf.mul(tf.square(kc.f(...a)), weights));
    const probes = xs.map((x, i) => tf.tensor(values(x.shape, 'any', 300 + i), x.shape));
    const of = kc.secondOrderOf ?? xs.map((_, i) => i);
    const second = tf.grads((...a: tf.Tensor[]) => {
      const g = tf.grads(inner)(a);
      return tf.addN(of.map((i) => tf.sum(tf.mul(g[i], probes[i])))) as tf.Scalar;
    })(xs);
    second.forEach((g, i) => (out[`d2/dx${i}`] = g));
  }
  const arrays: Record<string, Float32Array> = {};
  for (const [k, t] of Object.entries(out)) arrays[k] = (await t.data()) as Float32Array;
  return arrays;
}

describe('kernel parity table', () => {
  it('covers every kernel one training step of each model runs (profiled on cpu)', async () => {
    await initBackend('cpu');
    const steps = [
      () => hgnStep(hgnTinyPaper('leapfrog'), 2),
      () => hgnStep(hgnTinyPaper('rk4'), 2),
      () => hgnStep({ ...hgnTinyPaper('leapfrog'), leapfrogIterations: 2 }, 2),
      () => hgnStep({ ...hgnTinyPaper('yoshida'), hamiltonianForm: 'separable', stochastic: false, klWeighting: 'beta', hamiltonianHarmonicPrior: 1.7 }, 2),
      () => hgnStep(hgnTinyPaper('euler'), 2),
      pixelHnnStep,
      hnnStep,
      () => flowStep('hamiltonian'),
      () => flowStep('realnvp'),
    ];
    const used = new Set<string>();
    for (const step of steps) {
      const profile = await tf.profile(async () => {
        await step();
      });
      for (const k of profile.kernels) if (tf.getKernel(k.name, 'cpu')) used.add(k.name);
    }
    const covered = new Set(KERNEL_CASES.flatMap((c) => c.kernels));
    expect([...used].filter((k) => !covered.has(k)).sort()).toEqual([]);
    expect(used.size).toBeGreaterThan(20);
  });
});

describe.skipIf(!available)('webgpu kernels against cpu', () => {
  beforeAll(async () => {
    await initBackend('cpu');
    await initBackend('webgpu');
  });

  it.each(KERNEL_CASES.map((c) => [c.name, c] as const))('%s', async (_name, kc) => {
    const cpu = await evaluate(kc, 'cpu');
    const gpu = await evaluate(kc, 'webgpu');
    expect(Object.keys(gpu)).toEqual(Object.keys(cpu));
    const errors = Object.fromEntries(Object.keys(cpu).map((k) => [k, relativeError(gpu[k], cpu[k])]));
    for (const [k, e] of Object.entries(errors)) expect(e, `${k}: relative error ${e}`).toBeLessThan(TOLERANCE);
  });
});
