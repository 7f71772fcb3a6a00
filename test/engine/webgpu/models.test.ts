// Whole training steps on the webgpu backend against the cpu backend: an HGN step of the laptop preset at batch 2
// (its first step, on the curriculum's 6 frames) and of the paper's layout in miniature, the flows, PixelHNN and
// the HNN, loss and every weight's gradient within 1e-4 relative; and 20 HGN training steps that leave no
// tensors and no GPU buffers behind.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../main/engine/backends';
import { HgnTrainer } from '../../../main/core/models/hgn/train';
import { createHgn, disposeHgn } from '../../../main/core/models/hgn/model';
import { flowStep, hgnLaptop, hgnStep, hgnTinyPaper, hnnStep, pixelHnnStep, type StepResult } from '../model-steps';
import { movingSquares, tinyConfig } from '../../core/hgn/tiny';
import { relativeError, webGpuAvailable } from './gpu-env';

const available = await webGpuAvailable();
const TOLERANCE = 1e-4;

async function onBoth(step: () => Promise<StepResult>): Promise<{ cpu: StepResult; gpu: StepResult }> {
  await tf.setBackend('cpu');
  const cpu = await step();
  await tf.setBackend('webgpu');
  const gpu = await step();
  return { cpu, gpu };
}

function expectSame({ cpu, gpu }: { cpu: StepResult; gpu: StepResult }): void {
  expect(Math.abs(gpu.loss - cpu.loss) / Math.abs(cpu.loss)).toBeLessThan(TOLERANCE);
  // A weight the loss does not reach (the flows' output biases: dK/dp ignores them) has no gradient where the
  // gradient is written out (cpu) and a zero one through the fused kick's packed weights (webgpu): both are zero.
  for (const name of new Set([...Object.keys(gpu.grads), ...Object.keys(cpu.grads)])) {
    if (!(name in gpu.grads) || !(name in cpu.grads)) {
      const only = gpu.grads[name] ?? cpu.grads[name];
      expect(only.every((v) => v === 0), `${name}: a gradient on one backend only, and not zero`).toBe(true);
      continue;
    }
    const e = relativeError(gpu.grads[name], cpu.grads[name]);
    expect(e, `gradient of ${name}: relative error ${e}`).toBeLessThan(TOLERANCE);
  }
}

describe.skipIf(!available)('training steps on webgpu match cpu', () => {
  beforeAll(async () => {
    await initBackend('cpu');
    await initBackend('webgpu');
  });

  it('HGN, laptop preset, batch 2', async () => expectSame(await onBoth(() => hgnStep(hgnLaptop(), 2))), 600_000);
  it('HGN, the paper layout in miniature (general H, stochastic encoder, GECO)', async () => expectSame(await onBoth(() => hgnStep(hgnTinyPaper(), 3))));
  it.each(['euler', 'rk4', 'yoshida'] as const)('HGN with the %s integrator', async (integrator) => expectSame(await onBoth(() => hgnStep(hgnTinyPaper(integrator), 2))));
  it('Hamiltonian flow with an SO(2) bracket constraint and learned step sizes', async () => expectSame(await onBoth(() => flowStep('hamiltonian'))));
  it('RealNVP', async () => expectSame(await onBoth(() => flowStep('realnvp'))));
  it('PixelHNN', async () => expectSame(await onBoth(pixelHnnStep)));
  it('HNN', async () => expectSame(await onBoth(hnnStep)));

  it('20 HGN training steps leave no tensors and no GPU buffers behind', async () => {
    await tf.setBackend('webgpu');
    // GPU bytes in use once the queue has been flushed (a read submits it and frees its uniform and staging buffers).
    const usage = async () => {
      const t = tf.tidy(() => tf.square(tf.fill([2048], 3)));
      await t.data();
      t.dispose();
      return { tensors: tf.memory().numTensors, bytes: (tf.memory() as tf.MemoryInfo & { numBytesInGPU: number }).numBytesInGPU };
    };
    const before = await usage();
    const m = createHgn(tinyConfig());
    const trainer = new HgnTrainer(m, { train: movingSquares(6, 6), steps: 20, checkpointEvery: 5 });
    let steps = 0;
    let afterFive: { tensors: number; bytes: number } | null = null;
    for await (const ev of trainer.run()) {
      if (ev.type !== 'metrics') continue;
      steps++;
      if (steps === 5) afterFive = await usage();
    }
    expect(steps).toBe(20);
    // Flat from step 5 to step 20: nothing accumulates per step.
    expect(await usage()).toEqual(afterFive);
    trainer.dispose();
    disposeHgn(m);
    expect(await usage()).toEqual(before);
  });
});
