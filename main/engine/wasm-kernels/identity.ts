// Identity for the wasm backend without a copy: the output shares its input's data (as the cpu backend's does and
// as wasm's own Reshape does). Tensors are immutable, so sharing is safe; the stock kernel memcpys, which costs
// tens of milliseconds for every activation a custom gradient saves (tfjs clones saved tensors with Identity).
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { asWasmBackend, input, type KernelArgs } from './wasm-backend';

export function identity(args: KernelArgs): TensorInfo {
  const backend = asWasmBackend(args.backend);
  const x = input(args, 'x');
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}
