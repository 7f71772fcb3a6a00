// Adam over a ParamStore, written out so its state is plain arrays (checkpoints) and its rate is settable
// (the NaN guard lowers it). tfjs's own optimisers hide both behind engine-named variables.
import * as tf from '@tensorflow/tfjs-core';
import type { ParamStore } from './params';
import { adamStep, type AdamStepAttrs } from './adam-step';
import { readTensors, writeVariables, type NamedArrays } from './named-arrays';

export interface AdamOptions {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export interface AdamState {
  step: number;
  learningRate: number;
  m: NamedArrays;
  v: NamedArrays;
}

export class Adam {
  learningRate: number;
  step = 0;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private readonly m: Record<string, tf.Variable> = {};
  private readonly v: Record<string, tf.Variable> = {};

  constructor(private readonly params: ParamStore, options: AdamOptions) {
    this.learningRate = options.learningRate;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    for (const [name, p] of Object.entries(params.vars)) {
      this.m[name] = zeroVariable(p);
      this.v[name] = zeroVariable(p);
    }
  }

  /** One update from gradients keyed by logical parameter name; missing names are left untouched. */
  apply(grads: Record<string, tf.Tensor>): void {
    this.step += 1;
    const t = this.step;
    // Bias correction folded into the step size, as in the Adam paper's "efficient" form.
    const lrT = (this.learningRate * Math.sqrt(1 - this.beta2 ** t)) / (1 - this.beta1 ** t);
    const attrs: AdamStepAttrs = { lr: lrT, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
    tf.tidy(() => {
      for (const [name, g] of Object.entries(grads)) {
        const p = this.params.get(name);
        const [p1, m1, v1] = adamStep(p, this.m[name], this.v[name], g, attrs);
        this.m[name].assign(m1);
        this.v[name].assign(v1);
        p.assign(p1);
      }
    });
  }

  async state(): Promise<AdamState> {
    const [m, v] = await Promise.all([readTensors(this.m), readTensors(this.v)]);
    return { step: this.step, learningRate: this.learningRate, m, v };
  }

  load(state: AdamState): void {
    this.step = state.step;
    this.learningRate = state.learningRate;
    writeVariables(this.m, state.m);
    writeVariables(this.v, state.v);
  }

  dispose(): void {
    for (const x of [...Object.values(this.m), ...Object.values(this.v)]) x.dispose();
  }
}

function zeroVariable(like: tf.Variable): tf.Variable {
  const z = tf.zerosLike(like);
  const v = tf.variable(z, false);
  z.dispose();
  return v;
}

/** sqrt(sum of squares) over every gradient, as a scalar tensor. */
export function globalNorm(grads: Record<string, tf.Tensor>): tf.Scalar {
  return tf.tidy(() => {
    const squares = Object.values(grads).map((g) => tf.sum(tf.square(g)));
    return tf.sqrt(tf.addN(squares)) as tf.Scalar;
  });
}

/** Scales every gradient by min(1, maxNorm / norm); `norm` is the value globalNorm gave. */
export function clipByGlobalNorm(
  grads: Record<string, tf.Tensor>,
  norm: number,
  maxNorm: number,
): Record<string, tf.Tensor> {
  if (!(maxNorm > 0) || norm <= maxNorm) return grads;
  const scale = maxNorm / norm;
  const out: Record<string, tf.Tensor> = {};
  for (const [name, g] of Object.entries(grads)) out[name] = tf.mul(g, scale);
  return out;
}
