// The decoder's fused memory-bound passes (main/core/nn: activation-grad.ts, add-relu.ts, upsample.ts) on the wasm
// backend, run by the addon's native loops (eltwise.cc) in place on the wasm heap.
import { util, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { ACTIVATION_GRAD_KERNEL, CHANNEL_SUM_KERNEL, type ActivationGradAttrs } from '../../core/nn/activation-grad';
import { ADD_RELU_KERNEL } from '../../core/nn/add-relu';
import { UPSAMPLE_GRAD_KERNEL, UPSAMPLE_KERNEL } from '../../core/nn/upsample';
import { asWasmBackend, input, type KernelArgs } from '../wasm-kernels/wasm-backend';
import type { OneDnnAddon } from './addon';
import { floats, floatsOnly, produce, produceAll } from './kernel-support';

/** [rows, channels] of a tensor whose last axis is its channels. */
function rowsAndChannels(t: TensorInfo): [number, number] {
  const channels = t.shape[t.shape.length - 1] ?? 1;
  return [util.sizeFromShape(t.shape) / channels, channels];
}

function activationGrad(addon: OneDnnAddon): KernelFunc {
  return ((args: KernelArgs) => {
    const backend = asWasmBackend(args.backend);
    const { activation } = args.attrs as unknown as ActivationGradAttrs;
    const dy = input(args, 'dy');
    const y = input(args, 'y');
    floatsOnly(ACTIVATION_GRAD_KERNEL, dy, y);
    const [rows, channels] = rowsAndChannels(dy);
    return produceAll(backend, [[...dy.shape], [channels]], ([g, db]) =>
      addon.activationGrad(activation, floats(backend, dy), floats(backend, y), floats(backend, g), floats(backend, db), rows, channels),
    );
  }) as unknown as KernelFunc;
}

function channelSum(addon: OneDnnAddon): KernelFunc {
  return ((args: KernelArgs) => {
    const backend = asWasmBackend(args.backend);
    const x = input(args, 'x');
    floatsOnly(CHANNEL_SUM_KERNEL, x);
    const [rows, channels] = rowsAndChannels(x);
    return produce(backend, [channels], (db) => addon.activationGrad(0, floats(backend, x), null, null, floats(backend, db), rows, channels));
  }) as unknown as KernelFunc;
}

function addRelu(addon: OneDnnAddon): KernelFunc {
  return ((args: KernelArgs) => {
    const backend = asWasmBackend(args.backend);
    const a = input(args, 'a');
    const b = input(args, 'b');
    floatsOnly(ADD_RELU_KERNEL, a, b);
    const n = util.sizeFromShape(a.shape);
    if (util.sizeFromShape(b.shape) !== n) throw new Error(`${ADD_RELU_KERNEL}: inputs of different sizes`);
    return produce(backend, [...a.shape], (y) => addon.addRelu(floats(backend, a), floats(backend, b), floats(backend, y), n));
  }) as unknown as KernelFunc;
}

function upsample(addon: OneDnnAddon, grad: boolean): KernelFunc {
  return ((args: KernelArgs) => {
    const backend = asWasmBackend(args.backend);
    const x = input(args, grad ? 'dy' : 'x');
    const name = grad ? UPSAMPLE_GRAD_KERNEL : UPSAMPLE_KERNEL;
    floatsOnly(name, x);
    if (x.shape.length !== 4) throw new Error(`${name}: an NHWC tensor of rank 4 only`);
    const [n, h, w, c] = x.shape;
    if (grad && (h % 2 !== 0 || w % 2 !== 0)) throw new Error(`${name}: odd height or width ${h}x${w}`);
    // Sizes of the small side, as the addon takes them.
    const [sh, sw] = grad ? [h / 2, w / 2] : [h, w];
    const out = grad ? [n, sh, sw, c] : [n, 2 * h, 2 * w, c];
    return produce(backend, out, (y) => (grad ? addon.upsample2xGrad : addon.upsample2x)(floats(backend, x), floats(backend, y), n, sh, sw, c));
  }) as unknown as KernelFunc;
}

export const ELTWISE_KERNELS: Record<string, (addon: OneDnnAddon) => KernelFunc> = {
  [ACTIVATION_GRAD_KERNEL]: activationGrad,
  [CHANNEL_SUM_KERNEL]: channelSum,
  [ADD_RELU_KERNEL]: addRelu,
  [UPSAMPLE_KERNEL]: (addon) => upsample(addon, false),
  [UPSAMPLE_GRAD_KERNEL]: (addon) => upsample(addon, true),
};
