// mean((prediction - target)^2) with a hand-written backward: (2 / N) dy (prediction - target), two kernels where
// tfjs's gradients of Mean and SquaredDifference are five, each a pass over every decoded pixel (on the HGN's
// 480 frames, 1.5 M floats). The target is data: no gradient flows to it. Differentiable once.
import * as tf from '@tensorflow/tfjs-core';

/** The mean squared error of a prediction against fixed data of the same shape. */
export function meanSquaredError(prediction: tf.Tensor, target: tf.Tensor): tf.Scalar {
  if (!tf.util.arraysEqual(prediction.shape, target.shape)) throw new Error(`meanSquaredError: shapes ${prediction.shape} and ${target.shape} differ`);
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [p, save] = args as [tf.Tensor, tf.GradSaveFunc];
    const diff = tf.sub(p, target);
    const value = tf.mean(tf.square(diff)) as tf.Scalar;
    save([diff]);
    const gradFunc = (dy: tf.Scalar, saved: tf.Tensor[]) => [tf.mul(saved[0], tf.mul(dy, 2 / p.size))];
    return { value, gradFunc };
  });
  return op(prediction) as tf.Scalar;
}
