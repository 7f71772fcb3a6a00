// The self-check a job runs before it trains: second-order gradients of the activations the models use,
// by autodiff against central finite differences, on whatever backend is active. A job refuses to train on
// wrong gradients (see second-order-gradients.ts for how they go wrong). Reads back asynchronously: it runs on
// WebGPU too, which has no synchronous read in Node.
import * as tf from '@tensorflow/tfjs-core';

type Unary = (x: tf.Tensor) => tf.Tensor;

/** The activations inside twice-differentiated code (HNN tanh, flows exp/softplus, HGN softplus/sigmoid). */
export const CHECKED_ACTIVATIONS: Record<string, Unary> = {
  tanh: tf.tanh,
  sigmoid: tf.sigmoid,
  exp: tf.exp,
  softplus: tf.softplus,
  'pow (exponent)': (x) => tf.pow(tf.scalar(1.7), x),
  // Weighted: the plain sum of a softmax is 1 whatever x is, so its gradients would be zero.
  softmax: (x) => tf.mul(tf.softmax(tf.stack([x, tf.mul(x, -0.5), tf.scalar(0.3)])), tf.tensor1d([1, 2, 3])),
};

export interface SecondOrderCheck {
  name: string;
  autodiff: number;
  finiteDifference: number;
  ok: boolean;
}

const X = 0.7;
const W = [-1.1, 0.4, 1.3];
const EPS = 1e-2;

/** f(w) = d/dx sum(act(w x)) at x = 0.7; returns [df/dw by autodiff, f(w + eps), f(w - eps)] as one tensor. */
function probe(act: Unary, w0: number): tf.Tensor1D {
  return tf.tidy(() => {
    const x = tf.scalar(X);
    const f = (w: tf.Tensor) => tf.sum(tf.grad((xx: tf.Tensor) => tf.sum(act(tf.mul(w, xx))))(x));
    const dfdw = tf.grad(f)(tf.scalar(w0));
    return tf.stack([tf.reshape(dfdw, []), f(tf.scalar(w0 + EPS)), f(tf.scalar(w0 - EPS))]) as tf.Tensor1D;
  });
}

/** Runs every check (one read-back per activation and point). */
export async function checkSecondOrderGradients(): Promise<SecondOrderCheck[]> {
  const out: SecondOrderCheck[] = [];
  for (const [name, act] of Object.entries(CHECKED_ACTIVATIONS)) {
    for (const w0 of W) {
      const t = probe(act, w0);
      const [autodiff, up, down] = Array.from(await t.data());
      t.dispose();
      const finiteDifference = (up - down) / (2 * EPS);
      // float32 central differences at eps 1e-2: truncation ~1e-4 relative, rounding ~1e-5; a dropped term is O(1).
      const ok = Number.isFinite(autodiff) && Math.abs(autodiff - finiteDifference) <= 2e-2 * Math.max(1, Math.abs(finiteDifference));
      out.push({ name, autodiff, finiteDifference, ok });
    }
  }
  return out;
}

/** Throws a clear error when any second-order gradient is wrong on the active backend. */
export async function assertSecondOrderGradients(): Promise<void> {
  const bad = (await checkSecondOrderGradients()).filter((c) => !c.ok);
  if (bad.length === 0) return;
  const first = bad[0];
  throw new Error(
    `Refusing to train: second-order gradients are wrong on the ${tf.getBackend()} backend ` +
      `(${[...new Set(bad.map((b) => b.name))].join(', ')}; e.g. ${first.name}: ${first.autodiff.toPrecision(4)} by autodiff, ` +
      `${first.finiteDifference.toPrecision(4)} by finite differences). Models that differentiate through gradients ` +
      'would learn from wrong numbers. Another TensorFlow.js package may have replaced the fixed gradients; restart the app, or pick another backend.',
  );
}
