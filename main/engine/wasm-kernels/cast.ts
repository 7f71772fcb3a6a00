// Cast for the wasm backend that shares data when nothing changes (float32 to float32, as the cpu backend does);
// other casts go to the stock kernel. tfjs casts every gradient that flows back through a saved-tensor clone, so
// the stock kernel's copy costs about 0.1 s per paper-size HGN step. Casts to bool are done here too: the stock
// kernel copies the values into bytes, so -2 became 254 instead of true (1).
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { requireStockKernel } from './stock-kernels';
import { asWasmBackend, input, runKernelFunc, type KernelArgs } from './wasm-backend';

export function cast(args: KernelArgs): TensorInfo {
  const backend = asWasmBackend(args.backend);
  const x = input(args, 'x');
  const dtype = (args.attrs as { dtype?: string } | undefined)?.dtype;
  if (dtype === x.dtype) {
    backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  }
  if (dtype === 'bool') {
    const out = backend.makeOutput(x.shape, 'bool');
    const from = backend.typedArrayFromHeap(x);
    const to = backend.typedArrayFromHeap(out);
    for (let i = 0; i < from.length; i++) to[i] = from[i] !== 0 ? 1 : 0;
    return out;
  }
  return runKernelFunc(requireStockKernel('Cast').kernelFunc, args.inputs, args.attrs ?? {}, backend);
}
