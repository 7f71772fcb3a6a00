// The backward of a conv's bias and activation in one op: from the output's gradient dy and the activation's
// output y, g = dy * act'(y) (what the conv's input and filter gradients need) and db, the sum of g over every
// axis but the channels (the bias gradient). Written out in tfjs ops that is up to five kernels, each a pass over
// a whole activation tensor (on the HGN decoder's 480 frames of 32x32x16, ~30 MB each); where the backend
// registers the kernels (main/engine: native loops on wasm) it is one pass. First-order only: the ops it replaces
// sit in gradFuncs of convs that are never differentiated twice (models/hgn/layers.ts's convFused).
import * as tf from '@tensorflow/tfjs-core';
import { backendHasKernel } from './backend-kernel';

export type FusableActivation = 'relu' | 'sigmoid' | 'linear';

/** inputs {dy, y}, attrs {activation: 1 relu | 2 sigmoid}; outputs [g, db]. */
export const ACTIVATION_GRAD_KERNEL = 'HsActivationGrad';
/** inputs {x}; output the sum over every axis but the last (the bias gradient of a linear output). */
export const CHANNEL_SUM_KERNEL = 'HsChannelSum';

export const ACTIVATION_CODES = { linear: 0, relu: 1, sigmoid: 2 } as const;

export interface ActivationGradAttrs {
  activation: number;
  [key: string]: number;
}

/** act'(y) * dy in plain ops: the reference the kernels are tested against, and the path of other backends. */
export function composeActivationGrad(dy: tf.Tensor, y: tf.Tensor, activation: FusableActivation): tf.Tensor {
  if (activation === 'relu') return tf.mul(dy, tf.step(y));
  if (activation === 'sigmoid') return tf.mul(dy, tf.mul(y, tf.sub(1, y)));
  return dy;
}

/**
 * Sum of an NHWC tensor over N, H and W in plain ops: a whole-image average pool (one memory-bound XNNPACK pass)
 * times H*W, then a small sum over N. (A matMul with ones would make XNNPACK pack the big tensor as weights on
 * every call; tfjs's Sum over leading axes transposes the whole tensor first.)
 */
export function composeChannelSum(g: tf.Tensor): tf.Tensor1D {
  if (g.rank !== 4) return tf.sum(tf.reshape(g, [-1, g.shape[g.rank - 1]]), 0) as tf.Tensor1D;
  const [n, h, w, c] = g.shape;
  const pooled = tf.avgPool(g as tf.Tensor4D, [h, w], 1, 'valid');
  return tf.mul(tf.sum(tf.reshape(pooled, [n, c]), 0), h * w) as tf.Tensor1D;
}

/** The sum of g over every axis but the channels. */
export function channelSum(g: tf.Tensor): tf.Tensor1D {
  if (!backendHasKernel(CHANNEL_SUM_KERNEL)) return composeChannelSum(g);
  return tf.engine().runKernel(CHANNEL_SUM_KERNEL, { x: g }) as tf.Tensor1D;
}

/** g = dy * act'(y) alone (where nothing needs the bias sum). */
export function activationGrad(dy: tf.Tensor, y: tf.Tensor, activation: FusableActivation): tf.Tensor {
  if (activation === 'linear' || !backendHasKernel(ACTIVATION_GRAD_KERNEL)) return composeActivationGrad(dy, y, activation);
  const { g, db } = activationBackward(dy, y, activation);
  db.dispose();
  return g;
}

/** g = dy * act'(y) and db = channelSum(g); for a linear output g is dy itself. */
export function activationBackward(dy: tf.Tensor, y: tf.Tensor, activation: FusableActivation): { g: tf.Tensor; db: tf.Tensor1D } {
  if (activation === 'linear') return { g: dy, db: channelSum(dy) };
  if (!backendHasKernel(ACTIVATION_GRAD_KERNEL)) {
    const g = composeActivationGrad(dy, y, activation);
    return { g, db: composeChannelSum(g) };
  }
  const attrs: ActivationGradAttrs = { activation: ACTIVATION_CODES[activation] };
  const [g, db] = tf.engine().runKernel(ACTIVATION_GRAD_KERNEL, { dy, y }, attrs as unknown as tf.NamedAttrMap) as unknown as [tf.Tensor, tf.Tensor1D];
  return { g, db };
}
