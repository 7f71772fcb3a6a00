// The canonical-transformation runners (main/jobs/canonical.ts): config checks in words, the metrics and views the
// app draws, the saved model (schema, reload, the same map from it), the map job, cancellation.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../main/engine/backends';
import { makeRng } from '../../main/core/random';
import { transformStates } from '../../main/core/models/canonical';
import { canonicalDataSpec, loadCanonicalModel, runCanonical, runCanonicalMap } from '../../main/jobs/canonical';
import type { RunnerEvent } from '../../main/jobs/runner';
import {
  CanonicalJobSchema,
  CanonicalMapJobSchema,
  JobConfigSchema,
  SavedCanonicalModelSchema,
  type CanonicalActionsInfo,
  type CanonicalJobConfig,
  type CanonicalMapInfo,
  type SavedCanonicalModel,
} from '../../preload/contract';

beforeAll(async () => {
  await initBackend('wasm');
});

const TINY: Partial<CanonicalJobConfig> = {
  system: 'kepler', train: 16, validation: 4, test: 6, points: 16, blocks: 1, hidden: 8, steps: 20, evalEvery: 10, metricsEvery: 5,
  batchTrajectories: 8, evalTrajectories: 4, viewTrajectories: 2, symplecticPoints: 8, mapFrames: 12,
};

async function collect<C>(run: (c: C, ctx: { cancelled: () => boolean; rng: () => number }) => AsyncGenerator<RunnerEvent, unknown>, config: C, cancelAfter = Infinity) {
  const events: RunnerEvent[] = [];
  let step = 0;
  const gen = run(config, { cancelled: () => step >= cancelAfter, rng: makeRng(1) });
  for (;;) {
    const r = await gen.next();
    if (r.done) return { events, result: r.value as Record<string, number> | undefined };
    events.push(r.value);
    if (r.value.type === 'metrics') step = r.value.step;
  }
}
const train = (c: Partial<CanonicalJobConfig>, cancelAfter?: number) => collect(runCanonical, CanonicalJobSchema.parse({ kind: 'canonical', ...c }), cancelAfter);
const artifacts = (events: RunnerEvent[], name: string) => events.filter((e): e is Extract<RunnerEvent, { type: 'artifact' }> => e.type === 'artifact' && e.name === name);
const json = <T>(events: RunnerEvent[], name: string) => {
  const a = artifacts(events, name).at(-1)!.data;
  return (a.kind === 'json' ? a.value : null) as T;
};

