// tfjs BatchMatMul for the wasm backend on oneDNN's matmul primitive, in place on the wasm heap. Transposed
// operands are read as stored (strides), so nothing is materialised. Batches must be equal or one side's 1 (broadcast);
// other broadcasts, non-float inputs and empty products go to the kernel it replaced.
import { broadcast_util, util, type BatchMatMulAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelFunc } from '@tensorflow/tfjs-core';
import { asWasmBackend, input, type KernelArgs } from '../wasm-kernels/wasm-backend';
import type { OneDnnAddon } from './addon';
import { floats, produce, withFallback } from './kernel-support';

interface GemmPlan {
  shape: Int32Array;
  outShape: number[];
}

/** The addon's gemm call for a BatchMatMul, or null when oneDNN is not given this case. */
export function gemmPlan(a: TensorInfo, b: TensorInfo, attrs: BatchMatMulAttrs): GemmPlan | null {
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) return null;
  const [ra, rb] = [a.shape.length, b.shape.length];
  const [m, ka] = attrs.transposeA ? [a.shape[ra - 1], a.shape[ra - 2]] : [a.shape[ra - 2], a.shape[ra - 1]];
  const [kb, n] = attrs.transposeB ? [b.shape[rb - 1], b.shape[rb - 2]] : [b.shape[rb - 2], b.shape[rb - 1]];
  if (ka !== kb || m === 0 || n === 0 || ka === 0) return null;
  const outer = broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const batch = util.sizeFromShape(outer);
  const batchA = util.sizeFromShape(a.shape.slice(0, -2));
  const batchB = util.sizeFromShape(b.shape.slice(0, -2));
  // Only whole-side broadcasting ([B, ...] with [1, ...] or [...]) maps onto one stride per operand.
  if (batch === 0 || (batchA !== batch && batchA !== 1) || (batchB !== batch && batchB !== 1)) return null;
  const shape = Int32Array.of(batchA, batchB, m, n, ka, attrs.transposeA ? 1 : 0, attrs.transposeB ? 1 : 0);
  return { shape, outShape: [...outer, m, n] };
}

export function batchMatMul(addon: OneDnnAddon, fallback: KernelFunc): KernelFunc {
  const planOf = (args: KernelArgs) => gemmPlan(input(args, 'a'), input(args, 'b'), args.attrs as unknown as BatchMatMulAttrs);
  return withFallback(fallback, planOf, (args, plan) => {
    const backend = asWasmBackend(args.backend);
    const [a, b] = [input(args, 'a'), input(args, 'b')];
    return produce(backend, plan.outShape, (c) => addon.gemm(floats(backend, a), floats(backend, b), floats(backend, c), plan.shape));
  });
}
