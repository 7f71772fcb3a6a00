import { beforeAll, describe, expect, it } from 'vitest';
import { createHgn, disposeHgn } from '../../../main/core/models/hgn/model';
import { HgnTrainer, trainHgn, type HgnTrainEvent } from '../../../main/core/models/hgn/train';
import { initTestBackend } from './backend';
import { movingSquares, tinyConfig } from './tiny';

beforeAll(async () => {
  await initTestBackend();
});

describe('HGN training loop', () => {
  it('lowers the reconstruction error and reports metrics, checkpoints and test metrics', async () => {
    const m = createHgn(tinyConfig({ stochastic: false, klWeighting: 'beta', beta: 0, learningRate: 3e-3 }));
    const events: HgnTrainEvent[] = [];
    for await (const ev of trainHgn(m, { train: movingSquares(24, 6), test: movingSquares(6, 6, 8, 9), steps: 60, evalEvery: 30, checkpointEvery: 20, evalSequences: 4 })) {
      events.push(ev);
    }
    const recon = events.flatMap((e) => (e.type === 'metrics' ? [e.values.recon] : []));
    expect(recon).toHaveLength(60);
    const early = recon.slice(0, 5).reduce((a, b) => a + b) / 5;
    const late = recon.slice(-5).reduce((a, b) => a + b) / 5;
    expect(late).toBeLessThan(0.5 * early);
    expect(events.filter((e) => e.type === 'checkpoint').map((e) => e.step)).toEqual([20, 40, 60]);
    const tests = events.filter((e) => e.type === 'test');
    expect(tests.map((e) => e.step)).toEqual([30, 60]);
    const t = tests[1];
    if (t.type !== 'test') throw new Error('unreachable');
    expect(t.values.test_mse_e4).toBeGreaterThan(0);
    expect(t.values.test_mean_frame_mse_e4).toBeGreaterThan(0);
    expect(t.evaluation.perStepMse).toHaveLength(4);
    disposeHgn(m);
  });

  it('GECO: the multiplier rises while the reconstruction misses the tolerance', async () => {
    const m = createHgn(tinyConfig({ stochastic: true, klWeighting: 'geco', gecoTolerance: 1e-3 }));
    const lambdas: number[] = [];
    for await (const ev of trainHgn(m, { train: movingSquares(12, 6), steps: 8 })) if (ev.type === 'metrics') lambdas.push(ev.values.gecoLambda);
    expect(lambdas[0]).toBeGreaterThan(1);
    for (let i = 1; i < lambdas.length; i++) expect(lambdas[i]).toBeGreaterThan(lambdas[i - 1]);
    disposeHgn(m);
  });

  it('NaN guard: a poisoned batch rolls back to the last good checkpoint, lowers the rate, and training goes on', async () => {
    const data = movingSquares(12, 6);
    data.frames.fill(NaN, 0, 6 * 8 * 8 * 3); // sequence 0 is all NaN
    const m = createHgn(tinyConfig({ stochastic: false, klWeighting: 'beta', batchSize: 3 }));
    const trainer = new HgnTrainer(m, { train: data, steps: 10, checkpointEvery: 2 });
    const events: HgnTrainEvent[] = [];
    for await (const ev of trainer.run()) events.push(ev);
    const rollbacks = events.filter((e) => e.type === 'nan-rollback');
    expect(rollbacks.length).toBeGreaterThan(0);
    const first = rollbacks[0];
    if (first.type !== 'nan-rollback') throw new Error('unreachable');
    expect(first.restoredStep % 2).toBe(0);
    expect(first.learningRate).toBeCloseTo(m.config.learningRate / 2, 12);
    expect(trainer.step).toBe(10);
    for (const a of Object.values((await trainer.checkpoint()).params)) expect(a.values.every(Number.isFinite)).toBe(true);
    trainer.dispose();
    disposeHgn(m);
  });
});
