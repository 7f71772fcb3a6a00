// The job-start self-check and its repair: when a package re-registers tfjs's stock gradients (tfjs-node loads
// @tensorflow/tfjs, even when its addon then fails), the check catches it with a clear error, and loading a
// backend puts the fixed gradients back (it used to skip that once it had run: a `registered` flag).
import * as tf from '@tensorflow/tfjs-core';
import { tanhGradConfig } from '@tensorflow/tfjs-core/dist/gradients/Tanh_grad';
import { sigmoidGradConfig } from '@tensorflow/tfjs-core/dist/gradients/Sigmoid_grad';
import { expGradConfig } from '@tensorflow/tfjs-core/dist/gradients/Exp_grad';
import { powGradConfig } from '@tensorflow/tfjs-core/dist/gradients/Pow_grad';
import { softmaxGradConfig } from '@tensorflow/tfjs-core/dist/gradients/Softmax_grad';
import { beforeEach, describe, expect, it } from 'vitest';
import { initBackend } from '../../../main/engine/backends';
import { assertSecondOrderGradients, checkSecondOrderGradients } from '../../../main/core/autodiff/second-order-check';
import { registerSecondOrderGradients, secondOrderGradientsInPlace } from '../../../main/core/autodiff/second-order-gradients';

/** What loading @tensorflow/tfjs does to the shared registry: the stock gradients come back. */
function reRegisterStockGradients(): void {
  for (const g of [tanhGradConfig, sigmoidGradConfig, expGradConfig, powGradConfig, softmaxGradConfig]) tf.registerGradient(g);
}

describe('second-order self-check', () => {
  beforeEach(async () => {
    await initBackend('cpu');
  });

  it('passes with the fixed gradients, on every activation the models differentiate twice', async () => {
    const checks = await checkSecondOrderGradients();
    expect(new Set(checks.map((c) => c.name))).toEqual(new Set(['tanh', 'sigmoid', 'exp', 'softplus', 'pow (exponent)', 'softmax']));
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(secondOrderGradientsInPlace()).toBe(true);
  });

  it('refuses with a clear message when the stock gradients are back (tanh: 0.48 where the truth is -0.15)', async () => {
    reRegisterStockGradients();
    expect(secondOrderGradientsInPlace()).toBe(false);
    const bad = (await checkSecondOrderGradients()).filter((c) => !c.ok).map((c) => c.name);
    for (const name of ['tanh', 'sigmoid', 'exp', 'pow (exponent)', 'softmax']) expect(bad).toContain(name);
    await expect(assertSecondOrderGradients()).rejects.toThrow(/Refusing to train: second-order gradients are wrong on the cpu backend \(tanh/);
    registerSecondOrderGradients();
  });

  it('loading a backend again puts the fixed gradients back, however often the stock ones return', async () => {
    for (let i = 0; i < 2; i++) {
      reRegisterStockGradients();
      await initBackend('cpu');
      expect(secondOrderGradientsInPlace()).toBe(true);
      await expect(assertSecondOrderGradients()).resolves.toBeUndefined();
    }
  });
});
