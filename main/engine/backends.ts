// The backend chain of README.md (Backends): first that loads wins, unless the user forces one.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { registerSecondOrderGradients } from '../core/autodiff/second-order-gradients';
import { assertSecondOrderGradients } from '../core/autodiff/second-order-check';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { registerWasmTrainingKernels } from './wasm-kernels';
import { nativeKernelsStatus, registerNativeKernels } from './native-kernels';
import { loadWebGpu } from './webgpu/backend';
import { cachedGpuProbe } from './webgpu/probe';
import { noGpuDevice } from './webgpu/gpu-devices';

export const BACKEND_NAMES = ['tfjs-node-gpu', 'webgpu', 'tfjs-node', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
export type BackendChoice = BackendName | 'auto';

export interface BackendInfo {
  name: BackendName;
  /** What runs the numbers: "WebGPU (Vulkan): NVIDIA H200, driver 580.159", "wasm SIMD ...", "JS CPU". */
  device: string;
  tfjsVersion: string;
}

const requireHere = createRequire(__filename);

/**
 * Whether a package is installed, without loading it (loading tfjs-node pins it to this thread). For tfjs-node and
 * tfjs-node-gpu that means their native binding too: an install whose libtensorflow download failed leaves the
 * package without `lib/napi-v*\/tfjs_binding.node`, and `auto` must not be predicted (or shown) to use it.
 */
export function isInstalled(pkg: string): boolean {
  let manifest: string;
  try {
    manifest = requireHere.resolve(`${pkg}/package.json`);
  } catch {
    return false;
  }
  return pkg.startsWith('@tensorflow/tfjs-node') ? hasNativeBinding(path.dirname(manifest)) : true;
}

/** Whether a tfjs-node(-gpu) package folder holds its built binding (any N-API version). */
export function hasNativeBinding(packageDir: string): boolean {
  const lib = path.join(packageDir, 'lib');
  try {
    return fs.readdirSync(lib).some((d) => d.startsWith('napi-v') && fs.existsSync(path.join(lib, d, 'tfjs_binding.node')));
  } catch {
    return false;
  }
}

/** True when `auto` would pick a native backend: native jobs must share one worker (tfjs issues #2079, #8388). */
export function isNativeBackend(name: BackendName): boolean {
  return name === 'tfjs-node-gpu' || name === 'tfjs-node';
}

/**
 * The backend `choice` resolves to on this machine, judged from installed packages and, for WebGPU, from the
 * adapter probe if one has run in this process (probe.ts); without it `auto` is predicted not to use the GPU.
 */
export function predictBackend(choice: BackendChoice): BackendName {
  if (choice !== 'auto') return choice;
  if (isInstalled('@tensorflow/tfjs-node-gpu')) return 'tfjs-node-gpu';
  if (cachedGpuProbe()?.hardware) return 'webgpu';
  if (isInstalled('@tensorflow/tfjs-node')) return 'tfjs-node';
  return 'wasm';
}

export function wasmDir(): string {
  const pkg = requireHere.resolve('@tensorflow/tfjs-backend-wasm/package.json');
  // In a packaged app the .wasm files are unpacked next to the asar archive (electron-builder asarUnpack).
  const dir = path.join(path.dirname(pkg), 'dist').replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');
  return dir + path.sep;
}

/** A loader says whether its backend is now active, or why not (kept for the device line of a fallback). */
type LoadResult = { ok: true; device?: string } | { ok: false; reason: string };

async function tryNative(pkg: string, backend: string): Promise<LoadResult> {
  if (!isInstalled(pkg)) return { ok: false, reason: `${pkg} is not installed` };
  try {
    requireHere(pkg);
    return (await tf.setBackend(backend)) ? { ok: true } : { ok: false, reason: `${pkg} did not initialise` };
  } catch (err) {
    return { ok: false, reason: `${pkg} did not load: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** `forced`: the user picked webgpu, so a software adapter (SwiftShader) is acceptable. */
async function tryWebGpu(forced: boolean): Promise<LoadResult> {
  const none = forced ? null : noGpuDevice();
  if (none) return { ok: false, reason: none };
  const load = await loadWebGpu(forced);
  if (!load.ok) return load;
  const ok = await tf.setBackend('webgpu');
  return ok ? { ok: true, device: load.summary.line } : { ok: false, reason: `the WebGPU backend did not initialise on ${load.summary.line}` };
}

async function tryWasm(): Promise<LoadResult> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  // Only the node-side dist folder holds the .wasm files; setWasmPaths wants a prefix ending in a separator.
  wasm.setWasmPaths(wasmDir());
  registerWasmTrainingKernels();
  registerNativeKernels();
  return (await tf.setBackend('wasm')) ? { ok: true } : { ok: false, reason: 'the wasm backend did not initialise' };
}

async function tryCpu(): Promise<LoadResult> {
  await import('@tensorflow/tfjs-backend-cpu');
  return (await tf.setBackend('cpu')) ? { ok: true } : { ok: false, reason: 'the cpu backend did not initialise' };
}

const LOADERS: Record<BackendName, (forced: boolean) => Promise<LoadResult>> = {
  'tfjs-node-gpu': () => tryNative('@tensorflow/tfjs-node-gpu', 'tensorflow'),
  webgpu: tryWebGpu,
  'tfjs-node': () => tryNative('@tensorflow/tfjs-node', 'tensorflow'),
  wasm: tryWasm,
  cpu: tryCpu,
};

const DEVICES: Record<BackendName, string> = {
  'tfjs-node-gpu': 'CUDA GPU (libtensorflow)',
  webgpu: 'WebGPU',
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
 * Loads the chosen backend (or walks the chain for `auto`) and makes it active, then puts the second-order
 * gradient fixes back in the registry (a package loaded on the way may have replaced them) and checks them.
 * A forced backend that fails to load is an error, never a silent fallback: the user asked for it. On `auto`,
 * a machine without a usable GPU says why in the device line.
 */
export async function initBackend(choice: BackendChoice = 'auto'): Promise<BackendInfo> {
  const chain: BackendName[] = choice === 'auto' ? [...BACKEND_NAMES] : [choice];
  let gpuReason: string | null = null;
  for (const name of chain) {
    const result = await LOADERS[name](choice !== 'auto');
    if (!result.ok) {
      if (choice !== 'auto') throw new Error(forcedFailure(choice, result.reason));
      if (name === 'webgpu') gpuReason = result.reason;
      continue;
    }
    await tf.ready();
    registerSecondOrderGradients();
    await assertSecondOrderGradients();
    const device = result.device ?? deviceOf(name);
    return { name, device: gpuReason && name !== 'tfjs-node-gpu' ? `${device} (no GPU: ${gpuReason})` : device, tfjsVersion: tf.version_core };
  }
  throw new Error('No TensorFlow.js backend could be loaded (tried tfjs-node-gpu, webgpu, tfjs-node, wasm, cpu).');
}

function forcedFailure(choice: BackendName, reason: string): string {
  return `The ${choice} backend could not be loaded on this machine: ${reason}.`;
}
