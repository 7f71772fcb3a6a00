// Convolution layers as plain variables, and the ops HGN builds from them. Everything here is safe to
// differentiate twice (no resize, pool, elu, stridedSlice, tile above rank 4): see docs/science.md section 7.
import * as tf from '@tensorflow/tfjs-core';
import type { ParamStore } from '../../training/params';
import type { Padding } from './config';
import { FIRST_ORDER_ATTR } from '../../nn/precision-hint';
import { activationBackward, type FusableActivation } from '../../nn/activation-grad';
import { convBackward } from '../../nn/conv-backward';

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
 * activation's derivative off the output and sums the bias gradient in the same pass (nn/activation-grad.ts).
 * Not differentiable twice: never use it inside H.
 */
export function convFused(x: tf.Tensor4D, c: Conv, activation: Activation): tf.Tensor4D {
  if (activation === 'softplus') return activate(convFirstOrder(x, c, 'linear'), 'softplus');
  return convFirstOrder(x, c, activation);
}

function convFirstOrder(x: tf.Tensor4D, c: Conv, activation: FusableActivation): tf.Tensor4D {
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
      const { g, db } = activationBackward(dy, ys, activation);
      const [dx, dw] = convBackward(xs as tf.Tensor4D, g as tf.Tensor4D, ws as tf.Tensor4D, { strides, pad });
      return [dx, dw, db];
    };
    return { value: y, gradFunc };
  });
  return op(x, c.w, c.b) as tf.Tensor4D;
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

export function convOutputSize(size: number, kernel: number, stride: number, padding: Padding): number {
  return padding === 'same' ? Math.ceil(size / stride) : Math.floor((size - kernel) / stride) + 1;
}
