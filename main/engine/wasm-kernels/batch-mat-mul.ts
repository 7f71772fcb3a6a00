// BatchMatMul for the wasm backend kept on XNNPACK's fast path: the stock kernel is fast only for one untransposed
// [M, K] x [K, N] product, and runs a scalar loop for transposed or batched operands (20-40x slower at 512).
import { broadcast_util, util, type BatchMatMulAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { reshape, transpose } from './ops';
import { requireStockKernel } from './stock-kernels';
import { asWasmBackend, runKernelFunc, Temps, input, type KernelArgs, type WasmBackendLike } from './wasm-backend';

/**
 * Below these many multiply-adds the stock loop is as quick as the extra kernel calls (measured on this build:
 * about 1.3 ns per multiply-add in the stock loop, about 12 us of overhead per split-off 2D product).
 */
const SMALL_PRODUCT = 16 * 16 * 16;
const SMALL_PER_BATCH = 16 * 1024;

interface Operand {
  batch: number;
  rows: number;
  cols: number;
}

function operand(x: TensorInfo, transposed: boolean): Operand & { raw: [number, number, number] } {
  const r = x.shape.length;
  const batch = util.sizeFromShape(x.shape.slice(0, -2));
  const [d0, d1] = [x.shape[r - 2], x.shape[r - 1]];
  return { batch, rows: transposed ? d1 : d0, cols: transposed ? d0 : d1, raw: [batch, d0, d1] };
}

function stockMatMul(a: TensorInfo, b: TensorInfo, backend: WasmBackendLike, temps: Temps): TensorInfo {
  const stock = requireStockKernel('BatchMatMul');
  return temps.add(runKernelFunc(stock.kernelFunc, { a, b }, { transposeA: false, transposeB: false }, backend));
}

/** Copies matrix `index` of a contiguous [batch, rows, cols] tensor into its own [1, rows, cols] tensor. */
function matrixAt(x: TensorInfo, index: number, backend: WasmBackendLike, temps: Temps): TensorInfo {
  const [, rows, cols] = x.shape;
  const size = rows * cols;
  const out = temps.add(backend.makeOutput([1, rows, cols], 'float32'));
  backend.typedArrayFromHeap(out).set(backend.typedArrayFromHeap(x).subarray(index * size, (index + 1) * size));
  return out;
}

/** One fast 2D product per batch entry, written into one output; `a` may have batch 1 (broadcast). */
function perBatch(a: TensorInfo, b: TensorInfo, backend: WasmBackendLike, temps: Temps): TensorInfo {
  const [batch, , n] = b.shape;
  const m = a.shape[1];
  const out = temps.add(backend.makeOutput([batch, m, n], 'float32'));
  for (let i = 0; i < batch; i++) {
    const step = new Temps(backend);
    try {
      const ai = a.shape[0] === 1 ? a : matrixAt(a, i, backend, step);
      const bi = matrixAt(b, i, backend, step);
      const oi = stockMatMul(ai, bi, backend, step);
      // Views are taken after every allocation: a heap growth would detach older ones.
      backend.typedArrayFromHeap(out).set(backend.typedArrayFromHeap(oi), i * m * n);
    } finally {
      step.disposeAll();
    }
  }
  return out;
}

export function batchMatMul(args: KernelArgs): TensorInfo {
  const backend = asWasmBackend(args.backend);
  const a = input(args, 'a');
  const b = input(args, 'b');
  const { transposeA, transposeB } = args.attrs as unknown as BatchMatMulAttrs;
  const stock = requireStockKernel('BatchMatMul');
  const opA = operand(a, transposeA);
  const opB = operand(b, transposeB);
  const alreadyFast = !transposeA && !transposeB && opA.batch === 1 && opB.batch === 1;
  const perMatrix = opA.rows * opA.cols * opB.cols;
  const outOuter = broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const outBatch = util.sizeFromShape(outOuter);
  const batchable = opB.batch === 1 || ((opA.batch === opB.batch || opA.batch === 1) && outBatch === opB.batch);
  const small = opB.batch === 1 ? opA.batch * perMatrix < SMALL_PRODUCT : perMatrix < SMALL_PER_BATCH;
  if (alreadyFast || small || !batchable || a.dtype !== 'float32' || b.dtype !== 'float32') {
    return runKernelFunc(stock.kernelFunc, args.inputs, args.attrs ?? {}, backend);
  }
  util.assert(opA.cols === opB.rows, () => `Error in matMul: inner shapes (${opA.cols}) and (${opB.rows}) of Tensors with shapes ${a.shape} and ${b.shape} and transposeA=${transposeA} and transposeB=${transposeB} must match.`);
  const temps = new Temps(backend);
  try {
    // Materialise the transposes as [batch, rows, cols] so the product itself is untransposed.
    const a3 = reshape(a, opA.raw, backend, temps);
    const b3 = reshape(b, opB.raw, backend, temps);
    const aN = transposeA ? transpose(a3, [0, 2, 1], backend, temps) : a3;
    const bN = transposeB ? transpose(b3, [0, 2, 1], backend, temps) : b3;
    let product: TensorInfo;
    if (opB.batch === 1) {
      // A shared right operand: stack every left matrix into one tall [batch*M, K] product.
      const tall = reshape(aN, [1, opA.batch * opA.rows, opA.cols], backend, temps);
      product = stockMatMul(tall, bN, backend, temps);
    } else {
      product = perBatch(aN, bN, backend, temps);
    }
    return temps.release(reshape(product, [...outOuter, opA.rows, opB.cols], backend, temps));
  } finally {
    temps.disposeAll();
  }
}
