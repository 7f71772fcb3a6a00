// The narrow slice of the wasm backend the training kernels touch, and typed calls into its registered kernels.
import * as tf from '@tensorflow/tfjs-core';
import type { DataId, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';

/** What the kernels need from `BackendWasm` (tfjs-backend-wasm 4.22.0): lifetimes and raw heap views. */
export interface WasmBackendLike {
  disposeData(dataId: DataId, force?: boolean): boolean;
  incRef(dataId: DataId): void;
  makeOutput(shape: number[], dtype: 'float32' | 'int32' | 'bool'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/** The arguments tfjs passes to every kernel function. */
export interface KernelArgs {
  inputs: NamedTensorInfoMap;
  backend: object;
  attrs?: NamedAttrMap;
}

/** A named input of a kernel call, which tfjs types as optional. */
export function input(args: KernelArgs, name: string): TensorInfo {
  const info = args.inputs[name];
  if (info == null) throw new Error(`wasm training kernels: missing input '${name}'`);
  return info;
}

export type WasmKernelFunc = (args: KernelArgs) => TensorInfo;

export function asWasmBackend(backend: object): WasmBackendLike {
  const b = backend as Partial<WasmBackendLike>;
  if (typeof b.disposeData !== 'function' || typeof b.incRef !== 'function' || typeof b.makeOutput !== 'function' || typeof b.typedArrayFromHeap !== 'function') {
    throw new Error('wasm training kernels: called with a backend that is not the tfjs wasm backend');
  }
  return backend as WasmBackendLike;
}

/** Runs a kernel function and insists on a single output (all kernels used here have one). */
export function runKernelFunc(func: WasmKernelFunc | tf.KernelFunc, inputs: NamedTensorInfoMap, attrs: NamedAttrMap, backend: WasmBackendLike): TensorInfo {
  const out = func({ inputs, backend, attrs });
  if (Array.isArray(out)) throw new Error('wasm training kernels: expected one output from a kernel');
  return out;
}

/** Calls the wasm backend's currently registered kernel `name` (looked up each time: cheap, always current). */
export function callWasmKernel(name: string, inputs: NamedTensorInfoMap, attrs: NamedAttrMap, backend: WasmBackendLike): TensorInfo {
  const config = tf.getKernel(name, 'wasm');
  if (config == null) throw new Error(`wasm training kernels: the wasm backend has no ${name} kernel`);
  return runKernelFunc(config.kernelFunc, inputs, attrs, backend);
}

/**
 * Intermediates of one kernel call: each is released with `backend.disposeData` when the call ends (also on a
 * throw), so nothing leaks and the engine's tape never sees them. Reshape outputs share their input's data and
 * bump its refCount, so disposing them is correct too.
 */
export class Temps {
  private readonly held: TensorInfo[] = [];
  constructor(private readonly backend: WasmBackendLike) {}

  add(info: TensorInfo): TensorInfo {
    this.held.push(info);
    return info;
  }

  /** Stops tracking `info` (it becomes the kernel's output). */
  release(info: TensorInfo): TensorInfo {
    const i = this.held.indexOf(info);
    if (i >= 0) this.held.splice(i, 1);
    return info;
  }

  disposeAll(): void {
    for (const info of this.held.splice(0)) this.backend.disposeData(info.dataId);
  }
}
