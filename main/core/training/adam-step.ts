// One Adam update of one parameter as one op: (p, m, v, g) -> (p', m', v'). Written out in tfjs ops the update
// is twelve kernels per parameter (about 730 of a laptop HGN step's 2,000); where the backend registers the
// fused kernel (main/engine: a loop on the wasm heap, a WGSL program on webgpu) it is one. Not differentiable:
// optimisers run outside any gradient tape.
import * as tf from '@tensorflow/tfjs-core';
import { backendHasKernel } from '../nn/backend-kernel';

export const ADAM_KERNEL = 'HsAdamStep';

export interface AdamStepAttrs {
  /** Step size with the bias corrections folded in (the Adam paper's "efficient" form). */
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  [key: string]: number;
}

/** The update in plain ops: the reference the kernels are tested against, and the path of backends without one. */
export function composeAdamStep(p: tf.Tensor, m: tf.Tensor, v: tf.Tensor, g: tf.Tensor, a: AdamStepAttrs): [tf.Tensor, tf.Tensor, tf.Tensor] {
  return tf.tidy(() => {
    const m1 = tf.add(tf.mul(m, a.beta1), tf.mul(g, 1 - a.beta1));
    const v1 = tf.add(tf.mul(v, a.beta2), tf.mul(tf.square(g), 1 - a.beta2));
    const p1 = tf.sub(p, tf.div(tf.mul(m1, a.lr), tf.add(tf.sqrt(v1), a.epsilon)));
    return [p1, m1, v1];
  });
}

export function adamStep(p: tf.Tensor, m: tf.Tensor, v: tf.Tensor, g: tf.Tensor, a: AdamStepAttrs): [tf.Tensor, tf.Tensor, tf.Tensor] {
  if (!backendHasKernel(ADAM_KERNEL)) return composeAdamStep(p, m, v, g, a);
  return tf.engine().runKernel(ADAM_KERNEL, { p, m, v, g }, a) as unknown as [tf.Tensor, tf.Tensor, tf.Tensor];
}
