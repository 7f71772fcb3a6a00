// The fused kick (main/core/nn/energy-kick.ts) against nested autodiff: its value is the network's input
// gradient (first order), and its backward is the gradient of that gradient in the inputs, the weights and the
// target (second order), for both H layouts, general and separable, with and without a prior or a target.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../main/engine/backends';
import { composeKick, energyKick } from '../../../main/core/nn/energy-kick';
import { KICK_CASES, kickByAutodiff, kickInputs, maxRelative, type KickCase } from './energy-kick-cases';

beforeAll(async () => {
  await initBackend('cpu');
});

async function relativeError(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  return maxRelative(await a.data(), await b.data());
}

/** Gradients of sum(weights * kick) in the parts, the packed weights and the target, by the op and by autodiff. */
function secondOrder(kc: KickCase, useOp: boolean): tf.Tensor[] {
  const inp = kickInputs(kc);
  const n = inp.parts.length;
  const xs: tf.Tensor[] = [...inp.parts, inp.packed, ...(inp.target ? [inp.target] : [])];
  return tf.grads((...a: tf.Tensor[]) => {
    const parts = a.slice(0, n) as tf.Tensor4D[];
    const target = inp.target ? a[n + 1] : null;
    const out = useOp ? energyKick(kc.spec, parts, a[n], target) : kickByAutodiff(kc.spec, parts, a[n], target);
    return tf.sum(tf.mul(out, inp.weights));
  })(xs);
}

describe('energy kick', () => {
  it.each(KICK_CASES.map((c) => [c.name, c] as const))('%s: value is the input gradient (first order)', async (_n, kc) => {
    const inp = kickInputs(kc);
    const expected = kickByAutodiff(kc.spec, inp.parts, inp.packed, inp.target);
    expect(await relativeError(energyKick(kc.spec, inp.parts, inp.packed, inp.target), expected)).toBeLessThan(1e-5);
    expect(await relativeError(composeKick(kc.spec, inp.parts, inp.packed, inp.target), expected)).toBeLessThan(1e-5);
  });

  it.each(KICK_CASES.map((c) => [c.name, c] as const))('%s: backward is the gradient of the gradient (second order)', async (_n, kc) => {
    const byOp = secondOrder(kc, true);
    const byAutodiff = secondOrder(kc, false);
    expect(byOp.length).toBe(byAutodiff.length);
    for (let i = 0; i < byOp.length; i++) expect(await relativeError(byOp[i], byAutodiff[i]), `input ${i}`).toBeLessThan(1e-4);
  });

  it('leaves no tensors behind, forward and backward', () => {
    const kc = KICK_CASES[0];
    const inp = kickInputs(kc);
    const before = tf.memory().numTensors;
    const grads = tf.grads((q: tf.Tensor, p: tf.Tensor, w: tf.Tensor) => tf.sum(energyKick(kc.spec, [q as tf.Tensor4D, p as tf.Tensor4D], w, null)))([...inp.parts, inp.packed]);
    expect(tf.memory().numTensors).toBe(before + grads.length);
    tf.dispose(grads);
  });
});
