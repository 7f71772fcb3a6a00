// The training loop: it learns, it is deterministic, it does not leak tensors, its NaN guard rolls back, and the
// Lagrange multipliers enforce the symmetry constraint.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../main/engine/backends';
import { checkerboard, eightGaussians, rotationSymmetric } from '../../../main/core/densities';
import { infiniteData, type FlowDataset } from '../../../main/core/models/flows/data';
import { energyGrids, meanLogLikelihood, sampleModel, sampleTrajectories, densityGrid } from '../../../main/core/models/flows/evaluate';
import { expressionGenerator, so2Generator } from '../../../main/core/models/flows/generators';
import { HAMILTONIAN_FLOW_DEFAULTS, HamiltonianFlow } from '../../../main/core/models/flows/hamiltonian-flow';
import { RealNvp } from '../../../main/core/models/flows/realnvp';
import { trainDensityModel, type TrainOptions, type TrainStep } from '../../../main/core/models/flows/train';
import { squareGrid } from '../../../main/core/densities';
import { makeRng } from '../../../main/core/random';

beforeAll(async () => {
  await initBackend('wasm');
});

function flow(seed: number, hidden = 32): HamiltonianFlow {
  return new HamiltonianFlow({ ...HAMILTONIAN_FLOW_DEFAULTS, dim: 2, hidden }, seed);
}

async function run(
  model: HamiltonianFlow | RealNvp,
  data: FlowDataset,
  opts: Partial<TrainOptions> & Pick<TrainOptions, 'steps' | 'seed'>,
  onStep?: (s: TrainStep) => void,
): Promise<TrainStep[]> {
  const out: TrainStep[] = [];
  for await (const s of trainDensityModel(model, data, { batchSize: 128, ...opts })) {
    out.push(s);
    onStep?.(s);
  }
  return out;
}

function weightsOf(model: HamiltonianFlow): number[] {
  return model.variables().flatMap((v) => Array.from(v.variable.dataSync()));
}

