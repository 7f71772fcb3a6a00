// Registers tfjs's WebGPU backend on a Dawn device of our choosing: the high-performance adapter, its own
// limits (a device gets the portable floor, e.g. 8 storage buffers per stage, unless it asks), and a watch on
// the device so a GPU that disappears fails the job with a clear message instead of returning zeros.
import * as tf from '@tensorflow/tfjs-core';
import { loadDawn } from './dawn';
import { pickAdapter, type AdapterSummary } from './adapter';
import { registerWebGpuKernels } from './kernels';

export type WebGpuLoad = { ok: true; summary: AdapterSummary; limits: GPUSupportedLimits } | { ok: false; reason: string };

/** Limits worth the adapter's maximum for training (bigger buffers, more bindings, bigger workgroups). */
const WANTED_LIMITS = [
  'maxStorageBuffersPerShaderStage',
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupSizeY',
  'maxComputeWorkgroupSizeZ',
  'maxComputeWorkgroupsPerDimension',
  'maxUniformBufferBindingSize',
] as const;

function requiredLimits(adapter: GPUAdapter): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of WANTED_LIMITS) {
    const value = (adapter.limits as unknown as Record<string, number | undefined>)[name];
    if (typeof value === 'number') out[name] = value;
  }
  return out;
}

let lostReason: string | null = null;
let device: Promise<WebGpuLoad> | null = null;

/** Why this thread's GPU device was lost (driver reset, GPU removed) or reported an error, or null while it is fine. */
export function webGpuLost(): string | null {
  return lostReason;
}

async function setUp(adapter: GPUAdapter, summary: AdapterSummary): Promise<WebGpuLoad> {
  // Imported only now: the package registers its own factory at import when navigator.gpu exists.
  const { WebGPUBackend } = await import('@tensorflow/tfjs-backend-webgpu');
  let gpuDevice: GPUDevice;
  try {
    const requiredFeatures = (['timestamp-query'] as GPUFeatureName[]).filter((f) => adapter.features.has(f));
    gpuDevice = await adapter.requestDevice({ requiredLimits: requiredLimits(adapter), requiredFeatures });
  } catch (err) {
    return { ok: false, reason: `the GPU (${summary.line}) refused a device: ${err instanceof Error ? err.message : String(err)}` };
  }
  void gpuDevice.lost.then((info) => {
    if (info.reason !== 'destroyed') lostReason = `the GPU device was lost (${info.message || info.reason})`;
  });
  // WebGPU reports a failed pipeline or command (an invalid shader, a binding over the limits) here and nowhere
  // else: the results would be garbage without a throw, so the job host treats it like a lost device.
  gpuDevice.addEventListener('uncapturederror', (event) => {
    const error = (event as GPUUncapturedErrorEvent).error;
    lostReason ??= `the GPU reported an error (${error?.message?.split('\n')[0] ?? 'unknown'})`;
  });
  if (tf.findBackendFactory('webgpu') != null) tf.removeBackend('webgpu');
  tf.registerBackend('webgpu', () => new WebGPUBackend(gpuDevice, adapter.info), 1);
  registerWebGpuKernels(gpuDevice.limits);
  return { ok: true, summary, limits: gpuDevice.limits };
}

/**
 * Prepares the webgpu backend in this thread. `allowSoftware`: take a software adapter (the user forced webgpu);
 * `auto` passes false. The adapter is judged on every call (cheap); the device is created once per thread.
 */
export async function loadWebGpu(allowSoftware: boolean): Promise<WebGpuLoad> {
  const dawn = await loadDawn();
  if (!dawn.ok) return dawn;
  const pick = await pickAdapter(dawn.gpu, allowSoftware);
  if (!pick.ok) return pick;
  device ??= setUp(pick.adapter, pick.summary);
  return device;
}
