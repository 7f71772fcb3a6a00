// The webgpu backend on the machine's adapter (SwiftShader in CI): forced it loads, on `auto` a software
// adapter is refused with the reason in the device line, AddN is right past the storage-buffer limit, the
// second-order fixes hold, and Dawn loads in several worker threads at once (so WebGPU jobs run side by side).
import * as tf from '@tensorflow/tfjs-core';
import { Worker } from 'node:worker_threads';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../../main/engine/backends';
import { checkSecondOrderGradients } from '../../../main/core/autodiff/second-order-check';
import { loadWebGpu, webGpuLost } from '../../../main/engine/webgpu/backend';
import { webGpuAvailable } from './gpu-env';

const available = await webGpuAvailable();

describe.skipIf(!available)('webgpu backend', () => {
  it('auto never takes a software adapter, and says so in the device line', async () => {
    const load = await loadWebGpu(false);
    if (load.ok) return; // a real GPU: auto takes it (nothing to refuse here)
    expect(load.reason).toMatch(/software WebGPU adapter/);
    const info = await initBackend('auto');
    expect(info.name).not.toBe('webgpu');
    expect(info.device).toMatch(/no GPU: only a software WebGPU adapter/);
  });

  it('loads when forced, and names the adapter', async () => {
    const info = await initBackend('webgpu');
    expect(info.name).toBe('webgpu');
    expect(tf.getBackend()).toBe('webgpu');
    expect(info.device).toMatch(/^WebGPU \((Vulkan|Metal|D3D12)\): /);
  });

  it('adds 64 tensors right (tfjs-webgpu binds every input in one shader: wrong above the limit)', async () => {
    await initBackend('webgpu');
    const xs = Array.from({ length: 64 }, (_, i) => tf.fill([3, 5], i + 0.5));
    const sum = tf.addN(xs);
    const values = await sum.data();
    expect(Array.from(values)).toEqual(new Array(15).fill((63 * 64) / 2 + 32));
    tf.dispose([sum, ...xs]);
  });

  it('keeps second-order gradients right (tanh, sigmoid, exp, softplus, pow, softmax)', async () => {
    await initBackend('webgpu');
    const checks = await checkSecondOrderGradients();
    expect(checks.filter((c) => !c.ok)).toEqual([]);
  });

  it('has no synchronous reads: tfjs reads back through OffscreenCanvas, which Node lacks', async () => {
    await initBackend('webgpu');
    // Computed on the GPU (small tensors made on the host would still have their values on the CPU side).
    const t = tf.square(tf.fill([4096], 2));
    expect(() => t.dataSync()).toThrow();
    expect((await t.data())[4095]).toBe(4);
    t.dispose();
  });

  it('Dawn loads in several worker threads at once, each with its own device', async () => {
    const script = path.join(__dirname, 'fixtures', 'dawn-thread.mjs');
    const results = await Promise.all(
      [1, 2, 3].map(
        (seed) =>
          new Promise<{ threadId: number; ok: boolean; sum: number }>((resolve, reject) => {
            const w = new Worker(script, { workerData: { seed } });
            w.once('message', (m) => {
              resolve(m);
              void w.terminate();
            });
            w.once('error', reject);
          }),
      ),
    );
    expect(results.map((r) => r.ok)).toEqual([true, true, true]);
    for (const r of results) expect(Number.isFinite(r.sum) && r.sum > 0).toBe(true);
    expect(new Set(results.map((r) => r.threadId)).size).toBe(3);
  });

  // Last: it leaves this thread's device marked as failed.
  it('an error the GPU reports (an invalid shader here) is caught, for the job host to stop the job with it', async () => {
    await initBackend('webgpu');
    expect(webGpuLost()).toBeNull();
    const device = (tf.backend() as unknown as { device: GPUDevice }).device;
    device.createShaderModule({ code: 'fn broken( {' });
    await expect.poll(() => webGpuLost()).toMatch(/the GPU reported an error \(Error while parsing WGSL/);
  });
});
