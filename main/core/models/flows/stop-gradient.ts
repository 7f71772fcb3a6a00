// tfjs-core has no stopGradient op: a custom gradient that sends nothing back does the job.
import * as tf from '@tensorflow/tfjs-core';

const stop = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
  value: tf.clone(args[0] as tf.Tensor),
  gradFunc: (dy: tf.Tensor) => [tf.zerosLike(dy)],
}));

/** x, as a constant for differentiation: gradients do not flow back through it. */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  return stop(x) as T;
}
