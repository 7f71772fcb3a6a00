// Runs the HNN experiment (or its baseline) for the worker: train, then the energy-MSE evaluation.
import type { HnnJobConfig } from '../../preload/contract';
import { trainHnn } from '../core/models/hnn/train';
import { disposeMlp } from '../core/nn/mlp';
import { row, rollbackMarks, type Runner, type RunnerEvent } from './runner';

const FAULT_STEP = 3;

export const runHnn: Runner<HnnJobConfig> = async function* (config, ctx) {
  const { kind: _kind, fault, ...core } = config;
  const training = trainHnn(core);
  for (;;) {
    if (ctx.cancelled()) {
      await training.return(undefined as never);
      return;
    }
    const next = await training.next();
    if (next.done) {
      const { model, ...result } = next.value;
      disposeMlp(model.net);
      yield { type: 'progress', step: config.steps, total: config.steps, message: 'evaluated' } satisfies RunnerEvent;
      return row({ train_loss: result.trainLoss, test_loss: result.testLoss, energy_mse: result.energyMse });
    }
    const { step, trainLoss, testLoss, rollback } = next.value;
    if (rollback) {
      yield* rollbackMarks(rollback);
      continue;
    }
    if (fault === 'throw' && step === FAULT_STEP) throw new Error(`Deliberate fault (fault hook) at step ${step}`);
    if (fault === 'crash' && step === FAULT_STEP) {
      // An uncaught exception outside the runner: the whole worker dies, as a native crash would.
      setTimeout(() => {
        throw new Error(`Deliberate worker crash (fault hook) at step ${step}`);
      });
    }
    yield { type: 'metrics', step, values: row({ train_loss: trainLoss, test_loss: testLoss }) } satisfies RunnerEvent;
    const message = step === config.steps ? 'evaluating energy MSE' : undefined;
    yield { type: 'progress', step, total: config.steps, message } satisfies RunnerEvent;
  }
};
