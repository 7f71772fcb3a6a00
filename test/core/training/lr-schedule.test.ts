// The learning-rate schedule: the cosine runs from the base rate to the final fraction over the budget (steps or
// time, whichever ends first), constant stays put, and the HGN, flow and canonical trainers all follow it (the HGN's
// with rollbacks on top).
import { beforeAll, describe, expect, it } from 'vitest';
import { budgetProgress, scheduleFactor, scheduleProblem } from '../../../main/core/training/lr-schedule';
import { infiniteData } from '../../../main/core/models/flows/data';
import { eightGaussians } from '../../../main/core/densities';
import { HAMILTONIAN_FLOW_DEFAULTS, HamiltonianFlow } from '../../../main/core/models/flows/hamiltonian-flow';
import { trainDensityModel } from '../../../main/core/models/flows/train';
import { CanonicalFlow, CanonicalTrainer, canonicalConfig, defaultDataSpec, makeCanonicalData } from '../../../main/core/models/canonical';
import { createHgn, disposeHgn } from '../../../main/core/models/hgn/model';
import { HgnTrainer, type HgnTrainEvent } from '../../../main/core/models/hgn/train';
import { hgnConfig } from '../../../main/core/models/hgn/config';
import { initTestBackend } from '../hgn/backend';
import { movingSquares, tinyConfig } from '../hgn/tiny';

beforeAll(async () => {
  await initTestBackend();
});

