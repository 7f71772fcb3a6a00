// The training loop of the flows: an async generator of per-step metrics, no I/O. It minimises
//   L = -ELBO + sum_k lambda_k (E[{g_k, H}^2] - kappa)
// over the model with Adam and maximises it over lambda_k >= 0 by projected gradient ascent (EHF section 2).
// Stability (a public TF2 attempt of this model died of NaNs): global-norm gradient clipping, and the shared
// divergence policy on the shared loop (training/loop.ts): a step with a non-finite loss or gradient is skipped,
// the last good snapshot restored and the lr lowered.
import * as tf from '@tensorflow/tfjs-core';
import { deriveSeed, makeRng } from '../../random';
import { Adam, byName, clipScale, disposeSnapshot, snapshotRollbacks, type AdamSnapshot } from '../../training/adam';
import { trainingLoop, type Attempt } from '../../training/loop';
import { budgetProgress, scheduleFactor, scheduleProblem, type LearningRateSchedule } from '../../training/lr-schedule';
import { NanGuard } from '../../training/nan-guard';
import type { FlowDataset } from './data';
import type { SymmetryGenerator } from './generators';
import type { DensityModel, ObjectiveTerms } from './model';

export interface TrainOptions {
  /** Steps to attempt (skipped steps count); Infinity runs until the consumer stops iterating. */
  steps: number;
  batchSize: number;
  /** Momentum draws per point in the training bound: 1 = ELBO, K > 1 = IWAE-K (K times the rows). */
  trainSamples: number;
  learningRate: number;
  /** constant, or a cosine from learningRate to learningRate * learningRateFinal over `steps` or `budgetSeconds`,
   *  whichever ends first. */
  learningRateSchedule: LearningRateSchedule;
  learningRateFinal: number;
  /** The run's time budget in seconds, for the schedule only (the caller stops the run); 0 = none. */
  budgetSeconds: number;
  /** The clock in ms (tests inject one to walk through a time budget). */
  now: () => number;
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
  /** The lr is multiplied by this after each rollback (the divergence policy's lrFactor). */
  nanLrFactor: number;
  /** Give up after this many non-finite steps in a row (the divergence policy's budget). */
  maxRollbacks: number;
}

export const TRAIN_DEFAULTS: Omit<TrainOptions, 'steps' | 'generators' | 'seed'> = {
  batchSize: 512,
  trainSamples: 1,
  learningRate: 3e-4,
  learningRateSchedule: 'constant',
  learningRateFinal: 0.02,
  budgetSeconds: 0,
  now: () => Date.now(),
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
  /** The learning rate this step used (schedule and rollbacks applied). */
  learningRate: number;
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
  const problem = scheduleProblem(opts.learningRateSchedule, opts.steps, opts.budgetSeconds);
  if (problem) throw new Error(problem);
  const gens = opts.generators;
  const named = model.variables();
  const vars = named.map((v) => v.variable);
  const adam = new Adam(byName(named), { learningRate: opts.learningRate });
  const dataRng = makeRng(deriveSeed(opts.seed, 'train/data'));
  const noiseRng = makeRng(deriveSeed(opts.seed, 'train/noise'));
  const lambdas = gens.map(() => opts.lambdaInit);
  const guard = new NanGuard<AdamSnapshot>({ lrFactor: opts.nanLrFactor, maxRollbacks: opts.maxRollbacks });
  let good = 0;
  // Rollbacks scale the scheduled lr down for the rest of the run.
  let lrScale = 1;
  const started = opts.now();
  const scheduled = (step: number) =>
    opts.learningRate * scheduleFactor(opts.learningRateSchedule, opts.learningRateFinal, budgetProgress(step - 1, opts.steps, (opts.now() - started) / 1000, opts.budgetSeconds));
  /** The numbers of the last attempted step, for the record of a skipped one. */
  let last = { loss: NaN, nll: NaN, gradNorm: NaN, constraints: [] as number[] };
  const attempt = async (step: number): Promise<Attempt<TrainStep>> => {
    adam.learningRate = lrScale * scheduled(step);
    const { grads, stats } = computeStep(model, vars, data.nextBatch(opts.batchSize, dataRng), opts, lambdas, noiseRng);
    const s = Array.from(await stats.data());
    stats.dispose();
    const [loss, nll] = [s[0], s[1]];
    const constraints = s.slice(2, 2 + gens.length);
    const gradNorm = s[2 + gens.length];
    last = { loss, nll, gradNorm, constraints };
    if (!s.every(Number.isFinite)) {
      grads.forEach((g) => g.dispose());
      if (good === 0) {
        const bad = gens.find((_, k) => !Number.isFinite(constraints[k]));
        if (bad) throw new Error(`the constraint {${bad.label}, H} is not finite on the data (log or sqrt of a negative number? a division by zero?)`);
      }
      return { finite: false, what: Number.isFinite(nll) ? 'gradient' : 'loss' };
    }
    adam.apply(Object.fromEntries(named.map((v, i) => [v.name, grads[i]])), clipScale(gradNorm, opts.clipNorm));
    grads.forEach((g) => g.dispose());
    good++;
    constraints.forEach((c, k) => {
      lambdas[k] = Math.max(0, lambdas[k] + opts.lambdaLr * (c - opts.kappa));
    });
    return { finite: true, events: [{ step, loss, nll, gradNorm, learningRate: adam.learningRate, constraints, lambdas: [...lambdas], skipped: false, events: [] }] };
  };
  try {
    yield* trainingLoop<AdamSnapshot, TrainStep>({
      start: 0,
      steps: opts.steps,
      guard,
      afterRollback: 'skip',
      rememberEvery: opts.snapshotEvery,
      attempt,
      ...snapshotRollbacks(adam, (factor) => (lrScale *= factor)),
      rolledBack: (r) => ({ step: r.step, ...last, learningRate: adam.learningRate, lambdas: [...lambdas], skipped: true, events: [{ kind: 'nan-rollback', message: r.message }] }),
    });
  } finally {
    adam.dispose();
    disposeSnapshot(guard.forget());
  }
}
