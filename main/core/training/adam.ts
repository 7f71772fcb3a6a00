// The one optimiser of every model (HNN, PixelHNN, HGN, flows): Adam over named variables (a ParamStore's or a
// model's), written out so its state is plain arrays (checkpoints) or tensor snapshots (rollbacks) and its rate
// is settable (the divergence policy lowers it). tfjs's own optimisers hide all three behind engine-named
// variables. Each update is one fused kernel per parameter where the backend has it (adam-step.ts).
import * as tf from '@tensorflow/tfjs-core';
import type { LoopSpec } from './loop';
import { ParamStore } from './params';
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

/** Weights and moments in tensors, to roll back to without a read-back. */
export interface AdamSnapshot {
  readonly step: number;
  readonly values: Record<string, tf.Tensor>;
  readonly m: Record<string, tf.Tensor>;
  readonly v: Record<string, tf.Tensor>;
}

export class Adam {
  learningRate: number;
  step = 0;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private readonly vars: Record<string, tf.Variable>;
  private readonly m: Record<string, tf.Variable> = {};
  private readonly v: Record<string, tf.Variable> = {};

  /** `params`: a ParamStore, or variables by logical name (a model's `variables()`, see `byName`). */
  constructor(params: ParamStore | Record<string, tf.Variable>, options: AdamOptions) {
    this.vars = params instanceof ParamStore ? params.vars : params;
    this.learningRate = options.learningRate;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    for (const [name, p] of Object.entries(this.vars)) {
      this.m[name] = zeroVariable(p);
      this.v[name] = zeroVariable(p);
    }
  }

  /**
   * One update from gradients keyed by logical parameter name (missing names are left untouched), each scaled by
   * `scale` first (global-norm clipping, see clipScale).
   */
  apply(grads: Record<string, tf.Tensor>, scale = 1): void {
    this.step += 1;
    const t = this.step;
    // Bias correction folded into the step size, as in the Adam paper's "efficient" form.
    const lrT = (this.learningRate * Math.sqrt(1 - this.beta2 ** t)) / (1 - this.beta1 ** t);
    const attrs: AdamStepAttrs = { lr: lrT, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
    tf.tidy(() => {
      for (const [name, g0] of Object.entries(grads)) {
        const p = this.vars[name];
        if (!p) throw new Error(`Adam: no parameter "${name}"`);
        const g = scale === 1 ? g0 : tf.mul(g0, scale);
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

  /** Weights and moments as they are now (copies: dispose with disposeSnapshot). */
  snapshot(): AdamSnapshot {
    const copy = (r: Record<string, tf.Variable>) => Object.fromEntries(Object.entries(r).map(([k, x]) => [k, tf.clone(x)]));
    return { step: this.step, values: copy(this.vars), m: copy(this.m), v: copy(this.v) };
  }

  restore(s: AdamSnapshot): void {
    for (const [k, x] of Object.entries(this.vars)) x.assign(s.values[k]);
    for (const [k, x] of Object.entries(this.m)) x.assign(s.m[k]);
    for (const [k, x] of Object.entries(this.v)) x.assign(s.v[k]);
    this.step = s.step;
  }

  dispose(): void {
    for (const x of [...Object.values(this.m), ...Object.values(this.v)]) x.dispose();
  }
}

export function disposeSnapshot(s: AdamSnapshot | undefined): void {
  if (s) tf.dispose([...Object.values(s.values), ...Object.values(s.m), ...Object.values(s.v)]);
}

/**
 * The loop's state hooks for a model whose rollback point is this optimiser's tensor snapshot (HNN, flows):
 * restoring also lowers the rate by the policy's factor (`onLower` hears of it, e.g. to scale a schedule).
 */
export function snapshotRollbacks(adam: Adam, onLower?: (factor: number) => void): Pick<LoopSpec<AdamSnapshot, unknown>, 'save' | 'restore' | 'release' | 'learningRate'> {
  return {
    save: () => adam.snapshot(),
    restore: (snapshot, factor) => {
      adam.restore(snapshot);
      adam.learningRate *= factor;
      onLower?.(factor);
    },
    release: disposeSnapshot,
    learningRate: () => adam.learningRate,
  };
}

/** Variables by their logical names (a model's named variable list, as Adam and checkpoints take them). */
export function byName(vars: ReadonlyArray<{ readonly name: string; readonly variable: tf.Variable }>): Record<string, tf.Variable> {
  return Object.fromEntries(vars.map((v) => [v.name, v.variable]));
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

/** The factor global-norm clipping scales gradients by: min(1, maxNorm / norm); 1 when clipping is off (0). */
export function clipScale(norm: number, maxNorm: number): number {
  return maxNorm > 0 && norm > maxNorm ? maxNorm / norm : 1;
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