describe('training loop', () => {
  it('training on 8 gaussians for a few hundred steps improves the test ELBO', async () => {
    const m = flow(1);
    const data = infiniteData(eightGaussians, 1000, 1);
    const before = await meanLogLikelihood(m, data.test, { k: 1, bound: 'elbo', rng: makeRng(1) });
    const steps = await run(m, data, { steps: 400, seed: 1, learningRate: 3e-3 });
    const after = await meanLogLikelihood(m, data.test, { k: 1, bound: 'elbo', rng: makeRng(1) });
    expect(steps.every((s) => !s.skipped)).toBe(true);
    expect(after.mean).toBeGreaterThan(before.mean + 0.5);
    m.dispose();
  });

  it('the RealNVP baseline trains with the same loop', async () => {
    const m = new RealNvp({ dim: 2, layers: 4, hidden: 32 }, 1);
    const data = infiniteData(eightGaussians, 1000, 1);
    const before = await meanLogLikelihood(m, data.test, { k: 1, bound: 'elbo', rng: makeRng(1) });
    await run(m, data, { steps: 200, seed: 1, learningRate: 3e-3 });
    const after = await meanLogLikelihood(m, data.test, { k: 1, bound: 'elbo', rng: makeRng(1) });
    expect(after.mean).toBeGreaterThan(before.mean + 0.5);
    m.dispose();
  });

  it('trains with the soft-uniform base (its log-density is differentiable inside a step)', async () => {
    const m = new HamiltonianFlow({ ...HAMILTONIAN_FLOW_DEFAULTS, dim: 2, hidden: 16, base: 'soft-uniform', softUniformWidth: 8 }, 1);
    const steps = await run(m, infiniteData(checkerboard, 10, 1), { steps: 30, seed: 1, batchSize: 64, learningRate: 3e-3 });
    expect(steps.every((s) => !s.skipped && Number.isFinite(s.nll))).toBe(true);
    expect(steps[29].nll).toBeLessThan(steps[0].nll);
    m.dispose();
  });

  it('is deterministic from its seed', async () => {
    const trace = async (seed: number) => {
      const m = flow(seed, 16);
      const s = await run(m, infiniteData(eightGaussians, 10, seed), { steps: 5, seed, generators: [so2Generator(2)] });
      const w = weightsOf(m);
      m.dispose();
      return { nll: s.map((x) => x.nll), c: s.map((x) => x.constraints[0]), w };
    };
    const [a, b, c] = [await trace(4), await trace(4), await trace(5)];
    expect(a).toEqual(b);
    expect(a.nll).not.toEqual(c.nll);
  });

  it('does not leak tensors over many steps, with constraints and evaluations', async () => {
    const m = flow(2, 16);
    const data = infiniteData(rotationSymmetric, 100, 2);
    const gens = [so2Generator(2), expressionGenerator('sin(q1) * p2 - q2^2 * p1', 2)];
    const counts: number[] = [];
    await run(m, data, { steps: 40, seed: 2, batchSize: 64, generators: gens }, (s) => {
      if (s.step >= 5) counts.push(tf.memory().numTensors);
    });
    expect(new Set(counts).size).toBe(1);
    const before = tf.memory().numTensors;
    const grid = squareGrid(3, 8);
    for (let i = 0; i < 3; i++) {
      await meanLogLikelihood(m, data.test, { k: 5, bound: 'iwae', rng: makeRng(i) });
      await densityGrid(m, grid, { k: 2, bound: 'iwae', rng: makeRng(i) });
      await energyGrids(m, grid);
      await sampleModel(m, 20, makeRng(i));
      await sampleTrajectories(m, 20, makeRng(i));
    }
    expect(tf.memory().numTensors).toBe(before);
    m.dispose();
    // After the run (Adam moments, snapshots) and the model are gone, nothing of training remains.
    expect(tf.memory().numTensors).toBeLessThan(before);
  });

  it('a non-finite step is skipped: weights restored to the last snapshot, lr lowered, event reported', async () => {
    const m = flow(3, 16);
    const clean = infiniteData(eightGaussians, 10, 3);
    let calls = 0;
    const poisoned: FlowDataset = {
      ...clean,
      nextBatch: (size, rng) => {
        const b = clean.nextBatch(size, rng);
        if (++calls === 4) b[5] = NaN;
        return b;
      },
    };
    const initial = weightsOf(m);
    const steps = await run(m, poisoned, { steps: 6, seed: 3, batchSize: 32, learningRate: 1e-3, snapshotEvery: 50 }, (s) => {
      // Right after the rollback the weights are those of the last snapshot: the initial ones here.
      if (s.step === 4) expect(weightsOf(m)).toEqual(initial);
    });
    expect(steps[3].skipped).toBe(true);
    expect(steps[3].events[0].kind).toBe('nan-rollback');
    expect(steps[3].events[0].message).toMatch(/non-finite loss at step 4: restored the weights of step 0, lr 1.00e-3 -> 5.00e-4/);
    expect(steps[3].learningRate).toBeCloseTo(5e-4, 12);
    expect(steps.filter((s) => s.skipped)).toHaveLength(1);
    expect(steps[5].nll).toBeGreaterThan(0);
    m.dispose();
  });

  it('gives up with a clear error when every step is non-finite', async () => {
    const m = flow(3, 16);
    const broken: FlowDataset = { dim: 2, test: new Float32Array(2), nextBatch: (n) => new Float32Array(2 * n).fill(NaN) };
    await expect(run(m, broken, { steps: 50, seed: 1, batchSize: 8, maxRollbacks: 3 })).rejects.toThrow(
      /training diverged: 4 non-finite steps in a row/,
    );
    m.dispose();
  });

  it('a generator expression that is not finite on the data is reported as such', async () => {
    const m = flow(3, 16);
    const gens = [expressionGenerator('log(q1) * p2', 2)];
    await expect(run(m, infiniteData(eightGaussians, 10, 1), { steps: 3, seed: 1, generators: gens })).rejects.toThrow(
      /the constraint \{log\(q1\) \* p2, H\} is not finite on the data/,
    );
    m.dispose();
  });

  it('the SO(2) multiplier grows while the constraint is violated and drives {g, H}^2 down', async () => {
    const data = infiniteData(rotationSymmetric, 10, 1);
    const opts = { steps: 100, seed: 1, batchSize: 64, learningRate: 1e-3, kappa: 1e-4, lambdaLr: 50 };
    const free = flow(7, 16);
    const unconstrained = await run(free, data, { ...opts, generators: [so2Generator(2)], lambdaLr: 0 });
    const tied = flow(7, 16);
    const constrained = await run(tied, data, { ...opts, generators: [so2Generator(2)] });
    const tail = (s: TrainStep[]) => s.slice(-20).reduce((a, x) => a + x.constraints[0], 0) / 20;
    expect(unconstrained.every((s) => s.lambdas[0] === 0)).toBe(true);
    expect(constrained.every((s) => s.lambdas[0] >= 0)).toBe(true);
    expect(constrained[10].lambdas[0]).toBeGreaterThan(0);
    expect(tail(constrained)).toBeLessThan(tail(unconstrained) / 5);
    free.dispose();
    tied.dispose();
  });
});
