// Additive canonical couplings (type-2 generating functions, seed 002): p <- p + mu(q) or q <- q + mu(p), with
// mu a gradient field so that its Jacobian is symmetric and the layer's Jacobian [[1, 0], [dmu, 1]] is symplectic.
// Inverse: subtract the same mu (q, resp. p, is unchanged). Two forms of mu:
//   gradient-mlp:  mu = grad F, F a scalar MLP [n, hidden x depth, 1]; its input gradient is written out as plain
//                  ops (backpropagation by hand), so the loss differentiates it once and no tf.grad is nested;
//   irrotational:  mu(q) = W1^T s(w2 * s(W1 q + b1) + b2), the talk's form (W2 = diag(w2)): d mu = W1^T D W1 with
//                  D diagonal, symmetric, so mu is a gradient field too.
// Speed on wasm: the halves are never split or concatenated. The weights that read q (or p) are padded with zero
// rows to read the whole state [q | p], and the shift is added through the transposed weights padded to write p
// (or q) only: y = x + g [0 | W^T]. tanh is 2 sigmoid(2z) - 1 (wasm's Tanh is scalar libm code, ~18x slower than its
// vectorised Sigmoid), its slope 4 s (1 - s).
import * as tf from '@tensorflow/tfjs-core';
import type { ParamStore } from '../../training/params';
import type { CouplingActivation, CouplingForm } from './config';
import type { SymplecticLayer } from './layer';

export interface CouplingOptions {
  update: 'p' | 'q';
  form: CouplingForm;
  hidden: number;
  depth: number;
  activation: CouplingActivation;
  initScale: number;
}

/** The activation and its slope at the pre-activation z. */
function activation(z: tf.Tensor2D, kind: CouplingActivation): { value: tf.Tensor2D; slope: () => tf.Tensor2D } {
  if (kind === 'tanh') {
    const s = tf.sigmoid(tf.mul(z, 2));
    return { value: tf.sub(tf.mul(s, 2), 1), slope: () => tf.mul(tf.mul(s, 4), tf.sub(1, s)) };
  }
  // softplus(z) = relu(z) - log(sigmoid(|z|)) (exact; sigmoid(|z|) is in [0.5, 1]); slope sigmoid(z).
  return { value: tf.sub(tf.relu(z), tf.log(tf.sigmoid(tf.abs(z)))), slope: () => tf.sigmoid(z) };
}

export class CouplingLayer implements SymplecticLayer {
  readonly kind = 'coupling' as const;
  readonly dim: number;
  private readonly n: number;
  /** gradient-mlp: F's weights [fanIn, fanOut] (the last one [hidden, 1]) and hidden biases. */
  private readonly weights: tf.Variable[] = [];
  private readonly biases: tf.Variable[] = [];
  /** irrotational: W1 [n, hidden], b1, w2, b2 [hidden]. */
  private readonly irr: { w1: tf.Variable; b1: tf.Variable; w2: tf.Variable; b2: tf.Variable } | null = null;
  private readonly pad: tf.Tensor2D;

  constructor(n: number, name: string, params: ParamStore, readonly options: CouplingOptions) {
    this.n = n;
    this.dim = 2 * n;
    const { hidden, depth, initScale } = options;
    if (options.form === 'gradient-mlp') {
      const sizes = [n, ...new Array<number>(depth).fill(hidden), 1];
      for (let l = 0; l + 1 < sizes.length; l++) {
        if (l + 2 === sizes.length) {
          this.weights.push(params.add(`${name}.F${l}.w`, [sizes[l], 1], { kind: 'normal', std: initScale / Math.sqrt(sizes[l]) }));
        } else {
          this.weights.push(params.add(`${name}.F${l}.w`, [sizes[l], sizes[l + 1]], { kind: 'fan-in-uniform', fanIn: sizes[l], gain: 1 }));
          this.biases.push(params.add(`${name}.F${l}.b`, [sizes[l + 1]], { kind: 'constant', value: 0 }));
        }
      }
    } else {
      this.irr = {
        w1: params.add(`${name}.W1`, [n, hidden], { kind: 'fan-in-uniform', fanIn: n, gain: 1 }),
        b1: params.add(`${name}.b1`, [hidden], { kind: 'constant', value: 0 }),
        w2: params.add(`${name}.w2`, [hidden], { kind: 'normal', std: initScale / Math.sqrt(hidden) }),
        b2: params.add(`${name}.b2`, [hidden], { kind: 'constant', value: 0 }),
      };
    }
    this.pad = tf.zeros([n, options.form === 'gradient-mlp' ? (depth > 0 ? hidden : 1) : hidden]);
  }

  /** W [n, h] -> [2n, h] reading the half that drives the shift (q for a p-update). */
  private reading(w: tf.Tensor): tf.Tensor2D {
    return (this.options.update === 'p' ? tf.concat([w, this.pad], 0) : tf.concat([this.pad, w], 0)) as tf.Tensor2D;
  }

  /** W [n, h] -> [h, 2n] writing the half that is updated (p for a p-update). */
  private writing(w: tf.Tensor): tf.Tensor2D {
    const wt = tf.transpose(w);
    return (this.options.update === 'p' ? tf.concat([tf.transpose(this.pad), wt], 1) : tf.concat([wt, tf.transpose(this.pad)], 1)) as tf.Tensor2D;
  }

  /** The shift of the whole state [B, 2n]: zero in the half that drives it, mu in the updated half. */
  shift(x: tf.Tensor2D): tf.Tensor2D {
    const kind = this.options.activation;
    if (this.irr) {
      const { w1, b1, w2, b2 } = this.irr;
      const u = activation(tf.add(tf.matMul(x, this.reading(w1)), b1) as tf.Tensor2D, kind).value;
      const v = activation(tf.add(tf.mul(u, w2), b2) as tf.Tensor2D, kind).value;
      return tf.matMul(v, this.writing(w1));
    }
    // F(x) = w_D^T a(z_D), z_{l+1} = a(z_l) W_l + b_l, z_1 = x W_0 + b_0; grad F written out backwards.
    const depth = this.biases.length;
    const slopes: (() => tf.Tensor2D)[] = [];
    let h: tf.Tensor2D = x;
    for (let l = 0; l < depth; l++) {
      const w = l === 0 ? this.reading(this.weights[0]) : (this.weights[l] as tf.Tensor2D);
      const a = activation(tf.add(tf.matMul(h, w), this.biases[l]) as tf.Tensor2D, kind);
      slopes.push(a.slope);
      h = a.value;
    }
    let g = tf.mul(slopes[depth - 1](), tf.reshape(this.weights[depth], [1, -1])) as tf.Tensor2D;
    for (let l = depth - 1; l >= 1; l--) g = tf.mul(tf.matMul(g, this.weights[l] as tf.Tensor2D, false, true), slopes[l - 1]());
    return tf.matMul(g, this.writing(this.weights[0]));
  }

  forward(x: tf.Tensor2D): tf.Tensor2D {
    return tf.add(x, this.shift(x));
  }

  inverse(y: tf.Tensor2D): tf.Tensor2D {
    // The driving half of y is that of x, so the shift computed from y is the one to take away.
    return tf.sub(y, this.shift(y));
  }

  dispose(): void {
    this.pad.dispose();
  }
}
