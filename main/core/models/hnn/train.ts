// HNN training as an async generator of metrics (greydanus/hamiltonian-nn's train(), without the I/O).
import * as tf from '@tensorflow/tfjs-core';
import { deriveSeed } from '../../random';
import { createHnnModel, timeDerivative, type HnnKind, type HnnModel } from './model';
import { disposeMlp, mlpVariables } from './mlp';
import { HNN_SPRING_DEFAULTS, makeSpringData, type PhaseData } from './spring-data';
import { energyMse } from './energy';
import { HNN_DEFAULTS, type HnnTrainConfig } from './config';

export { HNN_DEFAULTS, type HnnTrainConfig };

export interface HnnStep {
  step: number;
  trainLoss: number;
  testLoss?: number;
}

export interface HnnResult {
  trainLoss: number;
  testLoss: number;
  energyMse: number;
  model: HnnModel;
}

export class TrainingDivergedError extends Error {
  override name = 'TrainingDivergedError';
}

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
  const vars = mlpVariables(model.net);
  const optimizer = tf.train.adam(cfg.learningRate);
  const [xTrain, yTrain] = [tf.tensor2d(train.x, [train.n, 2]), tf.tensor2d(train.dxdt, [train.n, 2])];
  const [xTest, yTest] = [tf.tensor2d(test.x, [test.n, 2]), tf.tensor2d(test.dxdt, [test.n, 2])];
  let trainLoss = NaN;
  let testLoss = NaN;
  let handedOver = false;
  try {
    for (let step = 1; step <= cfg.steps; step++) {
      const cost = optimizer.minimize(() => loss(model, xTrain, yTrain), true, vars);
      trainLoss = (await cost!.data())[0];
      cost!.dispose();
      if (!Number.isFinite(trainLoss)) {
        throw new TrainingDivergedError(
          `Training diverged: the loss became ${trainLoss} at step ${step}. Try a lower learning rate (now ${cfg.learningRate}).`,
        );
      }
      const withTest = step === 1 || step % cfg.evalEvery === 0 || step === cfg.steps;
      if (withTest) testLoss = await evaluate(model, xTest, yTest);
      yield withTest ? { step, trainLoss, testLoss } : { step, trainLoss };
    }
    const energy = await energyMse(model, test.initial, cfg.rolloutTime);
    handedOver = true;
    return { trainLoss, testLoss, energyMse: energy, model };
  } finally {
    // A cancelled or failed run owns its weights; a finished one hands them to the caller.
    if (!handedOver) disposeMlp(model.net);
    tf.dispose([xTrain, yTrain, xTest, yTest]);
    optimizer.dispose();
  }
}
