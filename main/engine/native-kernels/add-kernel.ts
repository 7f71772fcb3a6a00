// tfjs Add for the wasm backend as one native loop (eltwise.cc) for large float tensors of one shape: what the
// gradient tape's accumulation runs on whole activation tensors (the HGN decoder's residual branches meet there),
// at about half the wasm kernel's time. Broadcasts, other dtypes and small tensors (where the call costs more than
// the loop) go to the kernel it replaced.
import { util, type KernelFunc } from '@tensorflow/tfjs-core';
import { asWasmBackend, input, type KernelArgs } from '../wasm-kernels/wasm-backend';
import type { OneDnnAddon } from './addon';
import { floats, produce, withFallback } from './kernel-support';

/** Below this many floats the wasm kernel is as fast. */
export const NATIVE_ADD_MIN_SIZE = 1 << 16;

export function add(addon: OneDnnAddon, fallback: KernelFunc): KernelFunc {
  const planOf = (args: KernelArgs): number | null => {
    const [a, b] = [input(args, 'a'), input(args, 'b')];
    if (a.dtype !== 'float32' || b.dtype !== 'float32' || !util.arraysEqual(a.shape, b.shape)) return null;
    const n = util.sizeFromShape(a.shape);
    return n >= NATIVE_ADD_MIN_SIZE ? n : null;
  };
  return withFallback(fallback, planOf, (args, n) => {
    const backend = asWasmBackend(args.backend);
    const [a, b] = [input(args, 'a'), input(args, 'b')];
    return produce(backend, [...a.shape], (y) => addon.add(floats(backend, a), floats(backend, b), floats(backend, y), n));
  });
}
