// The fused Adam update (main/core/training/adam-step.ts) on the wasm backend: one loop over the heap views of
// p, m, v and g writing p', m', v'; one kernel where the composed update is twelve.
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { AdamStepAttrs } from '../../core/training/adam-step';
import { asWasmBackend, input, type KernelArgs } from './wasm-backend';

export const adamStepWasm: KernelFunc = ((args: KernelArgs) => {
  const backend = asWasmBackend(args.backend);
  const a = args.attrs as unknown as AdamStepAttrs;
  const [p, m, v, g] = ['p', 'm', 'v', 'g'].map((n) => input(args, n));
  for (const t of [p, m, v, g]) if (t.dtype !== 'float32') throw new Error('Adam step: float32 tensors only');
  // Outputs first: growing the heap detaches every view taken before.
  const outs: TensorInfo[] = [p, m, v].map((t) => backend.makeOutput([...t.shape], 'float32'));
  const [pv, mv, vv, gv] = [p, m, v, g].map((t) => backend.typedArrayFromHeap(t) as Float32Array);
  const [po, mo, vo] = outs.map((t) => backend.typedArrayFromHeap(t) as Float32Array);
  const b1 = a.beta1;
  const b2 = a.beta2;
  for (let i = 0; i < pv.length; i++) {
    const gi = gv[i];
    const mi = b1 * mv[i] + (1 - b1) * gi;
    const vi = b2 * vv[i] + (1 - b2) * gi * gi;
    mo[i] = mi;
    vo[i] = vi;
    po[i] = pv[i] - (a.lr * mi) / (Math.sqrt(vi) + a.epsilon);
  }
  return outs;
}) as unknown as KernelFunc;
