// The project's fused-op kernels switched off and on in a bench process, so the same step can be timed with them
// and as the composed tfjs ops they replace (hgn-step): the energy kicks (core/nn/energy-kick.ts), the Adam update
// (core/training/adam-step.ts), the decoder's fused passes (core/nn: activation-grad.ts, add-relu.ts, upsample.ts)
// and the two-gradient conv backward (core/nn/conv-backward.ts). Off, the step is the implementation from before
// any of them.
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig } from '@tensorflow/tfjs-core';
import { KICK_GRAD_KERNEL, KICK_KERNEL } from '../main/core/nn/energy-kick';
import { ADAM_KERNEL } from '../main/core/training/adam-step';
import { ACTIVATION_GRAD_KERNEL, CHANNEL_SUM_KERNEL } from '../main/core/nn/activation-grad';
import { ADD_RELU_KERNEL } from '../main/core/nn/add-relu';
import { UPSAMPLE_GRAD_KERNEL, UPSAMPLE_KERNEL } from '../main/core/nn/upsample';
import { CONV_BACKWARD_KERNEL } from '../main/core/nn/conv-backward';

export const FUSED_OP_KERNELS = [KICK_KERNEL, KICK_GRAD_KERNEL, ADAM_KERNEL, ACTIVATION_GRAD_KERNEL, CHANNEL_SUM_KERNEL, ADD_RELU_KERNEL, UPSAMPLE_KERNEL, UPSAMPLE_GRAD_KERNEL, CONV_BACKWARD_KERNEL];

/**
 * Turns the active backend's fused-op kernels off (the ops then run as composed tfjs ops) and on. `present`: the
 * names of those the backend has (the kicks and Adam on wasm and webgpu; the decoder's passes with the oneDNN addon).
 */
export function fusedKernels(): { on(): void; off(): void; present: string[] } {
  const backend = tf.getBackend();
  const saved = FUSED_OP_KERNELS.map((n) => tf.getKernel(n, backend)).filter((k): k is KernelConfig => k != null);
  return {
    present: saved.map((k) => k.kernelName),
    off: () => saved.forEach((k) => tf.getKernel(k.kernelName, backend) && tf.unregisterKernel(k.kernelName, backend)),
    on: () => saved.forEach((k) => tf.getKernel(k.kernelName, backend) ?? tf.registerKernel(k)),
  };
}
