// Adam over a fixed list of variables, with what the flow's stability guard needs and tf.train.adam lacks:
// a learning rate that can be lowered mid-run, and snapshots of weights plus moments to roll back to.
// Not core/training/adam.ts: that one keys a ParamStore and exports moments as arrays for checkpoints; this one
// takes the model's variable list, rolls back in tensors, and its update order (lr * m / (sqrt v + eps)) is what
// the flow results were measured with, so one merged Adam would move them by rounding.
import * as tf from '@tensorflow/tfjs-core';
import { variableFrom } from '../../nn/dense-layers';

export interface AdamOptions {
  lr: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export interface AdamSnapshot {
  readonly values: tf.Tensor[];
  readonly m: tf.Tensor[];
  readonly v: tf.Tensor[];
  readonly t: number;
}

export class Adam {
  lr: number;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];
  private t = 0;

  constructor(private readonly vars: readonly tf.Variable[], opts: AdamOptions) {
    this.lr = opts.lr;
    this.beta1 = opts.beta1 ?? 0.9;
    this.beta2 = opts.beta2 ?? 0.999;
    this.epsilon = opts.epsilon ?? 1e-8;
    this.m = vars.map((x) => variableFrom(tf.zerosLike(x), false));
    this.v = vars.map((x) => variableFrom(tf.zerosLike(x), false));
  }

  get stepCount(): number {
    return this.t;
  }

  /** One update with `grads` (aligned with the variables) multiplied by `scale` (gradient clipping). */
  apply(grads: readonly tf.Tensor[], scale = 1): void {
    if (grads.length !== this.vars.length) throw new Error('Adam: one gradient per variable');
    this.t++;
    const lrT = (this.lr * Math.sqrt(1 - this.beta2 ** this.t)) / (1 - this.beta1 ** this.t);
    tf.tidy(() => {
      grads.forEach((g0, i) => {
        const g = scale === 1 ? g0 : tf.mul(g0, scale);
        const m = tf.add(tf.mul(this.m[i], this.beta1), tf.mul(g, 1 - this.beta1));
        const v = tf.add(tf.mul(this.v[i], this.beta2), tf.mul(tf.square(g), 1 - this.beta2));
        this.m[i].assign(m);
        this.v[i].assign(v);
        this.vars[i].assign(tf.sub(this.vars[i], tf.mul(lrT, tf.div(m, tf.add(tf.sqrt(v), this.epsilon)))));
      });
    });
  }

  snapshot(): AdamSnapshot {
    return {
      values: this.vars.map((x) => tf.clone(x)),
      m: this.m.map((x) => tf.clone(x)),
      v: this.v.map((x) => tf.clone(x)),
      t: this.t,
    };
  }

  restore(s: AdamSnapshot): void {
    this.vars.forEach((x, i) => x.assign(s.values[i]));
    this.m.forEach((x, i) => x.assign(s.m[i]));
    this.v.forEach((x, i) => x.assign(s.v[i]));
    this.t = s.t;
  }

  dispose(): void {
    [...this.m, ...this.v].forEach((x) => x.dispose());
  }
}

export function disposeSnapshot(s: AdamSnapshot | undefined): void {
  if (!s) return;
  [...s.values, ...s.m, ...s.v].forEach((x) => x.dispose());
}
