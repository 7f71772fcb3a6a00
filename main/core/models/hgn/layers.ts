// Convolution layers as plain variables, and the ops HGN builds from them. Everything here is safe to
// differentiate twice (no resize, pool, elu, stridedSlice, tile above rank 4): see docs/science.md section 7.
import * as tf from '@tensorflow/tfjs-core';
import type { ParamStore } from '../../training/params';
import type { Padding } from './config';
import { FIRST_ORDER_ATTR } from '../../nn/precision-hint';

export type Activation = 'relu' | 'softplus' | 'sigmoid' | 'linear';

export interface Conv {
  /** [k, k, in, out]: a variable, or a tensor derived from one (upsample-conv.ts's phase kernels). */
  w: tf.Tensor;
  b: tf.Tensor;
  stride: number;
  padding: Padding;
}

/** Registers a conv's weights: He-uniform before ReLU, LeCun-uniform otherwise; zero bias. */
export function makeConv(
  store: ParamStore,
  name: string,
  spec: { kernel: number; inChannels: number; filters: number; stride?: number; padding?: Padding; activation: Activation },
): Conv {
  const fanIn = spec.kernel * spec.kernel * spec.inChannels;
  const gain = spec.activation === 'relu' ? Math.SQRT2 : 1;
  return {
    w: store.add(`${name}.w`, [spec.kernel, spec.kernel, spec.inChannels, spec.filters], { kind: 'fan-in-uniform', fanIn, gain }),
    b: store.add(`${name}.b`, [spec.filters], { kind: 'constant', value: 0 }),
    stride: spec.stride ?? 1,
    padding: spec.padding ?? 'same',
  };
}

/**
 * A conv for first-order paths (encoder, transformer, decoder): one fused XNNPACK kernel forward (conv + bias +
 * activation; tfjs's own fused op unfuses whenever a tape records), and a hand-written backward that reads the
 * activation's derivative off the output and sums the bias gradient with a pooling pass (tfjs's Sum over
 * [N, H, W] transposes the whole tensor on wasm). Not differentiable twice: never use it inside H.
 */
export function convFused(x: tf.Tensor4D, c: Conv, activation: Activation): tf.Tensor4D {
  if (activation === 'softplus') return activate(convFirstOrder(x, c, 'linear'), 'softplus');
  return convFirstOrder(x, c, activation);
}

type Fusable = 'relu' | 'sigmoid' | 'linear';

function convFirstOrder(x: tf.Tensor4D, c: Conv, activation: Fusable): tf.Tensor4D {
  const strides: [number, number] = [c.stride, c.stride];
  const pad = c.padding;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xi, wi, bi, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const y = tf.engine().runKernel(
      tf.FusedConv2D,
      { x: xi, filter: wi, bias: bi },
      // Marked first-order: a backend may run it in bfloat16 when the user asked for it (precision-hint.ts).
      { strides, pad, dataFormat: 'NHWC', dilations: [1, 1], activation, [FIRST_ORDER_ATTR]: true },
    ) as tf.Tensor4D;
    save([xi, wi, y]);
    const gradFunc = (dy: tf.Tensor4D, saved: tf.Tensor[]): tf.Tensor[] => {
      const [xs, ws, ys] = saved;
      const g = activationGrad(dy, ys, activation);
      const dx = tf.engine().runKernel(
        tf.Conv2DBackpropInput,
        { dy: g, filter: ws },
        { strides, pad, dataFormat: 'NHWC', inputShape: xs.shape, [FIRST_ORDER_ATTR]: true },
      ) as tf.Tensor;
      const dw = tf.engine().runKernel(
        tf.Conv2DBackpropFilter,
        { x: xs, dy: g },
        { strides, pad, dataFormat: 'NHWC', filterShape: ws.shape, [FIRST_ORDER_ATTR]: true },
      ) as tf.Tensor;
      return [dx, dw, channelSum(g)];
    };
    return { value: y, gradFunc };
  });
  return op(x, c.w, c.b) as tf.Tensor4D;
}

function activationGrad(dy: tf.Tensor, y: tf.Tensor, activation: Fusable): tf.Tensor {
  if (activation === 'relu') return tf.mul(dy, tf.step(y));
  if (activation === 'sigmoid') return tf.mul(dy, tf.mul(y, tf.sub(1, y)));
  return dy;
}

/**
 * Sum of an NHWC tensor over N, H and W: a whole-image average pool (one memory-bound XNNPACK pass) times H*W,
 * then a small sum over N. (A matMul with ones would make XNNPACK pack the big tensor as weights on every call;
 * tfjs's Sum over leading axes transposes the whole tensor first.)
 */
function channelSum(g: tf.Tensor): tf.Tensor1D {
  const [n, h, w, c] = g.shape;
  const pooled = tf.avgPool(g as tf.Tensor4D, [h, w], 1, 'valid');
  return tf.mul(tf.sum(tf.reshape(pooled, [n, c]), 0), h * w) as tf.Tensor1D;
}

/** A conv built from plain ops whose gradients have gradients: used inside H, which is differentiated twice. */
export function convPlain(x: tf.Tensor4D, c: Conv, activation: Activation): tf.Tensor4D {
  const y = tf.add(tf.conv2d(x, c.w as tf.Tensor4D, c.stride, c.padding), c.b) as tf.Tensor4D;
  return activate(y, activation);
}

export function activate(x: tf.Tensor4D, activation: Activation): tf.Tensor4D {
  switch (activation) {
    case 'relu':
      return tf.relu(x);
    case 'softplus':
      return tf.softplus(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'linear':
      return x;
  }
}

/**
 * Nearest-neighbour 2x upsampling by reshape + broadcast multiply + reshape: its gradient is a plain sum, where
 * resizeNearestNeighbor's gradient kernel is missing on wasm and has no gradient of its own.
 */
export function upsample2x(x: tf.Tensor4D): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const spread = tf.mul(tf.reshape(x, [n, h, 1, w, 1, c]), tf.ones([1, 1, 2, 1, 2, 1]));
  return tf.reshape(spread, [n, 2 * h, 2 * w, c]);
}

/**
 * The same upsampling for first-order paths (the decoder), whose backward is 4 x avgPool(dy, 2, 2): one pooling
 * kernel instead of a rank-6 reduction (slow on wasm). Not differentiable twice.
 */
export const upsample2xFirstOrder = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const value = upsample2x(args[0] as tf.Tensor4D);
  const gradFunc = (dy: tf.Tensor4D) => [tf.mul(tf.avgPool(dy, 2, 2, 'valid'), 4)];
  return { value, gradFunc };
}) as (x: tf.Tensor4D) => tf.Tensor4D;

export function convOutputSize(size: number, kernel: number, stride: number, padding: Padding): number {
  return padding === 'same' ? Math.ceil(size / stride) : Math.floor((size - kernel) / stride) + 1;
}
