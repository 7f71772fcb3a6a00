// Nearest-neighbour 2x upsampling of NHWC images, in two forms: one built from plain ops whose gradient has a
// gradient (for networks differentiated twice), and a first-order one (the HGN decoder) that is one kernel each
// way where the backend registers them (main/engine: native loops on wasm).
import * as tf from '@tensorflow/tfjs-core';
import { backendHasKernel } from './backend-kernel';

/** inputs {x} [n, h, w, c]; output [n, 2h, 2w, c]. */
export const UPSAMPLE_KERNEL = 'HsUpsample2x';
/** inputs {dy} [n, 2h, 2w, c]; output [n, h, w, c], the sum of each 2x2 block. */
export const UPSAMPLE_GRAD_KERNEL = 'HsUpsample2xGrad';

/**
 * Upsampling by reshape + broadcast multiply + reshape: its gradient is a plain sum, where resizeNearestNeighbor's
 * gradient kernel is missing on wasm and has no gradient of its own.
 */
export function upsample2x(x: tf.Tensor4D): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const spread = tf.mul(tf.reshape(x, [n, h, 1, w, 1, c]), tf.ones([1, 1, 2, 1, 2, 1]));
  return tf.reshape(spread, [n, 2 * h, 2 * w, c]);
}

function fused(name: string, x: tf.Tensor): boolean {
  return backendHasKernel(name) && x.dtype === 'float32';
}

/** The gradient of upsampling in plain ops: 4 x avgPool(dy, 2, 2), one pooling kernel (a rank-6 sum is slow on wasm). */
export function composeUpsample2xGrad(dy: tf.Tensor4D): tf.Tensor4D {
  return tf.mul(tf.avgPool(dy, 2, 2, 'valid'), 4);
}

/** The same upsampling, differentiable once. */
export const upsample2xFirstOrder = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const x = args[0] as tf.Tensor4D;
  const value = fused(UPSAMPLE_KERNEL, x) ? (tf.engine().runKernel(UPSAMPLE_KERNEL, { x }) as tf.Tensor4D) : upsample2x(x);
  const gradFunc = (dy: tf.Tensor4D) => [
    fused(UPSAMPLE_GRAD_KERNEL, dy) ? (tf.engine().runKernel(UPSAMPLE_GRAD_KERNEL, { dy }) as tf.Tensor4D) : composeUpsample2xGrad(dy),
  ];
  return { value, gradFunc };
}) as (x: tf.Tensor4D) => tf.Tensor4D;
