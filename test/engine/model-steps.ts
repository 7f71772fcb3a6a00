// One training step of each model family, as loss and gradients, built the same way on any backend (seeded
// weights, seeded data): what the WebGPU parity tests compare against the cpu backend, and what the kernel
// coverage test profiles to learn which kernels the models use.
import * as tf from '@tensorflow/tfjs-core';
import { hgnConfig, type HgnConfig } from '../../main/core/models/hgn/config';
import { createHgn, disposeHgn } from '../../main/core/models/hgn/model';
import { batchArrays, disposeBatch, toBatch } from '../../main/core/models/hgn/batch';
import { hgnLoss } from '../../main/core/models/hgn/loss';
import { createPixelHnn, disposePixelHnn } from '../../main/core/models/pixel-hnn/model';
import { pixelHnnConfig } from '../../main/core/models/pixel-hnn/config';
import { pixelHnnLoss } from '../../main/core/models/pixel-hnn/train';
import { createHnnModel, timeDerivative } from '../../main/core/models/hnn/model';
import { mlpVariables, disposeMlp } from '../../main/core/nn/mlp';
import { HamiltonianFlow, HAMILTONIAN_FLOW_DEFAULTS } from '../../main/core/models/flows/hamiltonian-flow';
import { RealNvp, REALNVP_DEFAULTS } from '../../main/core/models/flows/realnvp';
import { so2Generator } from '../../main/core/models/flows/generators';
import { makeRng } from '../../main/core/random';
import { tinyConfig } from '../core/hgn/tiny';

export interface StepResult {
  loss: number;
  /** Gradient per variable, keyed by a name stable across backends. */
  grads: Record<string, Float32Array>;
}

function randomFrames(count: number, length: number, size: number, seed: number) {
  const rng = makeRng(seed);
  return { count, length, height: size, width: size, channels: 3, frames: Float32Array.from({ length: count * length * size * size * 3 }, () => rng()) };
}

async function read(value: tf.Scalar, grads: Record<string, tf.Tensor>, names: Map<string, string>): Promise<StepResult> {
  const out: StepResult = { loss: (await value.data())[0], grads: {} };
  for (const [k, g] of Object.entries(grads)) out.grads[names.get(k) ?? k] = (await g.data()) as Float32Array;
  tf.dispose([value, ...Object.values(grads)]);
  return out;
}

/**
 * An HGN step: the loss of `frames` decoded frames and its gradient in every weight. `frames` defaults to the
 * preset's curriculum start (what its first real step trains on).
 */
export async function hgnStep(config: HgnConfig, batch: number, frames = config.curriculum === 'none' ? config.rolloutFrames : config.curriculumStartFrames): Promise<StepResult> {
  const c = { ...config, batchSize: batch };
  const m = createHgn(c);
  const data = randomFrames(batch, c.encoderFrames - 1 + c.rolloutFrames, c.imageSize, 7);
  const b = toBatch(c, batchArrays(c, data, Array.from({ length: batch }, (_, i) => i), frames));
  const names = new Map(Object.entries(m.params.vars).map(([logical, v]) => [v.name, logical]));
  const weight = c.klWeighting === 'geco' ? { kind: 'geco' as const, lambda: 1 } : { kind: 'beta' as const, beta: c.beta };
  const { value, grads } = tf.variableGrads(() => hgnLoss(m, b, weight, c.stochastic ? 11 : null).objective, m.params.list());
  const r = await read(value, grads, names);
  disposeBatch(b);
  disposeHgn(m);
  return r;
}

export const hgnLaptop = (): HgnConfig => hgnConfig('laptop', { encoderFrames: 5, rolloutFrames: 30, anchor: 'last' });

/** The paper's layout in miniature (8x8 frames, 2x2 latent): general H, stochastic encoder, GECO. */
export const hgnTinyPaper = (integrator: HgnConfig['integrator'] = 'leapfrog'): HgnConfig => tinyConfig({ integrator });

export async function pixelHnnStep(): Promise<StepResult> {
  const c = pixelHnnConfig({ imageSize: 8, aeHidden: 8, hnnHidden: 8, latentDim: 2, batchSize: 3 });
  const m = createPixelHnn(c);
  const rng = makeRng(5);
  const px = 2 * c.imageSize * c.imageSize * c.channels;
  const now = tf.tensor2d(Float32Array.from({ length: 3 * px }, () => rng()), [3, px]);
  const next = tf.tensor2d(Float32Array.from({ length: 3 * px }, () => rng()), [3, px]);
  const names = new Map(Object.entries(m.params.vars).map(([logical, v]) => [v.name, logical]));
  const { value, grads } = tf.variableGrads(() => pixelHnnLoss(m, now, next).total, m.params.list());
  const r = await read(value, grads, names);
  tf.dispose([now, next]);
  disposePixelHnn(m);
  return r;
}

export async function hnnStep(): Promise<StepResult> {
  const model = createHnnModel('hnn', 2, 16, 3);
  const vars = mlpVariables(model.net).map((v) => v.variable);
  const rng = makeRng(9);
  const x = tf.tensor2d(Float32Array.from({ length: 20 }, () => rng() * 2 - 1), [10, 2]);
  const y = tf.tensor2d(Float32Array.from({ length: 20 }, () => rng() * 2 - 1), [10, 2]);
  const names = new Map(vars.map((v, i) => [v.name, `w${i}`]));
  const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(tf.sub(timeDerivative(model, x), y))) as tf.Scalar, vars);
  const r = await read(value, grads, names);
  tf.dispose([x, y]);
  disposeMlp(model.net);
  return r;
}

/** A flow step: the Hamiltonian flow with an SO(2) bracket penalty and learned step sizes, or RealNVP. */
export async function flowStep(kind: 'hamiltonian' | 'realnvp'): Promise<StepResult> {
  const model =
    kind === 'hamiltonian'
      ? new HamiltonianFlow({ ...HAMILTONIAN_FLOW_DEFAULTS, dim: 2, hidden: 16, learnDt: true }, 4)
      : new RealNvp({ ...REALNVP_DEFAULTS, dim: 2, hidden: 16 }, 4);
  const rng = makeRng(2);
  const x = tf.tensor2d(Float32Array.from({ length: 64 }, () => rng() * 4 - 2), [32, 2]);
  const named = model.variables();
  const names = new Map(named.map((v) => [v.variable.name, v.name]));
  const gens = kind === 'hamiltonian' ? [so2Generator(2)] : [];
  const { value, grads } = tf.variableGrads(() => {
    const t = model.objective(x, makeRng(3), gens);
    return t.constraints.reduce((l: tf.Scalar, c) => tf.add(l, c) as tf.Scalar, t.nll);
  }, named.map((v) => v.variable));
  const r = await read(value, grads, names);
  x.dispose();
  model.dispose();
  return r;
}
