// A stride-1 XNNPACK convolution evaluated over an arbitrary output window (offsets may be negative).
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { slice } from './ops';
import { callWasmKernel, type Temps, type WasmBackendLike } from './wasm-backend';

/**
 * Output rows r in [0, height) and columns c in [0, width) of
 *   out[b, r, c, o] = sum_{m, n, i} x[b, r + m*dh - top, c + n*dw - left, i] * filter[m, n, i, o]
 * with x read as zero outside its bounds. Both backprop kernels reduce to this shape. The wasm Conv2D takes only
 * non-negative explicit pads, so a negative offset or a window shorter than the natural output is cropped after.
 */
export interface ConvWindow {
  top: number;
  left: number;
  height: number;
  width: number;
  dilations: [number, number];
}

interface Axis {
  padBefore: number;
  padAfter: number;
  cropBegin: number;
  natural: number;
}

function planAxis(inSize: number, filterSize: number, dilation: number, offset: number, want: number): Axis {
  const effective = (filterSize - 1) * dilation + 1;
  const padBefore = Math.max(offset, 0);
  const cropBegin = padBefore - offset;
  const padAfter = Math.max(0, cropBegin + want - (inSize + padBefore - effective + 1));
  return { padBefore, padAfter, cropBegin, natural: inSize + padBefore + padAfter - effective + 1 };
}

export function convWindow(x: TensorInfo, filter: TensorInfo, win: ConvWindow, backend: WasmBackendLike, temps: Temps): TensorInfo {
  const [dh, dw] = win.dilations;
  const rows = planAxis(x.shape[1], filter.shape[0], dh, win.top, win.height);
  const cols = planAxis(x.shape[2], filter.shape[1], dw, win.left, win.width);
  const conv = temps.add(
    callWasmKernel(
      'Conv2D',
      { x, filter },
      {
        strides: [1, 1],
        pad: [[0, 0], [rows.padBefore, rows.padAfter], [cols.padBefore, cols.padAfter], [0, 0]],
        dataFormat: 'NHWC',
        dilations: [dh, dw],
      },
      backend,
    ),
  );
  const exact = rows.cropBegin === 0 && cols.cropBegin === 0 && rows.natural === win.height && cols.natural === win.width;
  if (exact) return conv;
  return slice(conv, [0, rows.cropBegin, cols.cropBegin, 0], [conv.shape[0], win.height, win.width, conv.shape[3]], backend, temps);
}
