// The backend chain of DESIGN.md: first that loads wins, unless the user forces one.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { registerSecondOrderGradients } from '../core/autodiff/second-order-gradients';
import { createRequire } from 'node:module';
import path from 'node:path';
import os from 'node:os';
import { registerWasmTrainingKernels } from './wasm-kernels';
import { nativeKernelsStatus, registerNativeKernels } from './native-kernels';

export const BACKEND_NAMES = ['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
export type BackendChoice = BackendName | 'auto';

export interface BackendInfo {
  name: BackendName;
  /** What runs the numbers: "CUDA GPU", "native CPU (libtensorflow)", "wasm SIMD", "JS CPU". */
  device: string;
  tfjsVersion: string;
}

const requireHere = createRequire(__filename);

/** Whether a package is installed, without loading it (loading tfjs-node pins it to this thread). */
export function isInstalled(pkg: string): boolean {
  try {
    requireHere.resolve(`${pkg}/package.json`);
    return true;
  } catch {
    return false;
  }
}

/** True when `auto` would pick a native backend: native jobs must share one worker (tfjs issues #2079, #8388). */
export function isNativeBackend(name: BackendName): boolean {
  return name === 'tfjs-node-gpu' || name === 'tfjs-node';
}

/** The backend `choice` resolves to on this machine, judged from installed packages only. */
export function predictBackend(choice: BackendChoice): BackendName {
  if (choice !== 'auto') return choice;
  if (isInstalled('@tensorflow/tfjs-node-gpu')) return 'tfjs-node-gpu';
  if (isInstalled('@tensorflow/tfjs-node')) return 'tfjs-node';
  return 'wasm';
}

export function wasmDir(): string {
  const pkg = requireHere.resolve('@tensorflow/tfjs-backend-wasm/package.json');
  // In a packaged app the .wasm files are unpacked next to the asar archive (electron-builder asarUnpack).
  const dir = path.join(path.dirname(pkg), 'dist').replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');
  return dir + path.sep;
}

async function tryNative(pkg: string, backend: string): Promise<boolean> {
  if (!isInstalled(pkg)) return false;
  try {
    requireHere(pkg);
    return await tf.setBackend(backend);
  } catch {
    return false;
  }
}

async function tryWasm(): Promise<boolean> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  // Only the node-side dist folder holds the .wasm files; setWasmPaths wants a prefix ending in a separator.
  wasm.setWasmPaths(wasmDir());
  registerWasmTrainingKernels();
  registerNativeKernels();
  return tf.setBackend('wasm');
}

async function tryCpu(): Promise<boolean> {
  await import('@tensorflow/tfjs-backend-cpu');
  return tf.setBackend('cpu');
}

const LOADERS: Record<BackendName, () => Promise<boolean>> = {
  'tfjs-node-gpu': () => tryNative('@tensorflow/tfjs-node-gpu', 'tensorflow'),
  'tfjs-node': () => tryNative('@tensorflow/tfjs-node', 'tensorflow'),
  wasm: tryWasm,
  cpu: tryCpu,
};

const DEVICES: Record<BackendName, string> = {
  'tfjs-node-gpu': 'CUDA GPU (libtensorflow)',
  'tfjs-node': `native CPU (libtensorflow, ${os.cpus().length} cores)`,
  wasm: 'wasm SIMD (XNNPACK, 1 thread)',
  cpu: 'JS CPU (1 thread)',
};

/** The device line shown with a job: for wasm, whether oneDNN runs its convolutions. */
function deviceOf(name: BackendName): string {
  if (name !== 'wasm') return DEVICES[name];
  const native = nativeKernelsStatus();
  return native.active ? `${DEVICES.wasm} + ${native.description}` : DEVICES.wasm;
}

/**
 * Loads the chosen backend (or walks the chain for `auto`) and makes it active.
 * A forced backend that fails to load is an error, never a silent fallback: the user asked for it.
 */
export async function initBackend(choice: BackendChoice = 'auto'): Promise<BackendInfo> {
  registerSecondOrderGradients();
  const chain: BackendName[] = choice === 'auto' ? [...BACKEND_NAMES] : [choice];
  for (const name of chain) {
    if (await LOADERS[name]()) {
      await tf.ready();
      return { name, device: deviceOf(name), tfjsVersion: tf.version_core };
    }
  }
  throw new Error(
    choice === 'auto'
      ? 'No TensorFlow.js backend could be loaded (tried tfjs-node-gpu, tfjs-node, wasm, cpu).'
      : `The ${choice} backend could not be loaded on this machine${isInstalled(`@tensorflow/${choice}`) || choice === 'wasm' || choice === 'cpu' ? '' : ` (the package @tensorflow/${choice} is not installed)`}.`,
  );
}
