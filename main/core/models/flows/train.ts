// The training loop of the flows: an async generator of per-step metrics, no I/O. It minimises
//   L = -ELBO + sum_k lambda_k (E[{g_k, H}^2] - kappa)
// over the model with Adam and maximises it over lambda_k >= 0 by projected gradient ascent (EHF section 2).
// Stability (a public TF2 attempt of this model died of NaNs): global-norm gradient clipping, and a guard that
// skips any step with a non-finite loss or gradient, restores the last good snapshot and lowers the lr.
import * as tf from '@tensorflow/tfjs-core';
import { deriveSeed, makeRng } from '../../random';
import { Adam, disposeSnapshot, type AdamSnapshot } from './adam';
import type { FlowDataset } from './data';
import type { SymmetryGenerator } from './generators';
import type { DensityModel, ObjectiveTerms } from './model';

export interface TrainOptions {
  /** Steps to attempt (skipped steps count); Infinity runs until the consumer stops iterating. */
  steps: number;
  batchSize: number;
  /** Momentum draws per point in the training bound: 1 = ELBO, K > 1 = IWAE-K (K times the rows). */
  trainSamples: number;
  lr: number;
  /** constant, or cosine decay from lr to lr * lrFinalFraction over `steps` (needs a finite step count). */
  lrSchedule: 'constant' | 'cosine';
  lrFinalFraction: number;
  /** Largest global gradient norm; larger gradients are scaled down to it. 0 turns clipping off. */
  clipNorm: number;
  generators: readonly SymmetryGenerator[];
  /** Precision of the constraints: the model is pushed until E[{g, H}^2] <= kappa. */
  kappa: number;
  /** Step of the gradient ascent on the multipliers: lambda += lambdaLr (E[{g, H}^2] - kappa), then >= 0. */
  lambdaLr: number;
  lambdaInit: number;
  seed: number;
  /** A rollback point is kept every this many good steps. */
  snapshotEvery: number;
  /** The lr is multiplied by this after each rollback. */
  nanLrFactor: number;
  /** Give up after this many non-finite steps in a row. */
  maxRollbacks: number;
}

export const TRAIN_DEFAULTS: Omit<TrainOptions, 'steps' | 'generators' | 'seed'> = {
  batchSize: 512,
  trainSamples: 1,
  lr: 3e-4,
  lrSchedule: 'constant',
  lrFinalFraction: 0.02,
  clipNorm: 100,
  kappa: 0.01,
  lambdaLr: 0.1,
  lambdaInit: 0,
  snapshotEvery: 50,
  nanLrFactor: 0.5,
  maxRollbacks: 10,
};

export interface TrainEvent {
  kind: 'nan-rollback';
  message: string;
}

export interface TrainStep {
  /** 1-based index of this step. */
  step: number;
  /** The Lagrangian that was minimised; nll = -mean ELBO (or exact NLL for RealNVP). */
  loss: number;
  nll: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  lr: number;
  /** E[{g_k, H}^2] per generator and the multipliers after this step's ascent. */
  constraints: number[];
  lambdas: number[];
  /** True when the step was not applied (non-finite values). */
  skipped: boolean;
  events: TrainEvent[];
}

interface StepTensors {
  grads: tf.Tensor[];
  /** [loss, nll, ...constraints, gradNorm] */
  stats: tf.Tensor1D;
}

function computeStep(
  model: DensityModel,
  vars: tf.Variable[],
  x: Float32Array,
  opts: TrainOptions,
  lambdas: readonly number[],
  noise: () => number,
): StepTensors {
  return tf.tidy(() => {
    const batch = tf.tensor2d(x, [x.length / model.dim, model.dim]);
    let kept: tf.Tensor1D | undefined;
    const { value, grads } = tf.variableGrads(() => {
      const terms: ObjectiveTerms = model.objective(batch, noise, opts.generators, opts.trainSamples);
      let loss: tf.Scalar = terms.nll;
      terms.constraints.forEach((c, k) => {
        loss = tf.add(loss, tf.mul(lambdas[k], tf.sub(c, opts.kappa)));
      });
      kept = tf.keep(tf.stack([terms.nll, ...terms.constraints]) as tf.Tensor1D);
      return loss;
    }, vars);
    const list = vars.map((v) => grads[v.name] ?? tf.zerosLike(v));
    const sq = list.map((g) => tf.sum(tf.square(g)));
    const norm = tf.sqrt(sq.length === 1 ? sq[0] : tf.addN(sq));
    const stats = tf.concat([tf.reshape(value, [1]), kept as tf.Tensor1D, tf.reshape(norm, [1])]);
    kept?.dispose();
    return { grads: list, stats: stats as tf.Tensor1D };
  });
}

