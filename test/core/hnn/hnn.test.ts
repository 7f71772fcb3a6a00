import { describe, expect, it, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../main/engine/backends';
import { HNN_DEFAULTS, trainHnn, TrainingDivergedError, type HnnTrainConfig } from '../../../main/core/models/hnn/train';
import { createHnnModel, timeDerivative, hamiltonian } from '../../../main/core/models/hnn/model';
import { makeSpringData, springExact, springEnergy } from '../../../main/core/models/hnn/spring-data';

beforeAll(async () => {
  await initBackend('wasm');
});

async function run(cfg: HnnTrainConfig) {
  const gen = trainHnn(cfg);
  const steps = [];
  for (;;) {
    const r = await gen.next();
    if (r.done) return { steps, result: r.value };
    steps.push(r.value);
  }
}

describe('spring data', () => {
  it('exact solution conserves energy and is deterministic from the seed', () => {
    const p = { k: 1, m: 1 };
    const [q, pp] = springExact(0.3, -0.4, 7.3, p);
    expect(springEnergy([q, pp], p)).toBeCloseTo(springEnergy([0.3, -0.4], p), 12);
    const spec = { trajectories: 3, points: 30, tEnd: 3, noise: 0.1, seed: 5, params: p };
    expect(makeSpringData(spec).x).toEqual(makeSpringData(spec).x);
    expect(makeSpringData({ ...spec, seed: 6 }).x).not.toEqual(makeSpringData(spec).x);
  });
});

describe('HNN', () => {
  it('its time derivative is the symplectic gradient of H (finite differences)', () => {
    const model = createHnnModel('hnn', 2, 16, 1);
    const x = tf.tensor2d([[0.3, -0.2]]);
    const d = timeDerivative(model, x).dataSync();
    const h = (q: number, p: number) => hamiltonian(model, tf.tensor2d([[q, p]])).dataSync()[0];
    const eps = 1e-2;
    const dHdq = (h(0.3 + eps, -0.2) - h(0.3 - eps, -0.2)) / (2 * eps);
    const dHdp = (h(0.3, -0.2 + eps) - h(0.3, -0.2 - eps)) / (2 * eps);
    expect(d[0]).toBeCloseTo(dHdp, 3);
    expect(d[1]).toBeCloseTo(-dHdq, 3);
  });

  it('learns: loss falls, and its energy MSE beats the baseline', async () => {
    const cfg = { ...HNN_DEFAULTS, steps: 300, hidden: 64, rolloutTime: 5, evalEvery: 50 };
    const hnn = await run({ ...cfg, model: 'hnn' });
    const base = await run({ ...cfg, model: 'baseline' });
    expect(hnn.steps.at(-1)!.trainLoss).toBeLessThan(hnn.steps[0].trainLoss / 2);
    expect(hnn.result.energyMse).toBeLessThan(base.result.energyMse);
  });

  it('does not leak tensors over many steps', async () => {
    const gen = trainHnn({ ...HNN_DEFAULTS, steps: 60, hidden: 16, rolloutTime: 0.5 });
    await gen.next();
    await gen.next();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) await gen.next();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is deterministic from its seed', async () => {
    const cfg = { ...HNN_DEFAULTS, steps: 5, hidden: 16, rolloutTime: 0.5 };
    const a = await run(cfg);
    const b = await run(cfg);
    expect(a.steps.map((s) => s.trainLoss)).toEqual(b.steps.map((s) => s.trainLoss));
  });

  it('stops with a clear error when the loss becomes NaN', async () => {
    const cfg = { ...HNN_DEFAULTS, steps: 50, hidden: 16, learningRate: 1e38 };
    await expect(run(cfg)).rejects.toThrow(TrainingDivergedError);
    await expect(run(cfg)).rejects.toThrow(/lower learning rate/);
  });
});
