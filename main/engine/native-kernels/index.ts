// Registers the oneDNN convolutions and matrix products (and a native Add for large tensors) on the wasm backend (after the wasm training kernels,
// which they fall back to).
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import { loadOneDnnAddon, type OneDnnAddon } from './addon';
import { conv2D, conv2DBackward, conv2DBackpropFilter, conv2DBackpropInput, fusedConv2D } from './conv-kernels';
import { CONV_BACKWARD_KERNEL } from '../../core/nn/conv-backward';
import { batchMatMul } from './matmul-kernel';
import { add } from './add-kernel';
import { KICK_KERNELS } from './kick-kernels';
import { ELTWISE_KERNELS } from './eltwise-kernels';

/** Kernels of the project's own ops (no wasm kernel to replace: without them the ops run as composed ops). */
const OWN_KERNELS = { ...KICK_KERNELS, ...ELTWISE_KERNELS, [CONV_BACKWARD_KERNEL]: conv2DBackward };
import { bf16ConvsActive, bf16Isa } from './precision';

const FACTORIES: Record<string, (addon: OneDnnAddon, fallback: KernelFunc) => KernelFunc> = {
  Conv2D: conv2D,
  FusedConv2D: fusedConv2D,
  Conv2DBackpropInput: conv2DBackpropInput,
  Conv2DBackpropFilter: conv2DBackpropFilter,
  BatchMatMul: batchMatMul,
  Add: add,
};

/** The kernels these replaced, to put back; non-empty exactly while ours are registered. */
const replaced = new Map<string, KernelConfig>();
let enabled = true;

/** Threads oneDNN may use in this process from now on (each worker thread is its own job). */
export function setNativeThreads(n: number): void {
  const load = loadOneDnnAddon();
  if (load.ok) load.addon.setThreads(Math.max(1, Math.floor(n)));
}

/** Turns the oneDNN kernels off (restoring the wasm ones) or back on for later initialisations. */
export function useNativeKernels(on: boolean): void {
  enabled = on;
  if (!on) restoreWasmKernels();
}

export interface NativeKernelsStatus {
  active: boolean;
  /** e.g. "oneDNN 2.6.3 convs + matmul, 1 thread", or why they are off. */
  description: string;
}

/** Whether the addon loads here: "oneDNN 2.6.3", or why not (what the app info shows before any job runs). */
export function nativeKernelsAvailability(): { available: boolean; description: string } {
  const load = loadOneDnnAddon();
  if (!load.ok) return { available: false, description: load.reason };
  const i = load.addon.info();
  return { available: true, description: `${i.library} ${i.version}` };
}

/** Whether this process's wasm backend runs its convolutions and matrix products on oneDNN, and with how many threads. */
export function nativeKernelsStatus(): NativeKernelsStatus {
  const load = loadOneDnnAddon();
  if (!load.ok) return { active: false, description: load.reason };
  const threads = load.addon.info().threads;
  const bf16 = bf16ConvsActive() ? `, bf16 convs (${bf16Isa()})` : '';
  return { active: replaced.size > 0, description: `${nativeKernelsAvailability().description} convs + matmul, ${threads} thread${threads === 1 ? '' : 's'}${bf16}` };
}

/**
 * Puts the oneDNN kernels in front of the wasm backend's (call after registerWasmTrainingKernels, before
 * setBackend('wasm')). Returns false, changing nothing, when the addon is unavailable. Idempotent.
 */
export function registerNativeKernels(): boolean {
  if (!enabled) return false;
  const load = loadOneDnnAddon();
  if (!load.ok) return false;
  if (replaced.size > 0) return true;
  for (const [name, factory] of Object.entries(FACTORIES)) {
    const current = tf.getKernel(name, 'wasm') as KernelConfig | undefined;
    if (current == null) throw new Error(`registerNativeKernels: the wasm backend has no ${name} kernel to fall back to`);
    replaced.set(name, current);
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel({ ...current, kernelFunc: factory(load.addon, current.kernelFunc) });
  }
  for (const [name, factory] of Object.entries(OWN_KERNELS)) {
    if (tf.getKernel(name, 'wasm') == null) tf.registerKernel({ kernelName: name, backendName: 'wasm', kernelFunc: factory(load.addon) });
  }
  return true;
}

/** Puts back the kernels registerNativeKernels replaced (for tests and benches that compare). */
export function restoreWasmKernels(): void {
  for (const name of Object.keys(OWN_KERNELS)) if (tf.getKernel(name, 'wasm') != null) tf.unregisterKernel(name, 'wasm');
  for (const [name, config] of replaced) {
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(config);
  }
  replaced.clear();
}