describe('learning-rate schedule', () => {
  it('cosine: 1 at the start, the final fraction at the end, half way between at the middle; constant is 1', () => {
    expect(scheduleFactor('cosine', 0.1, 0)).toBe(1);
    expect(scheduleFactor('cosine', 0.1, 1)).toBeCloseTo(0.1, 12);
    expect(scheduleFactor('cosine', 0.1, 0.5)).toBeCloseTo(0.55, 12);
    expect(scheduleFactor('cosine', 0.1, 2)).toBeCloseTo(0.1, 12);
    for (const p of [0, 0.3, 1]) expect(scheduleFactor('constant', 0.1, p)).toBe(1);
  });

  it('progress is the larger share of the step budget and the time budget; none means no progress', () => {
    expect(budgetProgress(50, 100, 10, 100)).toBe(0.5);
    expect(budgetProgress(10, 100, 80, 100)).toBe(0.8);
    expect(budgetProgress(10, Infinity, 30, 60)).toBe(0.5);
    expect(budgetProgress(500, Infinity, 1e6, 0)).toBe(0);
    expect(budgetProgress(200, 100, 0, 0)).toBe(1);
  });

  it('the laptop preset anneals on a cosine; the paper preset keeps its rate', () => {
    expect(hgnConfig('laptop').learningRateSchedule).toBe('cosine');
    expect(hgnConfig('paper').learningRateSchedule).toBe('constant');
    expect(() => hgnConfig('laptop', { learningRateFinal: 0 })).toThrow(/learningRateFinal must be in \(0, 1\]/);
  });

  it('the HGN trainer follows the schedule over its steps', async () => {
    const m = createHgn(tinyConfig({ stochastic: false, klWeighting: 'beta', beta: 0, learningRate: 1e-3, learningRateSchedule: 'cosine', learningRateFinal: 0.1 }));
    const trainer = new HgnTrainer(m, { train: movingSquares(12, 6), steps: 5, checkpointEvery: 0 });
    const rates: number[] = [];
    for await (const ev of trainer.run()) if (ev.type === 'metrics') rates.push(ev.values.learningRate);
    expect(rates).toHaveLength(5);
    rates.forEach((r, i) => expect(r).toBeCloseTo(1e-3 * scheduleFactor('cosine', 0.1, i / 5), 12));
    trainer.dispose();
    disposeHgn(m);
  });

  it('over a time budget, with a NaN rollback halving the rate on top of the schedule', async () => {
    const data = movingSquares(12, 6);
    data.frames.fill(NaN, 0, 6 * 8 * 8 * 3); // sequence 0 is all NaN: some batches roll back
    let clock = 0;
    const m = createHgn(tinyConfig({ stochastic: false, klWeighting: 'beta', learningRate: 1e-3, learningRateSchedule: 'cosine', learningRateFinal: 0.1 }));
    // Each call of the clock is a second; a 100-second budget.
    const trainer = new HgnTrainer(m, { train: data, steps: Infinity, checkpointEvery: 2, budgetSeconds: 100, now: () => (clock += 1) * 1000 });
    const events: HgnTrainEvent[] = [];
    for await (const ev of trainer.run()) {
      events.push(ev);
      if (trainer.step >= 8) break;
    }
    const rolledBack = events.some((e) => e.type === 'nan-rollback');
    expect(rolledBack).toBe(true);
    const last = events.filter((e) => e.type === 'metrics').at(-1);
    if (last?.type !== 'metrics') throw new Error('unreachable');
    // The schedule alone would be back near the full rate this early in the budget; the rollbacks' halving stays.
    const ratio = last.values.learningRate / 1e-3;
    expect(ratio).toBeLessThan(0.5);
    expect(ratio).toBeGreaterThan(0.5 ** 4 * scheduleFactor('cosine', 0.1, 1));
    trainer.dispose();
    disposeHgn(m);
  });

  it('a cosine with neither a step count nor a time budget is refused, in words', () => {
    expect(scheduleProblem('cosine', Infinity, 0)).toMatch(/finite number of steps or a time budget/);
    expect(scheduleProblem('cosine', Infinity, 60)).toBeNull();
    expect(scheduleProblem('cosine', 100, 0)).toBeNull();
    expect(scheduleProblem('constant', Infinity, 0)).toBeNull();
  });

  it('the flows follow it over their steps, and over a time budget when the steps are endless', async () => {
    const flowRates = async (extra: { steps: number; budgetSeconds?: number; now?: () => number }) => {
      const m = new HamiltonianFlow({ ...HAMILTONIAN_FLOW_DEFAULTS, dim: 2, hidden: 8 }, 1);
      const rates: number[] = [];
      for await (const s of trainDensityModel(m, infiniteData(eightGaussians, 64, 1), { seed: 1, batchSize: 16, learningRate: 1e-3, learningRateSchedule: 'cosine', learningRateFinal: 0.1, ...extra })) {
        rates.push(s.learningRate);
        if (rates.length === 6) break;
      }
      m.dispose();
      return rates;
    };
    const bySteps = await flowRates({ steps: 6 });
    bySteps.forEach((r, i) => expect(r).toBeCloseTo(1e-3 * scheduleFactor('cosine', 0.1, i / 6), 12));
    // Each read of the clock is 10 s; a 100-second budget. The first read starts the clock.
    let clock = 0;
    const byTime = await flowRates({ steps: Infinity, budgetSeconds: 100, now: () => (clock += 10_000) });
    byTime.forEach((r, i) => expect(r).toBeCloseTo(1e-3 * scheduleFactor('cosine', 0.1, (i + 1) / 10), 12));
    await expect(flowRates({ steps: Infinity })).rejects.toThrow(/finite number of steps or a time budget/);
  });

  it('the canonical transformation follows it over its steps', async () => {
    const data = makeCanonicalData({ ...defaultDataSpec('pendulum'), train: 16, validation: 4, test: 4, points: 12 });
    const model = new CanonicalFlow(canonicalConfig({ dof: 1, blocks: 1, hidden: 8 }, 1));
    const trainer = new CanonicalTrainer(model, data, { steps: 5, seed: 1, batchTrajectories: 8, evalEvery: 0, checkpointEvery: 0, learningRate: 1e-3, learningRateSchedule: 'cosine', learningRateFinal: 0.1 });
    const rates: number[] = [];
    for await (const ev of trainer.run()) if (ev.type === 'metrics') rates.push(ev.values.learningRate);
    expect(rates).toHaveLength(5);
    rates.forEach((r, i) => expect(r).toBeCloseTo(1e-3 * scheduleFactor('cosine', 0.1, i / 5), 12));
    trainer.dispose();
    model.dispose();
  });
});
