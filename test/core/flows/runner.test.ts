// The flow job runner (main/workers/runners/flow.ts): config checks, the events and artifacts the UI draws,
// cancellation, CSV data. (Kept with the flow tests; it lives in main/workers/runners.)
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../main/engine/backends';
import { makeRng } from '../../../main/core/random';
import { runFlow, type SavedFlowModel } from '../../../main/jobs/flow';
import { FlowJobSchema, type FlowJobConfig } from '../../../preload/contract';
import type { RunnerEvent } from '../../../main/jobs/runner';

beforeAll(async () => {
  await initBackend('wasm');
});

const TINY: Partial<FlowJobConfig> = {
  steps: 40,
  batchSize: 32,
  hidden: 16,
  testSize: 60,
  evalEvery: 20,
  evalK: 3,
  evalPoints: 30,
  finalK: 4,
  artifactEvery: 20,
  gridSize: 6,
  gridK: 2,
  sampleCount: 10,
  trajectoryCount: 5,
  metricsEvery: 10,
};

async function collect(config: Partial<FlowJobConfig>, cancelAfter = Infinity): Promise<{ events: RunnerEvent[]; result: unknown }> {
  const events: RunnerEvent[] = [];
  let steps = 0;
  const gen = runFlow(FlowJobSchema.parse({ ...config, kind: 'flow' }), { cancelled: () => steps >= cancelAfter, rng: makeRng(1) });
  for (;;) {
    const r = await gen.next();
    if (r.done) return { events, result: r.value };
    events.push(r.value);
    if (r.value.type === 'metrics') steps = r.value.step;
  }
}

const artifacts = (events: RunnerEvent[], name: string) =>
  events.filter((e): e is Extract<RunnerEvent, { type: 'artifact' }> => e.type === 'artifact' && e.name === name);

