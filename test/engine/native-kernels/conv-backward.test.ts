// Both gradients of a first-order conv in one oneDNN call (core/nn/conv-backward.ts) against tfjs's two kernels on
// the cpu backend, for the geometries the HGN uses; one kernel on wasm; in bfloat16 bit-equal to the two separate
// bf16 kernels (dy converted once instead of twice, rounded the same way).
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { initBackend } from '../../../main/engine/backends';
import { loadOneDnnAddon } from '../../../main/engine/native-kernels/addon';
import { bf16Isa, setBf16Convs } from '../../../main/engine/native-kernels/precision';
import { CONV_BACKWARD_KERNEL, convBackward, type ConvGeometry } from '../../../main/core/nn/conv-backward';
import { FIRST_ORDER_ATTR } from '../../../main/core/nn/precision-hint';
import { normal, onCpuAndWasm, relativeError } from '../wasm-kernels/compare';

const addon = loadOneDnnAddon();
const required = process.env.HS_REQUIRE_NATIVE === '1';

const CASES: { name: string; x: number[]; f: number[]; geo: ConvGeometry }[] = [
  { name: '3x3 same (decoder)', x: [3, 8, 8, 16], f: [3, 3, 16, 16], geo: { strides: [1, 1], pad: 'same' } },
  { name: '3x3 same to 3 channels (decoder output)', x: [2, 8, 8, 16], f: [3, 3, 16, 3], geo: { strides: [1, 1], pad: 'same' } },
  { name: '3x3 stride 2 same (transformer)', x: [2, 9, 9, 6], f: [3, 3, 6, 4], geo: { strides: [2, 2], pad: 'same' } },
  { name: '1x1 valid (projection)', x: [2, 4, 4, 32], f: [1, 1, 32, 16], geo: { strides: [1, 1], pad: 'valid' } },
];

function outShape(c: (typeof CASES)[number]): number[] {
  const [n, h, w] = c.x;
  const s = c.geo.strides[0];
  const k = c.f[0];
  const o = (d: number) => (c.geo.pad === 'same' ? Math.ceil(d / s) : Math.floor((d - k) / s) + 1);
  return [n, o(h), o(w), c.f[3]];
}

function grads(c: (typeof CASES)[number]): () => tf.Tensor[] {
  return () => {
    const x = normal(c.x, 1) as tf.Tensor4D;
    const f = normal(c.f, 2) as tf.Tensor4D;
    const dy = normal(outShape(c), 3) as tf.Tensor4D;
    return convBackward(x, dy, f, c.geo);
  };
}

async function values(f: () => tf.Tensor[]): Promise<Float32Array[]> {
  const outs = f();
  const v = (await Promise.all(outs.map((t) => t.data()))) as Float32Array[];
  tf.dispose(outs);
  return v;
}

describe.skipIf(!addon.ok && !required)('conv backward in one oneDNN call', () => {
  afterEach(() => setBf16Convs(false));

  it.each(CASES.map((c) => [c.name, c] as const))('%s: dx and dw as tfjs computes them', async (_n, c) => {
    const r = await onCpuAndWasm([grads(c)]);
    const [cpu, wasm] = [r.cpu[0], r.wasm[0]];
    expect(wasm[0].length).toBe(c.x.reduce((a, b) => a * b, 1));
    expect(wasm[1].length).toBe(c.f.reduce((a, b) => a * b, 1));
    wasm.forEach((v, i) => expect(relativeError(v, cpu[i]), `output ${i}`).toBeLessThan(1e-5));
  });

  it('is one kernel on wasm', async () => {
    await initBackend('wasm');
    const p = await tf.profile(() => grads(CASES[0])());
    tf.dispose(p.result as tf.Tensor[]);
    const names = p.kernels.map((k) => k.name);
    expect(names).toContain(CONV_BACKWARD_KERNEL);
    expect(names.filter((n) => n.startsWith('Conv2DBackprop'))).toHaveLength(0);
  });

  it.skipIf(!bf16Isa())('in bfloat16, equals the two separate bf16 kernels bit for bit', async () => {
    await initBackend('wasm');
    setBf16Convs(true);
    const c = CASES[0];
    const together = await values(grads(c));
    const separate = await values(() => {
      const x = normal(c.x, 1) as tf.Tensor4D;
      const f = normal(c.f, 2) as tf.Tensor4D;
      const dy = normal(outShape(c), 3) as tf.Tensor4D;
      const common = { strides: c.geo.strides, pad: c.geo.pad, dataFormat: 'NHWC', [FIRST_ORDER_ATTR]: true };
      return [
        tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: f }, { ...common, inputShape: x.shape } as unknown as tf.NamedAttrMap) as tf.Tensor,
        tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...common, filterShape: f.shape } as unknown as tf.NamedAttrMap) as tf.Tensor,
      ];
    });
    setBf16Convs(false);
    const fp32 = await values(grads(c));
    together.forEach((v, i) => {
      expect(Array.from(v), `output ${i}`).toEqual(Array.from(separate[i]));
      expect(relativeError(v, fp32[i]), `output ${i} is bf16, not fp32`).toBeGreaterThan(1e-6);
    });
  });
});
