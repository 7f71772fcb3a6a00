// Registers the training kernels the stock wasm backend lacks or runs slowly (see README.md).
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import { batchMatMul } from './batch-mat-mul';
import { cast } from './cast';
import { conv2DBackpropFilter } from './conv2d-backprop-filter';
import { conv2DBackpropInput } from './conv2d-backprop-input';
import { identity } from './identity';
import { adamStepWasm } from './adam-step';
import { ADAM_KERNEL } from '../../core/training/adam-step';
import { rememberStock, stockKernel } from './stock-kernels';
import type { WasmKernelFunc } from './wasm-backend';

interface TrainingKernel {
  name: string;
  func: WasmKernelFunc;
  /** Whether it calls the stock kernel of the same name (so that one must exist when registering). */
  wrapsStock: boolean;
}

export const WASM_TRAINING_KERNELS: readonly TrainingKernel[] = [
  { name: 'Conv2DBackpropFilter', func: conv2DBackpropFilter, wrapsStock: false },
  { name: 'Conv2DBackpropInput', func: conv2DBackpropInput, wrapsStock: true },
  { name: 'BatchMatMul', func: batchMatMul, wrapsStock: true },
  { name: 'Identity', func: identity, wrapsStock: false },
  { name: 'Cast', func: cast, wrapsStock: true },
];

/** Names registered here and not restored since: whatever is registered under them now is ours or above ours. */
const layered = new Set<string>();

function currentKernel(name: string): KernelConfig | undefined {
  return tf.getKernel(name, 'wasm') as KernelConfig | undefined;
}

function isOurs(config: KernelConfig | undefined, kernel: TrainingKernel): boolean {
  return config != null && config.kernelFunc === (kernel.func as KernelFunc);
}

/**
 * Replaces/adds the wasm kernels of WASM_TRAINING_KERNELS. Call after importing '@tensorflow/tfjs-backend-wasm'
 * (which registers the stock kernels) and before `setBackend('wasm')`; calling it again is a no-op. A replaced
 * kernel keeps its stock `setupFunc`, which the backend runs on init to bind the wasm functions it needs.
 */
export function registerWasmTrainingKernels(): void {
  if (currentKernel('Conv2D') == null) {
    throw new Error("registerWasmTrainingKernels: import '@tensorflow/tfjs-backend-wasm' first (no wasm Conv2D kernel).");
  }
  for (const kernel of WASM_TRAINING_KERNELS) {
    const current = currentKernel(kernel.name);
    if (isOurs(current, kernel)) continue;
    // Registered before and since layered over (the oneDNN kernels replace some of ours): a backend switched back
    // to wasm must keep that layer, not capture it as the stock kernel and hide it under ours.
    if (layered.has(kernel.name) && current != null) continue;
    if (current != null) {
      rememberStock(current);
      tf.unregisterKernel(kernel.name, 'wasm');
    } else if (kernel.wrapsStock) {
      throw new Error(`registerWasmTrainingKernels: the wasm backend has no ${kernel.name} kernel to wrap.`);
    }
    tf.registerKernel({
      kernelName: kernel.name,
      backendName: 'wasm',
      kernelFunc: kernel.func as KernelFunc,
      setupFunc: current?.setupFunc,
      disposeFunc: current?.disposeFunc,
    });
    layered.add(kernel.name);
  }
  // The project's own ops (no stock kernel to replace).
  if (tf.getKernel(ADAM_KERNEL, 'wasm') == null) tf.registerKernel({ kernelName: ADAM_KERNEL, backendName: 'wasm', kernelFunc: adamStepWasm });
}

/** Puts the stock wasm kernels back (for benches and tests that measure the stock backend). */
export function restoreStockWasmKernels(): void {
  for (const kernel of WASM_TRAINING_KERNELS) {
    if (!isOurs(currentKernel(kernel.name), kernel)) continue;
    layered.delete(kernel.name);
    tf.unregisterKernel(kernel.name, 'wasm');
    const stock = stockKernel(kernel.name);
    if (stock != null) tf.registerKernel(stock);
  }
}
