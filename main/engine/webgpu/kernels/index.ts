// The project's replacements for tfjs-webgpu kernels that are wrong (see README.md); each wraps the stock one.
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import { addNChunkSize, splitAddN } from './add-n';
import { KICK_GRAD_KERNEL, KICK_KERNEL, setKickKernelSupport } from '../../../core/nn/energy-kick';
import { kickBackwardWebGpu, kickForwardWebGpu, kickFits } from './kick';
import { adamStepWebGpu } from './adam-step';
import { ADAM_KERNEL } from '../../../core/training/adam-step';

export interface DeviceLimits {
  maxStorageBuffersPerShaderStage: number;
  maxComputeWorkgroupStorageSize: number;
}

const stock = new Map<string, KernelConfig>();

/** Puts the replacements in front of the stock kernels for a device with these limits. Idempotent. */
export function registerWebGpuKernels(limits: DeviceLimits): void {
  const replacements: Record<string, (k: KernelFunc) => KernelFunc> = {
    AddN: (k) => splitAddN(k, addNChunkSize(limits.maxStorageBuffersPerShaderStage)),
  };
  for (const [name, wrap] of Object.entries(replacements)) {
    const current = stock.get(name) ?? (tf.getKernel(name, 'webgpu') as KernelConfig | undefined);
    if (current == null) throw new Error(`registerWebGpuKernels: tfjs-webgpu has no ${name} kernel to wrap`);
    stock.set(name, current);
    tf.unregisterKernel(name, 'webgpu');
    tf.registerKernel({ ...current, kernelFunc: wrap(current.kernelFunc) });
  }
  // The project's own ops (no stock kernel: without these they run as composed ops).
  for (const [kernelName, kernelFunc] of [[KICK_KERNEL, kickForwardWebGpu], [KICK_GRAD_KERNEL, kickBackwardWebGpu], [ADAM_KERNEL, adamStepWebGpu]] as const) {
    if (tf.getKernel(kernelName, 'webgpu') == null) tf.registerKernel({ kernelName, backendName: 'webgpu', kernelFunc });
  }
  setKickKernelSupport('webgpu', (spec, shape) => kickFits(limits, spec, shape[1], shape[2]));
}