describe('canonical runner', () => {
  it('its config is the contract\'s; the system fills the data fields left out, and bad ranges are refused in words', async () => {
    expect(CanonicalJobSchema.safeParse({ kind: 'canonical' }).success).toBe(true);
    expect(CanonicalJobSchema.safeParse({ kind: 'canonical', system: 'three-body' }).error?.issues[0].path).toEqual(['system']);
    expect(CanonicalJobSchema.safeParse({ kind: 'canonical', blocks: 0 }).error?.issues[0].path).toEqual(['blocks']);
    const spec = canonicalDataSpec(CanonicalJobSchema.parse({ kind: 'canonical', system: 'kepler', energyMax: -0.5 }));
    expect(spec).toMatchObject({ points: 90, dt: 0.1, energy: [-0.714, -0.5], eccentricity: [0, 0.6], sense: 'prograde' });
    expect(canonicalDataSpec(CanonicalJobSchema.parse({ kind: 'canonical', system: 'mass-spring' })).params).toEqual({ m: 1, k: 4 });
    await expect(train({ ...TINY, energyMin: -0.3, energyMax: -0.5 })).rejects.toThrow(/energy range needs its minimum below its maximum/);
    await expect(train({ ...TINY, energyMin: -0.3, energyMax: 0.2 })).rejects.toThrow(/bound only at negative energy/);
    await expect(train({ ...TINY, system: 'pendulum', energyMin: 0.1, energyMax: 3.5 })).rejects.toThrow(/libration/);
  });

  it('streams the loss, validation checks and the views from step 0, then the test evaluation, the map and the saved model', async () => {
    const { events, result } = await train(TINY);
    const rows = events.filter((e): e is Extract<RunnerEvent, { type: 'metrics' }> => e.type === 'metrics');
    expect(rows.filter((r) => 'train_loss' in r.values).map((r) => r.step)).toEqual([5, 10, 15, 20]);
    expect(rows.filter((r) => 'validation_radius_spread' in r.values).map((r) => r.step)).toEqual([0, 10]);
    expect(artifacts(events, 'canonical-setup')).toHaveLength(1);
    expect(artifacts(events, 'canonical-latent')).toHaveLength(3);
    const latent = artifacts(events, 'canonical-latent').at(-1)!.data;
    expect(latent.kind === 'f32' && latent.shape).toEqual([2, 16, 4]);
    const actions = json<CanonicalActionsInfo>(events, 'canonical-actions');
    expect(actions).toMatchObject({ set: 'test', dof: 2, count: 6 });
    expect(actions.quantities.map((q) => q.name)).toEqual(['energy', 'angular_momentum', 'lrl']);
    expect(actions.quantities[0].truth).toHaveLength(6);
    expect(actions.symplecticDefect).toBeLessThan(1e-3);
    const map = json<CanonicalMapInfo>(events, 'canonical-map');
    expect(map).toMatchObject({ frames: 12, dof: 2, rates: 'learned-K', coordinates: ['x', 'y', 'px', 'py'] });
    expect(map.truth).toHaveLength(12);
    expect(map.mapped[0]).toHaveLength(4);
    // The map starts where the truth does (T^-1 T = identity to float32 round-off).
    map.mapped[0].forEach((x, i) => expect(x).toBeCloseTo(map.truth[0][i], 4));
    expect(result).toMatchObject({ steps: 20, rollbacks: 0 });
    for (const k of ['test_loss', 'test_radius_spread', 'identity_radius_spread', 'symplectic_defect', 'radii_r2', 'aa_rel_error', 'action_corr_energy', 'action_corr_lrl']) {
      expect(Number.isFinite(result![k]), k).toBe(true);
    }

    // The saved model: the contract's schema, and the same map once reloaded (in a map job too).
    const saved = SavedCanonicalModelSchema.parse(json<SavedCanonicalModel>(events, 'weights'));
    expect(saved).toMatchObject({ system: 'kepler', step: 20, points: 16, dt: 0.1 });
    const { model } = loadCanonicalModel(saved);
    const x0 = map.state;
    const z = await transformStates(model, x0, 1);
    model.dispose();
    expect(Array.from(z).every(Number.isFinite)).toBe(true);
    const job = CanonicalMapJobSchema.parse({ kind: 'canonical-map', model: saved, state: x0, frames: 12 });
    expect(JobConfigSchema.safeParse(job).success).toBe(true);
    const again = await collect(runCanonicalMap, job);
    const m2 = json<CanonicalMapInfo>(again.events, 'canonical-map');
    expect(m2.relError).toBeCloseTo(map.relError, 6);
    expect(again.result).toEqual({ aa_rel_error: m2.relError });
  });

  it('a map job refuses a state of the wrong size, and a saved model with a missing array', async () => {
    const { events } = await train({ ...TINY, steps: 2, evalEvery: 0 });
    const saved = json<SavedCanonicalModel>(events, 'weights');
    await expect(collect(runCanonicalMap, CanonicalMapJobSchema.parse({ kind: 'canonical-map', model: saved, state: [1, 0, 0] }))).rejects.toThrow(/4-dimensional states/);
    const broken = { ...saved, weights: saved.weights.slice(1) };
    await expect(collect(runCanonicalMap, CanonicalMapJobSchema.parse({ kind: 'canonical-map', model: broken, state: [1, 0, 0, 1] }))).rejects.toThrow(/has no array|no running mean/);
    expect(SavedCanonicalModelSchema.safeParse({ ...saved, model: { ...saved.model, dof: 0 } }).success).toBe(false);
  });

  it('stops when cancelled, with no final evaluation, and leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    const { events, result } = await train({ ...TINY, steps: 200 }, 10);
    // The flag is read at the next update (11) at the latest.
    expect(Object.keys(result!)).toEqual(['steps']);
    expect(result!.steps).toBeGreaterThanOrEqual(10);
    expect(result!.steps).toBeLessThanOrEqual(11);
    expect(artifacts(events, 'weights')).toHaveLength(0);
    expect(tf.memory().numTensors).toBe(before);
  });
});