describe('flow runner', () => {
  it('its config is the contract\'s: one clear message per bad field, in the words a form shows, and the model refuses what does not fit together', async () => {
    const issue = (c: object) => FlowJobSchema.safeParse({ kind: 'flow', ...c }).error?.issues[0];
    expect(issue({})).toBeUndefined();
    expect(issue({ steps: 0 })).toMatchObject({ path: ['steps'], message: 'An integer from 1 to 10,000,000.' });
    expect(issue({ learningRate: -1 })).toMatchObject({ path: ['learningRate'], message: 'A number above 0 and at most 1.' });
    expect(issue({ batchSize: 2.5 })).toMatchObject({ path: ['batchSize'], message: 'An integer from 1 to 65,536.' });
    expect(issue({ learningRate: '3e-4' })).toMatchObject({ path: ['learningRate'], message: 'A number above 0 and at most 1.' });
    expect(issue({ base: 'cauchy' })).toMatchObject({ path: ['base'], message: 'Invalid option: expected one of "normal"|"soft-uniform"|"mixture"' });
    expect(issue({ testFraction: 1 })).toMatchObject({ path: ['testFraction'] });
    await expect(collect({ ...TINY, model: 'realnvp', constraint: 'so2' })).rejects.toThrow(/symmetry constraints need the Hamiltonian flow/);
    await expect(collect({ ...TINY, base: 'mixture', constraint: 'so2' })).rejects.toThrow(/A symmetry constraint needs a symmetric base density: use the normal base/);
  });

  it('streams metrics, evaluations and every artifact the flows page draws, then the saved model', async () => {
    const { events, result } = await collect({ ...TINY, density: 'rotsym', constraint: 'so2', trainSize: 100 });
    const metrics = events.filter((e): e is Extract<RunnerEvent, { type: 'metrics' }> => e.type === 'metrics');
    const train = metrics.filter((m) => 'train_elbo' in m.values);
    expect(train.map((m) => m.step)).toEqual([10, 20, 30, 40]);
    for (const key of ['train_elbo', 'loss', 'grad_norm', 'lr', 'constraint_so2', 'lambda_so2', 'dt_1', 'dt_2', 'steps_per_second']) {
      expect(Number.isFinite(train[0].values[key])).toBe(true);
    }
    const evals = metrics.filter((m) => 'test_iwae' in m.values);
    expect(evals.map((m) => m.step)).toEqual([20]);
    expect(Object.keys(evals[0].values).sort()).toEqual(['gap', 'test_elbo', 'test_iwae', 'train_iwae']);
    const final = metrics.find((m) => 'final_test_iwae' in m.values)!;
    expect(final.values.final_test_nll).toBeCloseTo(-final.values.final_test_iwae, 10);
    expect(Number.isFinite(final.values.final_gap)).toBe(true);

    const shape = (name: string) => {
      const a = artifacts(events, name);
      expect(a.length).toBeGreaterThan(0);
      const d = a[a.length - 1].data;
      return d.kind === 'f32' ? d.shape : d.kind;
    };
    expect(shape('setup')).toBe('json');
    expect(shape('target-grid')).toEqual([6, 6]);
    expect(shape('train-points')).toEqual([10, 2]);
    expect(shape('density-grid')).toEqual([6, 6]);
    expect(shape('kinetic-grid')).toEqual([2, 6, 6]);
    expect(shape('potential-grid')).toEqual([2, 6, 6]);
    expect(shape('samples')).toEqual([10, 2]);
    expect(shape('trajectories')).toEqual([5, 5, 4]);
    // Snapshots at step 20 and at the end.
    expect(artifacts(events, 'density-grid')).toHaveLength(2);
    const grid = artifacts(events, 'density-grid')[1].data;
    if (grid.kind !== 'f32') throw new Error('expected f32');
    expect(Array.from(grid.values).every(Number.isFinite)).toBe(true);

    const weights = artifacts(events, 'weights')[0].data;
    if (weights.kind !== 'json') throw new Error('expected json');
    const saved = weights.value as SavedFlowModel;
    expect(saved.format).toBe('hamiltonian-studio/flow-model');
    expect(saved.weights.map((w) => w.name)).toContain('H1/K/dense0/w');
    expect(saved.config.constraint).toBe('so2');
    expect((result as Record<string, number>).steps).toBe(40);
  });

  it('the RealNVP baseline runs through the same runner', async () => {
    const { events } = await collect({ ...TINY, model: 'realnvp', density: 'moons', steps: 20 });
    expect(artifacts(events, 'kinetic-grid')).toHaveLength(0);
    expect(artifacts(events, 'trajectories').at(-1)!.data).toMatchObject({ shape: [7, 5, 2] });
    expect(artifacts(events, 'weights')).toHaveLength(1);
  });

  it('a flow with the learned mixture base draws, tests and saves its base', async () => {
    const { events, result } = await collect({ ...TINY, density: 'moons', base: 'mixture', baseComponents: 3, steps: 20 });
    expect(Number.isFinite((result as Record<string, number>).final_test_nll)).toBe(true);
    const samples = artifacts(events, 'samples').at(-1)!.data;
    if (samples.kind !== 'f32') throw new Error('expected f32');
    expect(Array.from(samples.values).every(Number.isFinite)).toBe(true);
    const weights = artifacts(events, 'weights')[0].data;
    if (weights.kind !== 'json') throw new Error('expected json');
    const saved = weights.value as SavedFlowModel;
    expect(saved.weights.find((w) => w.name === 'base/means')?.shape).toEqual([3, 4]);
    expect(saved.config).toMatchObject({ base: 'mixture', baseComponents: 3 });
  });

  it('stops between steps when cancelled, without a final evaluation', async () => {
    const { events, result } = await collect({ ...TINY, steps: 1000, evalEvery: 0, artifactEvery: 0 }, 10);
    const last = events.filter((e) => e.type === 'metrics').at(-1) as Extract<RunnerEvent, { type: 'metrics' }>;
    expect(last.step).toBeLessThan(20);
    expect(artifacts(events, 'weights')).toHaveLength(0);
    expect((result as Record<string, number>).steps).toBeLessThan(20);
  });

  it('trains on a CSV point set, split into train and test, and reports CSV errors clearly', async () => {
    const rng = makeRng(3);
    const rows = Array.from({ length: 200 }, () => `${(10 + 3 * rng()).toFixed(4)},${(-5 + rng()).toFixed(4)}`);
    const { events } = await collect({ ...TINY, steps: 10, density: 'csv', csvText: `x,y\n${rows.join('\n')}\n` });
    const setup = artifacts(events, 'setup')[0].data;
    if (setup.kind !== 'json') throw new Error('expected json');
    expect(setup.value).toMatchObject({ trainSize: 160, testSize: 40, dim: 2 });
    expect((setup.value as { transform: { shift: number[] } }).transform.shift[0]).toBeCloseTo(11.5, 0);
    await expect(collect({ ...TINY, density: 'csv', csvText: 'x,y\n1,2\n3,oops\n' })).rejects.toThrow(/line 3: column 2: "oops" is not a number/);
  });
});
