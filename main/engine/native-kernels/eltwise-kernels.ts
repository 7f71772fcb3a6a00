// The decoder's fused memory-bound passes (main/core/nn: activation-grad.ts, add-relu.ts, upsample.ts) on the wasm
// backend, run by the addon's native loops (eltwise.cc) in place on the wasm heap.
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { ACTIVATION_GRAD_KERNEL, CHANNEL_SUM_KERNEL, type ActivationGradAttrs } from '../../core/nn/activation-grad';
import { ADD_RELU_KERNEL } from '../../core/nn/add-relu';
import { UPSAMPLE_GRAD_KERNEL, UPSAMPLE_KERNEL } from '../../core/nn/upsample';
import { asWasmBackend, input, type KernelArgs, type WasmBackendLike } from '../wasm-kernels/wasm-backend';
import type { OneDnnAddon } from './addon';
import { floats } from './kernel-support';

function checkFloat(what: string, ...ts: TensorInfo[]): void {
  for (const t of ts) if (t.dtype !== 'float32') throw new Error(`${what}: float32 tensors only`);
}

/** Makes the outputs (first: growing the heap detaches every view taken before), lets `fill` write them, and
 * releases them again if that throws. */
function produceAll(backend: WasmBackendLike, shapes: number[][], fill: (outs: TensorInfo[]) => void): TensorInfo[] {
  const outs = shapes.map((s) => backend.makeOutput(s, 'float32'));
  try {
    fill(outs);
  } catch (err) {
    for (const o of outs) backend.disposeData(o.dataId);
    throw err;
  }
  return outs;
}

/** [rows, channels] of a tensor whose last axis is its channels. */
function rowsAndChannels(t: TensorInfo): [number, number] {
  const channels = t.shape[t.shape.length - 1] ?? 1;
  const size = t.shape.reduce((a, b) => a * b, 1);
  return [size / channels, channels];
}

function activationGrad(addon: OneDnnAddon): KernelFunc {
  return ((args: KernelArgs) => {
    const backend = asWasmBackend(args.backend);
    const { activation } = args.attrs as unknown as ActivationGradAttrs;
    const dy = input(args, 'dy');
    const y = input(args, 'y');
    checkFloat(ACTIVATION_GRAD_KERNEL, dy, y);
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
    checkFloat(CHANNEL_SUM_KERNEL, x);
    const [rows, channels] = rowsAndChannels(x);
    return produceAll(backend, [[channels]], ([db]) => addon.activationGrad(0, floats(backend, x), null, null, floats(backend, db), rows, channels))[0];
  }) as unknown as KernelFunc;
}

function addRelu(addon: OneDnnAddon): KernelFunc {
  return ((args: KernelArgs) => {
    const backend = asWasmBackend(args.backend);
    const a = input(args, 'a');
    const b = input(args, 'b');
    checkFloat(ADD_RELU_KERNEL, a, b);
    const n = a.shape.reduce((p, q) => p * q, 1);
    if (b.shape.reduce((p, q) => p * q, 1) !== n) throw new Error(`${ADD_RELU_KERNEL}: inputs of different sizes`);
    return produceAll(backend, [[...a.shape]], ([y]) => addon.addRelu(floats(backend, a), floats(backend, b), floats(backend, y), n))[0];
  }) as unknown as KernelFunc;
}

function upsample(addon: OneDnnAddon, grad: boolean): KernelFunc {
  return ((args: KernelArgs) => {
    const backend = asWasmBackend(args.backend);
    const x = input(args, grad ? 'dy' : 'x');
    const name = grad ? UPSAMPLE_GRAD_KERNEL : UPSAMPLE_KERNEL;
    checkFloat(name, x);
    if (x.shape.length !== 4) throw new Error(`${name}: an NHWC tensor of rank 4 only`);
    const [n, h, w, c] = x.shape;
    if (grad && (h % 2 !== 0 || w % 2 !== 0)) throw new Error(`${name}: odd height or width ${h}x${w}`);
    // Sizes of the small side, as the addon takes them.
    const [sh, sw] = grad ? [h / 2, w / 2] : [h, w];
    const out = grad ? [n, sh, sw, c] : [n, 2 * h, 2 * w, c];
    return produceAll(backend, [out], ([y]) => (grad ? addon.upsample2xGrad : addon.upsample2x)(floats(backend, x), floats(backend, y), n, sh, sw, c))[0];
  }) as unknown as KernelFunc;
}

export const ELTWISE_KERNELS: Record<string, (addon: OneDnnAddon) => KernelFunc> = {
  [ACTIVATION_GRAD_KERNEL]: activationGrad,
  [CHANNEL_SUM_KERNEL]: channelSum,
  [ADD_RELU_KERNEL]: addRelu,
  [UPSAMPLE_KERNEL]: (addon) => upsample(addon, false),
  [UPSAMPLE_GRAD_KERNEL]: (addon) => upsample(addon, true),
};
