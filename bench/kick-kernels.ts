// The fused kick kernels (core/nn/energy-kick.ts) switched off and on in a bench process, so the same step can be
// timed with them and as the composed tfjs ops they replace (hgn-step).
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig } from '@tensorflow/tfjs-core';
import { KICK_GRAD_KERNEL, KICK_KERNEL } from '../main/core/nn/energy-kick';

/** Turns the fused kick kernels of the active backend off (the ops then run as composed tfjs ops) and on. */
export function kickKernels(): { on(): void; off(): void; present: boolean } {
  const backend = tf.getBackend();
  const saved = [KICK_KERNEL, KICK_GRAD_KERNEL].map((n) => tf.getKernel(n, backend)).filter((k): k is KernelConfig => k != null);
  return {
    present: saved.length === 2,
    off: () => saved.forEach((k) => tf.getKernel(k.kernelName, backend) && tf.unregisterKernel(k.kernelName, backend)),
    on: () => saved.forEach((k) => tf.getKernel(k.kernelName, backend) ?? tf.registerKernel(k)),
  };
}

