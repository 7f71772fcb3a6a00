// AddN under the storage-buffer limit. tfjs-webgpu's AddN binds every input as a storage buffer of one shader;
// above the device's maxStorageBuffersPerShaderStage the pipeline is invalid, Dawn only prints validation
// errors, and the result is garbage without a throw (the HGN's gradient norm sums 59 tensors). tfjs fixed the
// same class of bug for Concat by splitting its inputs (tensorflow/tfjs#6532); this does the same for AddN.
import type { KernelBackend, KernelFunc, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';

/** The most inputs one AddN shader may bind: the output takes one storage buffer of the limit. */
export function addNChunkSize(maxStorageBuffersPerShaderStage: number): number {
  return Math.max(2, maxStorageBuffersPerShaderStage - 1);
}

/** Sums in chunks of at most `chunk` inputs with the stock kernel, carrying the running sum into the next chunk. */
export function splitAddN(stock: KernelFunc, chunk: number): KernelFunc {
  return (args) => {
    const list = args.inputs as unknown as TensorInfo[];
    if (list.length <= chunk) return stock(args);
    const run = (inputs: TensorInfo[]) => stock({ ...args, inputs: inputs as unknown as NamedTensorInfoMap }) as TensorInfo;
    let acc = run(list.slice(0, chunk));
    for (let i = chunk; i < list.length; i += chunk - 1) {
      const next = run([acc, ...list.slice(i, i + chunk - 1)]);
      (args.backend as KernelBackend).disposeData(acc.dataId);
      acc = next;
    }
    return acc;
  };
}
