// HNN training as an async generator of metrics (greydanus/hamiltonian-nn's train(), without the I/O), on the
// shared loop skeleton (training/loop.ts): full-batch Adam, the one divergence policy.
import * as tf from '@tensorflow/tfjs-core';
import { deriveSeed } from '../../random';
import { createHnnModel, timeDerivative, type HnnKind, type HnnModel } from './model';
import { disposeMlp, mlpVariables } from '../../nn/mlp';
import { Adam, byName, disposeSnapshot, snapshotRollbacks, type AdamSnapshot } from '../../training/adam';
import { gradientStep } from '../../training/step';
import { trainingLoop, type Attempt, type Rollback } from '../../training/loop';
import { DEFAULT_NAN_GUARD, NanGuard, TrainingDivergedError } from '../../training/nan-guard';
import { HNN_SPRING_DEFAULTS, makeSpringData, type PhaseData } from './spring-data';
import { energyMse } from './energy';
import { HNN_DEFAULTS, type HnnTrainConfig } from './config';

export { HNN_DEFAULTS, type HnnTrainConfig };

export interface HnnStep {
  step: number;
  /** NaN on a rollback. */
  trainLoss: number;
  testLoss?: number;
  /** A non-finite update: the weights of `rollback.restoredStep` are back, at a lower learning rate. */
  rollback?: Rollback;
}

export interface HnnResult {
  trainLoss: number;
  testLoss: number;
  energyMse: number;
  model: HnnModel;
}

export { TrainingDivergedError };

/** The HNN remembers its weights every this many good steps, to roll back to on a NaN. */
const REMEMBER_EVERY = 100;
/**
 * No retries: the HNN experiment is the paper's fixed-rate, full-batch fit, and a NaN there means the rate is
 * wrong (with tanh units a lowered but still huge rate saturates into a finite, useless fit that would pass for a
 * result). The run stops at once and says so; the policy is the shared one with a budget of zero.
 */
const HNN_DIVERGENCE = { ...DEFAULT_NAN_GUARD, maxRollbacks: 0 };

export function makeHnnSplits(cfg: HnnTrainConfig): { train: PhaseData; test: PhaseData } {
  const base = { ...HNN_SPRING_DEFAULTS, noise: cfg.noise };
  return {
    train: makeSpringData({ ...base, trajectories: cfg.trainTrajectories, seed: deriveSeed(cfg.seed, 'train') }),
    test: makeSpringData({ ...base, trajectories: cfg.testTrajectories, seed: deriveSeed(cfg.seed, 'test') }),
  };
}

function loss(model: HnnModel, x: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar {
  return tf.mean(tf.square(tf.sub(timeDerivative(model, x), y)));
}

async function evaluate(model: HnnModel, x: tf.Tensor2D, y: tf.Tensor2D): Promise<number> {
  const l = tf.tidy(() => loss(model, x, y));
  const v = (await l.data())[0];
  l.dispose();
  return v;
}

export async function* trainHnn(cfg: HnnTrainConfig): AsyncGenerator<HnnStep, HnnResult> {
  const { train, test } = makeHnnSplits(cfg);
  const model = createHnnModel(cfg.model, 2, cfg.hidden, deriveSeed(cfg.seed, 'init'));
  const vars = byName(mlpVariables(model.net));
  const optimizer = new Adam(vars, { learningRate: cfg.learningRate });
  const [xTrain, yTrain] = [tf.tensor2d(train.x, [train.n, 2]), tf.tensor2d(train.dxdt, [train.n, 2])];
  const [xTest, yTest] = [tf.tensor2d(test.x, [test.n, 2]), tf.tensor2d(test.dxdt, [test.n, 2])];
  let trainLoss = NaN;
  let testLoss = NaN;
  let handedOver = false;
  const guard = new NanGuard<AdamSnapshot>(HNN_DIVERGENCE);
  /** Full batch: loss and gradients in one tape, one read-back, the update only when both are finite. */
  const attempt = async (step: number): Promise<Attempt<HnnStep>> => {
    // No clipping: the paper's plain Adam.
    const { loss: l, finite } = await gradientStep(vars, optimizer, () => ({ value: loss(model, xTrain, yTrain), parts: [] }), 0);
    if (!finite) return { finite: false, what: Number.isFinite(l) ? 'gradient' : 'loss' };
    trainLoss = l;
    const withTest = step === 1 || step % cfg.evalEvery === 0 || step === cfg.steps;
    if (withTest) testLoss = await evaluate(model, xTest, yTest);
    return { finite: true, events: [withTest ? { step, trainLoss, testLoss } : { step, trainLoss }] };
  };
  try {
    yield* trainingLoop<AdamSnapshot, HnnStep>({
      start: 0,
      steps: cfg.steps,
      guard,
      afterRollback: 'rewind',
      rememberEvery: REMEMBER_EVERY,
      attempt,
      ...snapshotRollbacks(optimizer),
      rolledBack: (r) => ({ step: r.step, trainLoss: NaN, rollback: r }),
    });
    const energy = await energyMse(model, test.initial, cfg.rolloutTime);
    handedOver = true;
    return { trainLoss, testLoss, energyMse: energy, model };
  } finally {
    // A cancelled or failed run owns its weights; a finished one hands them to the caller.
    if (!handedOver) disposeMlp(model.net);
    tf.dispose([xTrain, yTrain, xTest, yTest]);
    optimizer.dispose();
    disposeSnapshot(guard.forget());
  }
}
