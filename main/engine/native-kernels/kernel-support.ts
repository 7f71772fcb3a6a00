// What every oneDNN kernel shares: heap views, making an output safely, and the fallback to the replaced kernel.
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelArgs, WasmBackendLike } from '../wasm-kernels/wasm-backend';

export function floats(backend: WasmBackendLike, info: TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(info) as Float32Array;
}

const warned = new Set<string>();

/**
 * Runs `run` when `plan` gives oneDNN the case (its result, computed once per call, is handed to `run`), else the
 * replaced kernel. Should oneDNN itself refuse a case (an unusual CPU or shape), that case goes to the replaced
 * kernel too, with one warning per message: a job never fails for want of a faster kernel.
 */
export function withFallback<P>(fallback: KernelFunc, plan: (args: KernelArgs) => P | null | false, run: (args: KernelArgs, plan: P) => TensorInfo | TensorInfo[]): KernelFunc {
  const slow = (args: KernelArgs) => fallback(args as Parameters<KernelFunc>[0]);
  return ((args: KernelArgs) => {
    const p = plan(args);
    if (p === null || p === false) return slow(args);
    try {
      return run(args, p);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (!warned.has(message)) {
        warned.add(message);
        console.warn(`${message}; using the wasm kernel for this case.`);
      }
      return slow(args);
    }
  }) as KernelFunc;
}

/**
 * Makes the outputs (first: growing the heap detaches every view taken before), lets `fill` write them, and
 * releases them again if that throws (a kernel that fails must not leak heap).
 */
export function produceAll(backend: WasmBackendLike, shapes: number[][], fill: (outs: TensorInfo[]) => void): TensorInfo[] {
  const outs = shapes.map((s) => backend.makeOutput(s, 'float32'));
  try {
    fill(outs);
  } catch (err) {
    for (const o of outs) backend.disposeData(o.dataId);
    throw err;
  }
  return outs;
}

/** produceAll for one output. */
export function produce(backend: WasmBackendLike, shape: number[], fill: (out: TensorInfo) => void): TensorInfo {
  return produceAll(backend, [shape], ([out]) => fill(out))[0];
}

/** Refuses inputs that are not float32, naming the kernel. */
export function floatsOnly(kernel: string, ...ts: TensorInfo[]): void {
  for (const t of ts) if (t.dtype !== 'float32') throw new Error(`${kernel}: float32 tensors only`);
}
