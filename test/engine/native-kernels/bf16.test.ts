// bfloat16 convolutions (settings: mixed precision): only calls marked first-order use them, only when turned on,
// only on CPUs with native bf16; the result is within bfloat16's precision of fp32 and not bit-equal to it.
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../main/engine/backends';
import { bf16Isa, setBf16Convs } from '../../../main/engine/native-kernels/precision';
import { FIRST_ORDER_ATTR } from '../../../main/core/nn/precision-hint';
import { makeRng } from '../../../main/core/random';

const isa = bf16Isa();

function random(shape: number[], seed: number): tf.Tensor {
  const rng = makeRng(seed);
  return tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => 2 * rng() - 1), shape);
}

/** A fused conv + bias + relu as the HGN's decoder runs it, marked first-order or not. */
async function conv(marked: boolean): Promise<Float32Array> {
  const x = random([4, 16, 16, 32], 1);
  const w = random([3, 3, 32, 32], 2);
  const b = random([32], 3);
  const attrs = { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', dilations: [1, 1], activation: 'relu', ...(marked ? { [FIRST_ORDER_ATTR]: true } : {}) };
  const y = tf.engine().runKernel('FusedConv2D', { x, filter: w, bias: b }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
  const v = (await y.data()) as Float32Array;
  tf.dispose([x, w, b, y]);
  return v;
}

function maxRelative(a: Float32Array, b: Float32Array): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    s = Math.max(s, Math.abs(b[i]));
  }
  return d / s;
}

describe.skipIf(!isa)(`bf16 convolutions (${isa || 'no native bf16 here'})`, () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });
  afterEach(() => setBf16Convs(false));

  it('off: every call is fp32', async () => {
    setBf16Convs(false);
    expect(Array.from(await conv(true))).toEqual(Array.from(await conv(false)));
  });

  it('on: marked calls round to bf16 (close to fp32, not equal); unmarked calls stay fp32', async () => {
    const fp32 = await conv(false);
    setBf16Convs(true);
    const bf16 = await conv(true);
    const e = maxRelative(bf16, fp32);
    expect(e).toBeGreaterThan(1e-6);
    expect(e).toBeLessThan(2e-2);
    expect(Array.from(await conv(false))).toEqual(Array.from(fp32));
  });
});
