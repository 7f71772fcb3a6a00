// Training: the loss gradient against finite differences (eval and train mode), determinism from a seed, no tensor
// leaks over many steps, checkpoints that resume to the same numbers, and a loss that goes down.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../main/engine/backends';
import {
  CanonicalFlow,
  CanonicalTrainer,
  canonicalConfig,
  defaultDataSpec,
  makeCanonicalData,
  radiusLoss,
  type CanonicalTrainEvent,
  type LayerMode,
} from '../../../main/core/models/canonical';
import { gaussian, makeRng } from '../../../main/core/random';
import { perturb } from './helpers';

beforeAll(async () => {
  await initBackend('wasm');
});

const small = (system: 'pendulum' | 'kepler' | 'mass-spring') =>
  makeCanonicalData({ ...defaultDataSpec(system), train: 24, validation: 8, test: 8, points: 24 });

describe('loss gradient', () => {
  it.each([
    ['eval', 'gradient-mlp', 'absolute', 0],
    ['train', 'gradient-mlp', 'absolute', 0],
    ['eval', 'irrotational', 'absolute', 0],
    ['track', 'gradient-mlp', 'rho', 0],
    // (The 'relative' and 'plane' weightings and the angle term hold their normalisers constant in the gradient on
    // purpose, so finite differences of the whole expression are not their gradient.)
  ] as const)('matches central finite differences along random directions (%s mode, %s couplings, %s loss, angle term x%s)', async (mode, form, weighting, angleWeight) => {
    const data = small('kepler');
    const model = new CanonicalFlow(canonicalConfig({ dof: 2, blocks: 2, hidden: 8, form }, 4));
    perturb(model, 5, 0.1);
    model.initialiseStatistics(tf.tensor2d(Float32Array.from(data.train.states), [data.train.count * data.train.points, 4]));
    const x = tf.tensor3d(Float32Array.from(data.train.states.subarray(0, 6 * 24 * 4)), [6, 24, 4]);
    const vars = model.trainableVariables();
    const loss = () => radiusLoss(model, x, { mode: mode as LayerMode, batchMeans: [] }, weighting, angleWeight);
    const { grads } = tf.variableGrads(loss, vars);
    const rng = makeRng(6);
    for (let trial = 0; trial < 3; trial++) {
      const dirs = vars.map((v) => tf.tensor(Float32Array.from({ length: v.size }, () => gaussian(rng)), v.shape));
      const analytic = vars.reduce((s, v, i) => s + tf.sum(tf.mul(grads[v.name], dirs[i])).dataSync()[0], 0);
      const at = (eps: number) => {
        vars.forEach((v, i) => v.assign(tf.tidy(() => tf.add(v, tf.mul(dirs[i], eps)))));
        const l = tf.tidy(() => loss().dataSync()[0]);
        vars.forEach((v, i) => v.assign(tf.tidy(() => tf.sub(v, tf.mul(dirs[i], eps)))));
        return l;
      };
      const eps = 1e-3;
      const numeric = (at(eps) - at(-eps)) / (2 * eps);
      expect(Math.abs(analytic)).toBeGreaterThan(1e-4);
      expect(Math.abs(numeric - analytic)).toBeLessThan(0.02 * Math.abs(analytic));
      tf.dispose(dirs);
    }
    tf.dispose([x, ...Object.values(grads)]);
    model.dispose();
  });
});

async function run(data: ReturnType<typeof small>, steps: number, seed: number, extra = {}) {
  const model = new CanonicalFlow(canonicalConfig({ dof: data.train.dim / 2, blocks: 2, hidden: 8 }, seed));
  const trainer = new CanonicalTrainer(model, data, { steps, seed, batchTrajectories: 8, evalEvery: 0, checkpointEvery: 0, ...extra });
  const events: CanonicalTrainEvent[] = [];
  for await (const ev of trainer.run()) events.push(ev);
  return { model, trainer, events, losses: events.flatMap((e) => (e.type === 'metrics' ? [e.values.loss] : [])) };
}

