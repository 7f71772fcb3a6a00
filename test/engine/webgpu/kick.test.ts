// The energy kick's WGSL programs against the composed ops on cpu: value and gradients in every input, for every
// case of the kick tests, as one kernel each way; networks too big for workgroup memory take the composed ops.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../main/engine/backends';
import { energyKick, KICK_GRAD_KERNEL, KICK_KERNEL } from '../../../main/core/nn/energy-kick';
import { kickFits } from '../../../main/engine/webgpu/kernels/kick';
import { KICK_CASES, kickKernelNames, kickValueAndGrads } from '../../core/hgn/energy-kick-cases';
import { relativeError, webGpuAvailable } from './gpu-env';

const available = await webGpuAvailable();

describe.skipIf(!available)('energy kick on webgpu', () => {
  beforeAll(async () => {
    await initBackend('cpu');
    await initBackend('webgpu');
  });

  it.each(KICK_CASES.map((c) => [c.name, c] as const))('%s: same value and gradients as the composed ops on cpu', async (_n, kc) => {
    await tf.setBackend('cpu');
    const composed = await kickValueAndGrads(kc);
    await tf.setBackend('webgpu');
    const gpu = await kickValueAndGrads(kc);
    expect(gpu.length).toBe(composed.length);
    gpu.forEach((a, i) => expect(relativeError(a, composed[i]), `output ${i}`).toBeLessThan(1e-4));
  });

  it('runs as one kernel each way', async () => {
    await tf.setBackend('webgpu');
    const names = await kickKernelNames(KICK_CASES[0]);
    expect(names.filter((n) => n === KICK_KERNEL)).toHaveLength(1);
    expect(names.filter((n) => n === KICK_GRAD_KERNEL)).toHaveLength(1);
    expect(names.filter((n) => n.startsWith('Conv'))).toHaveLength(0);
  });

  it('a network too big for workgroup memory is refused (and then runs as composed ops)', () => {
    const big = { ...KICK_CASES[0].spec, layers: KICK_CASES[0].spec.layers.map((l, i) => ({ ...l, cout: i === 4 ? 1 : 256, cin: i === 0 ? l.cin : 256 })) };
    expect(kickFits({ maxComputeWorkgroupStorageSize: 16384 }, big, 8, 8)).toBe(false);
    expect(kickFits({ maxComputeWorkgroupStorageSize: 16384 }, KICK_CASES[0].spec, 4, 4)).toBe(true);
  });
});
