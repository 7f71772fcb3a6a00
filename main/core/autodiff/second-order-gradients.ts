// tfjs-core 4.22.0 computes wrong second-order gradients for every op whose gradient reads its saved *output*
// (Tanh, Sigmoid, Exp, ...): the outer tape does not see the output's dependence on the weights, so
// d/dw of dtanh(wx)/dx silently drops a term (measured: 0.48 where finite differences give -0.15).
// HNNs (tanh), flows (exp of log-sigma) and anything with sigmoid inside a gradient would train on wrong
// gradients. These replacements recompute from the saved *input*, which the tape does track.
import * as tf from '@tensorflow/tfjs-core';

type Grad = (dy: tf.Tensor, saved: tf.Tensor[]) => Record<string, () => tf.Tensor>;

const FIXED: Array<{ kernelName: string; gradFunc: Grad }> = [
  {
    kernelName: 'Tanh',
    gradFunc: (dy, [x]) => ({ x: () => tf.mul(dy, tf.sub(1, tf.square(tf.tanh(x)))) }),
  },
  {
    kernelName: 'Sigmoid',
    gradFunc: (dy, [x]) => ({
      x: () => {
        const s = tf.sigmoid(x);
        return tf.mul(dy, tf.mul(s, tf.sub(1, s)));
      },
    }),
  },
  {
    kernelName: 'Exp',
    gradFunc: (dy, [x]) => ({ x: () => tf.mul(dy, tf.exp(x)) }),
  },
];

let registered = false;

/** Idempotent; call after tfjs-core's own gradients are registered (it overrides them). */
export function registerSecondOrderGradients(): void {
  if (registered) return;
  for (const { kernelName, gradFunc } of FIXED) {
    tf.registerGradient({ kernelName, inputsToSave: ['x'], gradFunc: gradFunc as tf.GradConfig['gradFunc'] });
  }
  registered = true;
}

export const SECOND_ORDER_FIXED_KERNELS = FIXED.map((f) => f.kernelName);
