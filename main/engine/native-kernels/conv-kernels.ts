// tfjs kernel functions for the wasm backend that hand convolutions to oneDNN, in place on the wasm heap. What
// oneDNN is not given here (NCHW, prelu or leaky activations, non-float inputs, empty tensors) goes to the
// kernel each one replaced.
import { backend_util, type TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelFunc } from '@tensorflow/tfjs-core';
import { asWasmBackend, callWasmKernel, input, type KernelArgs } from '../wasm-kernels/wasm-backend';
import type { OneDnnAddon } from './addon';
import { convShape, isNativeActivation } from './conv-shape';
import { floats, produce, produceAll, withFallback } from './kernel-support';
import { useBf16 } from './precision';

type Shape4 = [number, number, number, number];

interface ConvAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dataFormat?: 'NHWC' | 'NCHW';
  dilations?: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  activation?: string;
  inputShape?: Shape4;
  filterShape?: Shape4;
}

const attrsOf = (args: KernelArgs) => (args.attrs ?? {}) as unknown as ConvAttrs;

function nativeable(attrs: ConvAttrs, ...tensors: TensorInfo[]): boolean {
  return attrs.dataFormat !== 'NCHW' && tensors.every((t) => t.dtype === 'float32' && t.shape.every((d) => d > 0));
}

function info(xShape: number[], filterShape: number[], attrs: ConvAttrs): backend_util.Conv2DInfo {
  return backend_util.computeConv2DInfo(
    xShape as Shape4, filterShape as Shape4, attrs.strides, attrs.dilations ?? 1, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast',
  );
}

export function conv2D(addon: OneDnnAddon, fallback: KernelFunc): KernelFunc {
  return withFallback(fallback, (a) => nativeable(attrsOf(a), input(a, 'x'), input(a, 'filter')), (args) => {
    const backend = asWasmBackend(args.backend);
    const x = input(args, 'x');
    const filter = input(args, 'filter');
    const ci = info(x.shape, filter.shape, attrsOf(args));
    // Allocate first: a growing heap replaces the buffer every earlier view looked at.
    return produce(backend, ci.outShape, (y) => addon.convForward(floats(backend, x), floats(backend, filter), null, floats(backend, y), convShape(ci, 'linear', false, useBf16(args.attrs))));
  });
}

export function fusedConv2D(addon: OneDnnAddon, fallback: KernelFunc): KernelFunc {
  const usable = (a: KernelArgs) => {
    const attrs = attrsOf(a);
    const bias = a.inputs.bias;
    const outChannels = input(a, 'filter').shape[3];
    return (
      nativeable(attrs, input(a, 'x'), input(a, 'filter')) &&
      isNativeActivation(attrs.activation) &&
      a.inputs.preluActivationWeights == null &&
      (bias == null || (bias.dtype === 'float32' && bias.shape.length === 1 && bias.shape[0] === outChannels))
    );
  };
  return withFallback(fallback, usable, (args) => {
    const backend = asWasmBackend(args.backend);
    const x = input(args, 'x');
    const filter = input(args, 'filter');
    const bias = args.inputs.bias ?? null;
    const attrs = attrsOf(args);
    const ci = info(x.shape, filter.shape, attrs);
    const activation = isNativeActivation(attrs.activation) ? (attrs.activation ?? 'linear') : 'linear';
    return produce(backend, ci.outShape, (y) => {
      const b = bias ? floats(backend, bias) : null;
      addon.convForward(floats(backend, x), floats(backend, filter), b, floats(backend, y), convShape(ci, activation, bias != null, useBf16(args.attrs)));
    });
  });
}

export function conv2DBackpropInput(addon: OneDnnAddon, fallback: KernelFunc): KernelFunc {
  return withFallback(fallback, (a) => nativeable(attrsOf(a), input(a, 'dy'), input(a, 'filter')), (args) => {
    const backend = asWasmBackend(args.backend);
    const dy = input(args, 'dy');
    const filter = input(args, 'filter');
    const attrs = attrsOf(args);
    if (!attrs.inputShape) throw new Error('oneDNN Conv2DBackpropInput: inputShape attribute missing');
    const ci = info(attrs.inputShape, filter.shape, { ...attrs, dilations: 1 });
    return produce(backend, ci.inShape, (dx) => addon.convBackwardData(floats(backend, dy), floats(backend, filter), floats(backend, dx), convShape(ci, 'linear', false, useBf16(args.attrs))));
  });
}

export function conv2DBackpropFilter(addon: OneDnnAddon, fallback: KernelFunc): KernelFunc {
  return withFallback(fallback, (a) => nativeable(attrsOf(a), input(a, 'x'), input(a, 'dy')), (args) => {
    const backend = asWasmBackend(args.backend);
    const x = input(args, 'x');
    const dy = input(args, 'dy');
    const attrs = attrsOf(args);
    if (!attrs.filterShape) throw new Error('oneDNN Conv2DBackpropFilter: filterShape attribute missing');
    const ci = info(x.shape, attrs.filterShape, { ...attrs, dilations: 1 });
    if (dy.shape[1] !== ci.outHeight || dy.shape[2] !== ci.outWidth) {
      throw new Error(`oneDNN Conv2DBackpropFilter: dy shape ${dy.shape} does not match the conv output ${ci.outShape}`);
    }
    const filterShape = attrs.filterShape;
    return produce(backend, filterShape, (dw) => addon.convBackwardWeights(floats(backend, x), floats(backend, dy), floats(backend, dw), convShape(ci, 'linear', false, useBf16(args.attrs))));
  });
}


/**
 * The project's two-gradient conv op (core/nn/conv-backward.ts): dx and dw in one addon call, which converts dy to
 * bfloat16 once for both when mixed precision is on. What oneDNN is not given goes to the two kernels registered
 * for Conv2DBackpropInput and Conv2DBackpropFilter.
 */
export function conv2DBackward(addon: OneDnnAddon): KernelFunc {
  const separately: KernelFunc = ((args: KernelArgs) => {
    const backend = asWasmBackend(args.backend);
    const [x, dy, filter] = [input(args, 'x'), input(args, 'dy'), input(args, 'filter')];
    const attrs = args.attrs ?? {};
    const dx = callWasmKernel('Conv2DBackpropInput', { dy, filter }, attrs, backend);
    try {
      return [dx, callWasmKernel('Conv2DBackpropFilter', { x, dy }, attrs, backend)];
    } catch (err) {
      backend.disposeData(dx.dataId);
      throw err;
    }
  }) as unknown as KernelFunc;
  return withFallback(separately, (a) => nativeable(attrsOf(a), input(a, 'x'), input(a, 'dy'), input(a, 'filter')), (args) => {
    const backend = asWasmBackend(args.backend);
    const [x, dy, filter] = [input(args, 'x'), input(args, 'dy'), input(args, 'filter')];
    const ci = info(x.shape, filter.shape, { ...attrsOf(args), dilations: 1 });
    if (dy.shape[1] !== ci.outHeight || dy.shape[2] !== ci.outWidth) {
      throw new Error(`oneDNN conv backward: dy shape ${dy.shape} does not match the conv output ${ci.outShape}`);
    }
    return produceAll(backend, [[...x.shape], [...filter.shape]], ([dx, dw]) =>
      addon.convBackward(floats(backend, x), floats(backend, dy), floats(backend, filter), floats(backend, dx), floats(backend, dw), convShape(ci, 'linear', false, useBf16(args.attrs))),
    );
  });
}