describe('training', () => {
  it('is deterministic: the same seeds give the same losses and weights, bit for bit; another seed differs', async () => {
    const data = small('pendulum');
    const a = await run(data, 12, 1);
    const b = await run(data, 12, 1);
    const c = await run(data, 12, 2);
    expect(a.losses).toEqual(b.losses);
    expect(a.losses).not.toEqual(c.losses);
    const [wa, wb] = [await a.model.weights(), await b.model.weights()];
    for (const name of Object.keys(wa)) expect(Buffer.from(wa[name].values.buffer).equals(Buffer.from(wb[name].values.buffer))).toBe(true);
    for (const r of [a, b, c]) {
      r.trainer.dispose();
      r.model.dispose();
    }
  });

  it('leaks no tensors over many steps, validations and checkpoints, nor once disposed', async () => {
    const data = small('kepler');
    const before = tf.memory().numTensors;
    const model = new CanonicalFlow(canonicalConfig({ dof: 2, blocks: 2, hidden: 8 }, 1));
    const trainer = new CanonicalTrainer(model, data, { steps: 120, seed: 1, batchTrajectories: 8, evalEvery: 25, evalTrajectories: 8, checkpointEvery: 30 });
    const counts: number[] = [];
    for await (const ev of trainer.run()) if (ev.type === 'metrics' && ev.step % 20 === 0) counts.push(tf.memory().numTensors);
    expect(new Set(counts).size).toBe(1);
    trainer.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('resumes from a checkpoint to the same losses as an uninterrupted run', async () => {
    const data = small('mass-spring');
    const full = await run(data, 20, 3);
    const first = await run(data, 10, 3, { steps: 10 });
    const ck = await first.trainer.checkpoint();
    const model = new CanonicalFlow(ck.config);
    const trainer = new CanonicalTrainer(model, data, { steps: 20, seed: 3, batchTrajectories: 8, evalEvery: 0, checkpointEvery: 0, resume: ck });
    const rest: number[] = [];
    for await (const ev of trainer.run()) if (ev.type === 'metrics') rest.push(ev.values.loss);
    // Running means and Adam state are restored too; the lr schedule is constant, so the numbers agree exactly.
    expect([...first.losses, ...rest]).toEqual(full.losses);
    for (const r of [full, first, { trainer, model }]) {
      r.trainer.dispose();
      r.model.dispose();
    }
  });

  it('lowers the validation loss and reports epochs, validation and checkpoints', async () => {
    const data = small('pendulum');
    const r = await run(data, 150, 1, { evalEvery: 50, evalTrajectories: 8, checkpointEvery: 50, learningRate: 3e-3 });
    const validations = r.events.flatMap((e) => (e.type === 'validation' ? [e.values.loss] : []));
    expect(validations).toHaveLength(3);
    expect(validations[2]).toBeLessThan(validations[0]);
    expect(r.events.filter((e) => e.type === 'checkpoint')).toHaveLength(3);
    const last = r.events.filter((e) => e.type === 'metrics').at(-1);
    expect(last?.type === 'metrics' && last.values.epoch).toBe(50); // 24 trajectories, batches of 8: 3 per epoch
    r.trainer.dispose();
    r.model.dispose();
  });

  it('rolls back a non-finite update to the last checkpoint at half the rate, then goes on (the loop skeleton of every family)', async () => {
    const data = small('pendulum');
    const model = new CanonicalFlow(canonicalConfig({ dof: 1, blocks: 1, hidden: 4 }, 1));
    const trainer = new CanonicalTrainer(model, data, { steps: 12, seed: 1, batchTrajectories: 8, evalEvery: 0, checkpointEvery: 4 });
    // Update 7 comes back non-finite once (as a NaN in the loss would).
    const inner = (trainer as unknown as { update: () => Promise<{ loss: number; gradNorm: number }> }).update.bind(trainer);
    let calls = 0;
    (trainer as unknown as { update: () => Promise<{ loss: number; gradNorm: number }> }).update = async () => {
      const r = await inner();
      return ++calls === 7 ? { loss: NaN, gradNorm: NaN } : r;
    };
    const events: CanonicalTrainEvent[] = [];
    for await (const ev of trainer.run()) events.push(ev);
    const rollbacks = events.filter((e) => e.type === 'nan-rollback');
    expect(rollbacks).toHaveLength(1);
    expect(rollbacks[0]).toMatchObject({ step: 7, restoredStep: 4 });
    expect(rollbacks[0].type === 'nan-rollback' && rollbacks[0].learningRate).toBeCloseTo(5e-4, 10);
    const steps = events.flatMap((e) => (e.type === 'metrics' ? [e.step] : []));
    expect(steps).toEqual([1, 2, 3, 4, 5, 6, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(trainer.rollbacks).toBe(1);
    trainer.dispose();
    model.dispose();
  });
});