export async function* trainDensityModel(
  model: DensityModel,
  data: FlowDataset,
  options: Partial<TrainOptions> & Pick<TrainOptions, 'steps' | 'seed'>,
): AsyncGenerator<TrainStep, void> {
  const opts: TrainOptions = { ...TRAIN_DEFAULTS, generators: [], ...options };
  if (opts.lrSchedule === 'cosine' && !Number.isFinite(opts.steps)) throw new Error('a cosine lr schedule needs a finite number of steps');
  const gens = opts.generators;
  const vars = model.variables().map((v) => v.variable);
  const adam = new Adam(vars, { lr: opts.lr });
  const dataRng = makeRng(deriveSeed(opts.seed, 'train/data'));
  const noiseRng = makeRng(deriveSeed(opts.seed, 'train/noise'));
  const lambdas = gens.map(() => opts.lambdaInit);
  let snapshot: AdamSnapshot = adam.snapshot();
  let snapshotStep = 0;
  let good = 0;
  let badInARow = 0;
  // Rollbacks scale the scheduled lr down for the rest of the run.
  let lrScale = 1;
  const scheduled = (step: number) =>
    opts.lrSchedule === 'cosine'
      ? opts.lr * (opts.lrFinalFraction + (1 - opts.lrFinalFraction) * 0.5 * (1 + Math.cos((Math.PI * (step - 1)) / opts.steps)))
      : opts.lr;
  try {
    for (let step = 1; step <= opts.steps; step++) {
      adam.lr = lrScale * scheduled(step);
      const { grads, stats } = computeStep(model, vars, data.nextBatch(opts.batchSize, dataRng), opts, lambdas, noiseRng);
      const s = await stats.data();
      stats.dispose();
      const [loss, nll] = [s[0], s[1]];
      const constraints = Array.from(s.slice(2, 2 + gens.length));
      const gradNorm = s[2 + gens.length];
      const events: TrainEvent[] = [];
      const finite = Array.from(s).every(Number.isFinite);
      if (!finite) {
        grads.forEach((g) => g.dispose());
        if (good === 0) {
          const bad = gens.find((_, k) => !Number.isFinite(constraints[k]));
          if (bad) throw new Error(`the constraint {${bad.label}, H} is not finite on the data (log or sqrt of a negative number? a division by zero?)`);
        }
        if (++badInARow > opts.maxRollbacks) {
          throw new Error(`training diverged: ${badInARow} non-finite steps in a row (last lr ${adam.lr.toExponential(2)})`);
        }
        adam.restore(snapshot);
        const old = adam.lr;
        lrScale *= opts.nanLrFactor;
        adam.lr *= opts.nanLrFactor;
        events.push({
          kind: 'nan-rollback',
          message: `non-finite ${Number.isFinite(nll) ? 'gradient' : 'loss'} at step ${step}: restored the weights of step ${snapshotStep}, lr ${old.toExponential(2)} -> ${adam.lr.toExponential(2)}`,
        });
      } else {
        badInARow = 0;
        // These weights just gave finite values: a safe point to come back to.
        if (good > 0 && good % opts.snapshotEvery === 0) {
          disposeSnapshot(snapshot);
          snapshot = adam.snapshot();
          snapshotStep = step - 1;
        }
        const scale = opts.clipNorm > 0 && gradNorm > opts.clipNorm ? opts.clipNorm / gradNorm : 1;
        adam.apply(grads, scale);
        grads.forEach((g) => g.dispose());
        good++;
        constraints.forEach((c, k) => {
          lambdas[k] = Math.max(0, lambdas[k] + opts.lambdaLr * (c - opts.kappa));
        });
      }
      yield { step, loss, nll, gradNorm, lr: adam.lr, constraints, lambdas: [...lambdas], skipped: !finite, events };
    }
  } finally {
    adam.dispose();
    disposeSnapshot(snapshot);
  }
}
