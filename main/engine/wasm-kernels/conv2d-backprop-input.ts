// A fast Conv2DBackpropInput for the wasm backend (the stock one is a scalar loop); also conv2dTranspose's forward.
import { backend_util, type Conv2DBackpropInputAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { convWindow } from './conv-window';
import { reverse, transpose } from './ops';
import { requireStockKernel } from './stock-kernels';
import { phaseFilter, phaseTaps, scatterPhase } from './stride-phases';
import { asWasmBackend, input, runKernelFunc, Temps, type KernelArgs, type WasmBackendLike } from './wasm-backend';

type Shape4 = [number, number, number, number];
type Conv2DInfo = backend_util.Conv2DInfo;

/**
 * Stride 1: dx[b, i, j, ci] = sum dy[b, i + top - kh, j + left - kw, co] * W[kh, kw, ci, co], a correlation of dy
 * with W flipped in space and with its channel axes swapped ([KH, KW, Co, Ci]), window offset KH-1-top.
 */
function strideOne(dy: TensorInfo, filter: TensorInfo, info: Conv2DInfo, backend: WasmBackendLike, temps: Temps): TensorInfo {
  const flipped = transpose(reverse(filter, [0, 1], backend, temps), [0, 1, 3, 2], backend, temps);
  return convWindow(
    dy,
    flipped,
    {
      top: info.filterHeight - 1 - info.padInfo.top,
      left: info.filterWidth - 1 - info.padInfo.left,
      height: info.inHeight,
      width: info.inWidth,
      dilations: [1, 1],
    },
    backend,
    temps,
  );
}

/**
 * Stride s > 1: dx row i (t = i + top = s*q + r) gets sum_m dy[q - m] * W[r + s*m]. Each of the sh*sw phases is
 * a stride-1 correlation of dy with its sub-filter (see stride-phases.ts), over the rows q0..q0+Q-1 that cover
 * t in [top, top + H); the phases' outputs interleave into dx. No zeros of a spread-out dy are multiplied.
 */
function strided(dy: TensorInfo, filter: TensorInfo, info: Conv2DInfo, backend: WasmBackendLike, temps: Temps): TensorInfo {
  const { strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw } = info;
  const { top, left } = info.padInfo;
  const q0h = Math.floor(top / sh);
  const q0w = Math.floor(left / sw);
  const qh = Math.floor((top + info.inHeight - 1) / sh) - q0h + 1;
  const qw = Math.floor((left + info.inWidth - 1) / sw) - q0w + 1;
  const dx = temps.add(backend.makeOutput(info.inShape, 'float32'));
  // Phases without taps (filter smaller than the stride) leave zeros, and wasm memory is not zeroed.
  if (kh < sh || kw < sw) backend.typedArrayFromHeap(dx).fill(0);
  for (let rh = 0; rh < Math.min(sh, kh); rh++) {
    for (let rw = 0; rw < Math.min(sw, kw); rw++) {
      const phase = new Temps(backend);
      try {
        const f = phaseFilter(filter, rh, rw, sh, sw, backend, phase);
        const window = {
          top: phaseTaps(kh, rh, sh) - 1 - q0h,
          left: phaseTaps(kw, rw, sw) - 1 - q0w,
          height: qh,
          width: qw,
          dilations: [1, 1] as [number, number],
        };
        const out = convWindow(dy, f, window, backend, phase);
        scatterPhase(out, dx, { rh, rw, sh, sw, q0h, q0w, top, left }, backend);
      } finally {
        phase.disposeAll();
      }
    }
  }
  return dx;
}

export function conv2DBackpropInput(args: KernelArgs): TensorInfo {
  const backend = asWasmBackend(args.backend);
  const dy = input(args, 'dy');
  const filter = input(args, 'filter');
  const attrs = args.attrs as unknown as Conv2DBackpropInputAttrs;
  if (attrs.dataFormat === 'NCHW') {
    // The XNNPACK conv is NHWC only; the stock scalar kernel handles NCHW correctly, if slowly.
    return runKernelFunc(requireStockKernel('Conv2DBackpropInput').kernelFunc, args.inputs, args.attrs ?? {}, backend);
  }
  const info = backend_util.computeConv2DInfo(
    attrs.inputShape, filter.shape as Shape4, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast',
  );
  if (dy.shape[1] !== info.outHeight || dy.shape[2] !== info.outWidth) {
    throw new Error(`wasm Conv2DBackpropInput: dy shape ${dy.shape} does not match the conv output ${info.outShape}`);
  }
  const temps = new Temps(backend);
  try {
    const stride1 = info.strideHeight === 1 && info.strideWidth === 1;
    const dx = stride1 ? strideOne(dy, filter, info, backend, temps) : strided(dy, filter, info, backend, temps);
    return temps.release(dx);
  } finally {
    temps.disposeAll();
  }
}
