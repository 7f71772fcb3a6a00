// Both gradients of a first-order conv (the input's and the filter's) as one op: one call where the backend
// registers the kernel (main/engine: oneDNN on wasm, which then converts dy to bfloat16 once for both passes when
// mixed precision is on), else tfjs's Conv2DBackpropInput and Conv2DBackpropFilter. Used by gradFuncs only.
import * as tf from '@tensorflow/tfjs-core';
import { backendHasKernel } from './backend-kernel';
import { FIRST_ORDER_ATTR } from './precision-hint';

/** inputs {x, dy, filter}; attrs as Conv2DBackpropInput's plus filterShape; outputs [dx, dw]. */
export const CONV_BACKWARD_KERNEL = 'HsConv2DBackward';

export interface ConvGeometry {
  strides: [number, number];
  pad: 'same' | 'valid';
}

/** dL/dx and dL/dw of y = conv(x, w) from dy, on a first-order path (a backend may run it in bfloat16). */
export function convBackward(x: tf.Tensor4D, dy: tf.Tensor4D, filter: tf.Tensor4D, geo: ConvGeometry): [tf.Tensor4D, tf.Tensor4D] {
  const common = { strides: geo.strides, pad: geo.pad, dataFormat: 'NHWC', [FIRST_ORDER_ATTR]: true };
  if (backendHasKernel(CONV_BACKWARD_KERNEL)) {
    const attrs = { ...common, inputShape: x.shape, filterShape: filter.shape };
    return tf.engine().runKernel(CONV_BACKWARD_KERNEL, { x, dy, filter }, attrs as unknown as tf.NamedAttrMap) as unknown as [tf.Tensor4D, tf.Tensor4D];
  }
  const dx = tf.engine().runKernel(tf.Conv2DBackpropInput, { dy, filter }, { ...common, inputShape: x.shape } as unknown as tf.NamedAttrMap) as tf.Tensor4D;
  const dw = tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, { ...common, filterShape: filter.shape } as unknown as tf.NamedAttrMap) as tf.Tensor4D;
  return [dx, dw];
}
