// relu(a + b) as one op, the end of a residual block (models/hgn/decoder.ts): one pass over the tensors where the
// backend registers the kernel (main/engine: a native loop on wasm), where tfjs's Add and Relu are two, and a
// backward of one pass (activation-grad.ts) where tfjs's is a Step and a Multiply. First-order only.
import * as tf from '@tensorflow/tfjs-core';
import { backendHasKernel } from './backend-kernel';
import { activationGrad } from './activation-grad';

/** inputs {a, b} of one shape; output relu(a + b). */
export const ADD_RELU_KERNEL = 'HsAddRelu';

function forward(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  if (!backendHasKernel(ADD_RELU_KERNEL) || a.dtype !== 'float32') return tf.relu(tf.add(a, b));
  return tf.engine().runKernel(ADD_RELU_KERNEL, { a, b }) as tf.Tensor;
}

/** relu(a + b) for a and b of one shape, differentiable once. */
export const addRelu = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [a, b, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  if (!tf.util.arraysEqual(a.shape, b.shape)) throw new Error(`addRelu: shapes ${a.shape} and ${b.shape} differ`);
  const value = forward(a, b);
  save([value]);
  const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
    const g = activationGrad(dy, saved[0], 'relu');
    return [g, tf.clone(g)];
  };
  return { value, gradFunc };
}) as <T extends tf.Tensor>(a: T, b: T) => T;
