import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHgn, disposeHgn } from '../../../main/core/models/hgn/model';
import { HgnTrainer } from '../../../main/core/models/hgn/train';
import { evaluateHgn } from '../../../main/core/models/hgn/evaluate';
import { samplePrior } from '../../../main/core/models/hgn/rollout';
import { sampleTrajectories } from '../../../main/core/models/hgn/fitted-samples';
import { initTestBackend } from './backend';
import { movingSquares, tinyConfig } from './tiny';

beforeAll(async () => {
  await initTestBackend();
});

describe('no tensor leaks', () => {
  it.each([
    ['stochastic, general H, GECO, leapfrog', { stochastic: true, klWeighting: 'geco' as const }],
    ['deterministic, separable H, rk4, curriculum', { stochastic: false, hamiltonianForm: 'separable' as const, integrator: 'rk4' as const, curriculum: 'linear' as const, curriculumSteps: 20, curriculumStartFrames: 2 }],
  ])('%s: the tensor count is flat over 50 training steps', async (_name, over) => {
    const start = tf.memory().numTensors;
    const m = createHgn(tinyConfig(over));
    const trainer = new HgnTrainer(m, { train: movingSquares(12, 6), steps: 50, checkpointEvery: 10 });
    const counts: number[] = [];
    for await (const ev of trainer.run()) if (ev.type === 'metrics') counts.push(tf.memory().numTensors);
    expect(counts).toHaveLength(50);
    expect(new Set(counts).size).toBe(1);
    trainer.dispose();
    disposeHgn(m);
    expect(tf.memory().numTensors).toBe(start);
  });

  it('evaluation, rollouts, prior samples and samples from a fitted density leave nothing behind', async () => {
    const m = createHgn(tinyConfig());
    const before = tf.memory().numTensors;
    await evaluateHgn(m, movingSquares(5, 6), { driftSteps: 12, batch: 2 });
    await samplePrior(m, 3, 1, { steps: 7 });
    await sampleTrajectories(m, 'fitted', 3, 1, { steps: 7 }, movingSquares(40, 6));
    expect(tf.memory().numTensors).toBe(before);
    disposeHgn(m);
    expect(tf.memory().numTensors).toBe(before - m.params.list().length);
  });
});
