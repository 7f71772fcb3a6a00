// The HGN's energy kick (main/core/nn/energy-kick.ts) on the wasm backend, run by the addon's native code
// (kick.cc: im2col + oneDNN matmuls) in place on the wasm heap: one kernel forward, one backward, where the
// composed ops are ~120 kernels each way for a paper-size H.
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { KICK_GRAD_KERNEL, KICK_KERNEL, type KickAttrs } from '../../core/nn/energy-kick';
import { asWasmBackend, input, type KernelArgs } from '../wasm-kernels/wasm-backend';
import type { OneDnnAddon } from './addon';
import { floats, floatsOnly, produce, produceAll } from './kernel-support';

/** The addon's description of one call: [batch, height, width, nparts, c0, c1, wrt, nlayers, layers...]. */
export function kickDescription(attrs: KickAttrs, part0: TensorInfo): { desc: Int32Array; coefs: Float32Array } {
  const [batch, height, width] = part0.shape;
  const parts = attrs.parts;
  const desc = Int32Array.from([batch, height, width, parts.length, parts[0], parts[1] ?? 0, attrs.wrt, attrs.layers.length / 5, ...attrs.layers]);
  return { desc, coefs: Float32Array.from([attrs.coef, attrs.prior]) };
}

function partsOf(args: KernelArgs, attrs: KickAttrs): TensorInfo[] {
  return attrs.parts.map((_, j) => input(args, `x${j}`));
}

export function kickForward(addon: OneDnnAddon): KernelFunc {
  return ((args: KernelArgs) => {
    const backend = asWasmBackend(args.backend);
    const attrs = args.attrs as unknown as KickAttrs;
    const parts = partsOf(args, attrs);
    const packed = input(args, 'packed');
    const target = args.inputs.target ?? null;
    floatsOnly('oneDNN kick', ...parts, packed, ...(target ? [target] : []));
    const wrt = parts[attrs.wrt];
    // Outputs first: growing the heap detaches every view taken before.
    return produce(backend, [...wrt.shape], (out) => {
      const { desc, coefs } = kickDescription(attrs, parts[0]);
      addon.kickForward(
        parts.map((p) => floats(backend, p)),
        floats(backend, packed),
        target ? floats(backend, target) : null,
        floats(backend, out),
        desc,
        coefs,
      );
    });
  }) as unknown as KernelFunc;
}

export function kickBackward(addon: OneDnnAddon): KernelFunc {
  return ((args: KernelArgs) => {
    const backend = asWasmBackend(args.backend);
    const attrs = args.attrs as unknown as KickAttrs;
    const parts = partsOf(args, attrs);
    const packed = input(args, 'packed');
    const dy = input(args, 'dy');
    floatsOnly('oneDNN kick', ...parts, packed, dy);
    return produceAll(backend, [...parts.map((p) => [...p.shape]), [...packed.shape]], (outs) => {
      const { desc, coefs } = kickDescription(attrs, parts[0]);
      addon.kickBackward(
        parts.map((p) => floats(backend, p)),
        floats(backend, packed),
        floats(backend, dy),
        outs.slice(0, -1).map((o) => floats(backend, o)),
        floats(backend, outs[outs.length - 1]),
        desc,
        coefs,
      );
    });
  }) as unknown as KernelFunc;
}

export const KICK_KERNELS: Record<string, (addon: OneDnnAddon) => KernelFunc> = {
  [KICK_KERNEL]: kickForward,
  [KICK_GRAD_KERNEL]: kickBackward,
};
