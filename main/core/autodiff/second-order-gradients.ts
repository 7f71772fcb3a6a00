// tfjs-core 4.22.0 computes wrong second-order gradients for every op whose gradient reads its saved *output*
// (Tanh, Sigmoid, Exp, Pow's exponent path, Softmax): the outer tape does not see the output's dependence on
// the weights, so d/dw of dtanh(wx)/dx silently drops a term (measured: 0.48 where finite differences give
// -0.15). HNNs (tanh), flows (exp of log-sigma) and anything with sigmoid inside a gradient would train on
// wrong gradients. These replacements recompute from the saved *inputs*, which the tape does track.
//
// Anything that loads `@tensorflow/tfjs` (tfjs-node does, even when its addon then fails) re-registers the
// stock gradients in the shared registry, so this is applied again after every backend load, and
// second-order-check.ts verifies it before a job trains.
import * as tf from '@tensorflow/tfjs-core';

type Grad = (dy: tf.Tensor, saved: tf.Tensor[], attrs: tf.NamedAttrMap) => Record<string, () => tf.Tensor>;

interface Fix {
  kernelName: string;
  inputsToSave: string[];
  gradFunc: Grad;
}

/** Sums a broadcast gradient back to an input's shape (what tfjs's binary gradients do). */
function unbroadcast(g: tf.Tensor, shape: number[], outShape: number[]): tf.Tensor {
  const axes = tf.broadcast_util.getReductionAxes(shape, outShape);
  return tf.reshape(axes.length > 0 ? tf.sum(g, axes) : g, shape);
}

const FIXED: Fix[] = [
  {
    kernelName: 'Tanh',
    inputsToSave: ['x'],
    gradFunc: (dy, [x]) => ({ x: () => tf.mul(dy, tf.sub(1, tf.square(tf.tanh(x)))) }),
  },
  {
    kernelName: 'Sigmoid',
    inputsToSave: ['x'],
    gradFunc: (dy, [x]) => ({
      x: () => {
        const s = tf.sigmoid(x);
        return tf.mul(dy, tf.mul(s, tf.sub(1, s)));
      },
    }),
  },
  {
    kernelName: 'Exp',
    inputsToSave: ['x'],
    gradFunc: (dy, [x]) => ({ x: () => tf.mul(dy, tf.exp(x)) }),
  },
  {
    // d/db a^b = a^b log a: the stock gradient multiplies by the saved output a^b.
    kernelName: 'Pow',
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, [a, b]) => {
      const outShape = tf.broadcast_util.assertAndGetBroadcastShape(a.shape, b.shape);
      return {
        a: () => {
          const e = tf.cast(b, 'float32');
          return unbroadcast(tf.mul(dy, tf.mul(e, tf.pow(a, tf.sub(e, 1)))), a.shape, outShape);
        },
        b: () => {
          const logA = tf.where(tf.greater(a, 0), tf.log(a), tf.zerosLike(a));
          return unbroadcast(tf.mul(dy, tf.mul(tf.pow(a, b), logA)), b.shape, outShape);
        },
      };
    },
  },
  {
    // dL/dlogits = y * (dy - sum(dy * y)), with y recomputed from the logits.
    kernelName: 'Softmax',
    inputsToSave: ['logits'],
    gradFunc: (dy, [logits], attrs) => ({
      logits: () => {
        const y = tf.softmax(logits, attrs.dim as number);
        const dyY = tf.mul(dy, y);
        return tf.sub(dyY, tf.mul(tf.sum(dyY, [attrs.dim as number], true), y));
      },
    }),
  },
];

/**
 * Comparisons are piecewise constant: their gradient is zero almost everywhere. tfjs registers none, so a
 * second-order pass that meets one (Max's gradient uses Equal, Pow's uses Greater, Maximum's GreaterEqual)
 * stops with "gradient function not found" where the true answer is zero.
 */
const COMPARISONS = ['Equal', 'NotEqual', 'Greater', 'GreaterEqual', 'Less', 'LessEqual', 'LogicalAnd', 'LogicalOr'];
for (const kernelName of COMPARISONS) {
  FIXED.push({ kernelName, inputsToSave: ['a', 'b'], gradFunc: (_dy, [a, b]) => ({ a: () => tf.zeros(a.shape), b: () => tf.zeros(b.shape) }) });
}
// Where's own gradient negates its condition. (Gradients must be float32 even for bool inputs.)
FIXED.push({ kernelName: 'LogicalNot', inputsToSave: ['x'], gradFunc: (_dy, [x]) => ({ x: () => tf.zeros(x.shape) }) });

/**
 * Puts the fixed gradients in the shared registry, replacing whatever is there (tfjs's stock ones, possibly
 * registered again by a package loaded since). Call after every backend load; cheap and safe to repeat.
 */
export function registerSecondOrderGradients(): void {
  for (const { kernelName, inputsToSave, gradFunc } of FIXED) {
    tf.registerGradient({ kernelName, inputsToSave, gradFunc: gradFunc as tf.GradConfig['gradFunc'] });
  }
}

/** Whether the registry holds our gradient for every fixed kernel right now (no arithmetic: a cheap guard). */
export function secondOrderGradientsInPlace(): boolean {
  return FIXED.every((f) => tf.getGradient(f.kernelName)?.gradFunc === (f.gradFunc as tf.GradConfig['gradFunc']));
}

export const SECOND_ORDER_FIXED_KERNELS = FIXED.map((f) => f.kernelName);
