// Conv2DBackpropFilter for the wasm backend (it ships none at 4.22.0): one XNNPACK Conv2D on transposed operands.
import { backend_util, type Conv2DBackpropFilterAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { convWindow } from './conv-window';
import { transpose } from './ops';
import { asWasmBackend, Temps, input, type KernelArgs } from './wasm-backend';

type Shape4 = [number, number, number, number];

/**
 * dW[kh, kw, ci, co] = sum_{b, oh, ow} x[b, oh*sh + kh - top, ow*sw + kw - left, ci] * dy[b, oh, ow, co].
 * Read x as a batch of Ci images with B channels ([Ci, H, W, B]) and dy as a filter [OH, OW, B, Co] dilated by the
 * stride: a stride-1 convolution over the KH x KW output window gives dW as [Ci, KH, KW, Co].
 */
export function conv2DBackpropFilter(args: KernelArgs): TensorInfo {
  const backend = asWasmBackend(args.backend);
  const x = input(args, 'x');
  const dy = input(args, 'dy');
  const attrs = args.attrs as unknown as Conv2DBackpropFilterAttrs;
  if (attrs.dataFormat === 'NCHW') {
    throw new Error("wasm Conv2DBackpropFilter supports dataFormat 'NHWC' only (as does the wasm Conv2D).");
  }
  const info = backend_util.computeConv2DInfo(
    x.shape as Shape4, attrs.filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast',
  );
  if (dy.shape[1] !== info.outHeight || dy.shape[2] !== info.outWidth) {
    throw new Error(`wasm Conv2DBackpropFilter: dy shape ${dy.shape} does not match the conv output ${info.outShape}`);
  }
  const temps = new Temps(backend);
  try {
    const xT = transpose(x, [3, 1, 2, 0], backend, temps);
    const dyT = transpose(dy, [1, 2, 0, 3], backend, temps);
    const grad = convWindow(
      xT,
      dyT,
      {
        top: info.padInfo.top,
        left: info.padInfo.left,
        height: info.filterHeight,
        width: info.filterWidth,
        dilations: [info.strideHeight, info.strideWidth],
      },
      backend,
      temps,
    );
    return temps.release(transpose(grad, [1, 2, 0, 3], backend, temps));
  } finally {
    temps.disposeAll();
  }
}
