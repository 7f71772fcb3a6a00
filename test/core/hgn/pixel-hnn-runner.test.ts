// The worker runner of PixelHNN jobs (main/workers/runners/pixel-hnn.ts), through the job system's adapter, end
// to end on a tiny model and dataset: metrics, final evaluation, and the rollout artifacts the Runs page shows.
import { beforeAll, describe, expect, it } from 'vitest';
import { pixelHnnSetup } from '../../../main/jobs/pixel-hnn';
import { runnerFor } from '../../../main/jobs';
import type { RunnerEvent } from '../../../main/jobs/runner';
import type { ArtifactData, PixelHnnJobConfig } from '../../../preload/contract';
import { JobConfigSchema, PixelHnnJobSchema } from '../../../preload/contract';
import { makeRng } from '../../../main/core/random';
import { initTestBackend } from './backend';
import { unpackArrays } from '../../../main/core/training/pack';

beforeAll(async () => {
  await initTestBackend();
});

const job: PixelHnnJobConfig = {
  ...PixelHnnJobSchema.parse({ kind: 'pixel-hnn' }),
  model: { aeHidden: 16, hnnHidden: 16, batchSize: 4 },
  data: { system: 'pendulum', train: 8, test: 4, seed: 3, steps: 8, size: 16 },
  steps: 4,
  metricsEvery: 2,
  evalEvery: 2,
  evalSequences: 2,
  anchor: 2,
  frames: 5,
  driftSteps: 6,
  rolloutSequences: 2,
  rolloutSteps: 7,
};

async function collect(config: PixelHnnJobConfig) {
  const events: RunnerEvent[] = [];
  const run = runnerFor(config)(config, { cancelled: () => false, rng: makeRng(1) });
  for (;;) {
    const next = await run.next();
    if (next.done) return { events, result: next.value };
    events.push(next.value);
  }
}

const f32 = (a: ArtifactData | undefined) => {
  if (!a || a.kind !== 'f32') throw new Error('expected an f32 artifact');
  return a;
};

describe('PixelHNN runner', () => {
  it('is a valid job config as the contract sees it, defaults included', () => {
    expect(JobConfigSchema.safeParse(job).error).toBeUndefined();
    expect(JobConfigSchema.safeParse(PixelHnnJobSchema.parse({ kind: 'pixel-hnn' })).error).toBeUndefined();
  });

  it('rejects jobs it cannot run with a clear message', () => {
    // Field names and types are the schema's to refuse; how the fields fit together is the runner's.
    const parsed = (j: object) => PixelHnnJobSchema.safeParse({ kind: 'pixel-hnn', ...j });
    expect(parsed({ model: { nonsense: 1 }, data: { system: 'pendulum' } }).error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['nonsense'], path: ['model'] });
    expect(parsed({ model: { aeHidden: 'x' }, data: { system: 'pendulum' } }).error?.issues[0]).toMatchObject({ path: ['model', 'aeHidden'], expected: 'number' });
    const setup = (j: object) => pixelHnnSetup(PixelHnnJobSchema.parse({ kind: 'pixel-hnn', ...j }));
    expect(() => setup({ model: { imageSize: 32 }, data: { system: 'pendulum', size: 16 } })).toThrow(/do not match the model's imageSize/);
    expect(() => setup({ anchor: 0, data: { system: 'pendulum' } })).toThrow(/anchor >= 1/);
    expect(() => setup({ anchor: 8, data: { system: 'pendulum', steps: 8 } })).toThrow(/past the dataset/);
    // The model's image size follows the dataset's when it is not set.
    expect(setup({ data: { system: 'pendulum', size: 16 } }).model.imageSize).toBe(16);
  });

  it('trains, evaluates and ships rollouts under the names the rollout viewer reads', async () => {
    const { events, result } = await collect(job);
    const train = events.flatMap((e) => (e.type === 'metrics' && 'ae' in e.values ? [e] : []));
    expect(train.map((e) => e.step)).toEqual([2, 4]);
    for (const e of train) {
      for (const k of ['ae', 'hnn', 'cc', 'total', 'grad_norm']) expect(Number.isFinite(e.values[k]), k).toBe(true);
    }
    const tests = events.flatMap((e) => (e.type === 'metrics' && 'test_mse_e4' in e.values ? [e.step] : []));
    expect(tests).toEqual([2, 4]);

    expect(result).toBeTruthy();
    for (const k of ['final_test_mse_e4', 'final_vpt', 'final_vpt_relative', 'final_h_drift', 'final_h_drift_spread', 'mean_frame_mse_e4']) {
      expect(Number.isFinite(result![k]), k).toBe(true);
    }
    expect(result!.steps).toBe(4);
    expect(result!.final_test_mse_e4).toBeGreaterThan(0);
    // SyMetric of the final model on the test split (an untrained latent: any score, but every part reported).
    expect([0, 1]).toContain(result!.final_symetric);
    expect(result!.final_symetric_rsq).toBeLessThanOrEqual(1);
    expect(result!.final_symetric_sym).toBeGreaterThanOrEqual(0);
    expect(result!.final_symetric_order).toBeGreaterThanOrEqual(1);

    const artifacts = new Map(events.flatMap((e) => (e.type === 'artifact' ? [[e.name, e.data] as const] : [])));
    // The trained weights, packed: every parameter of the model, with the config to rebuild it.
    const w = artifacts.get('weights');
    expect(w?.kind).toBe('u8');
    const pack = unpackArrays<{ format: string; step: number; config: { latentDim: number } }>((w as { values: Uint8Array }).values);
    expect(pack.meta).toMatchObject({ format: 'pixel-hnn-weights', step: 4 });
    expect(Object.keys(pack.groups.params).sort()).toEqual(expect.arrayContaining(['encoder.0.w', 'decoder.3.b', 'hnn.2.w']));
    const img = [16, 16, 3];
    const frames = f32(artifacts.get('rollout-frames'));
    expect(frames.shape).toEqual([2, 8, ...img]);
    expect(frames.values).toHaveLength(2 * 8 * 16 * 16 * 3);
    expect(frames.values.every((v) => v >= 0 && v <= 1)).toBe(true);
    for (const name of ['rollout-backward-frames', 'rollout-x2-frames', 'rollout-x0.5-frames']) {
      expect(f32(artifacts.get(name)).shape, name).toEqual([2, 8, ...img]);
    }
    // Ground truth from the anchor frame: frames 2..7 of 8.
    expect(f32(artifacts.get('rollout-bodies')).shape).toEqual([2, 8, 1, 2]);
    expect(f32(artifacts.get('rollout-true-bodies')).shape).toEqual([2, 6, 1, 2]);
    const truth = f32(artifacts.get('rollout-ground-truth'));
    expect(truth.shape).toEqual([2, 6, ...img]);
    expect(truth.values).toHaveLength(2 * 6 * 16 * 16 * 3);
    expect(f32(artifacts.get('rollout-q')).shape).toEqual([2, 8, 1]);
    expect(f32(artifacts.get('rollout-p')).shape).toEqual([2, 8, 1]);
    const energy = f32(artifacts.get('rollout-energy'));
    expect(energy.shape).toEqual([2, 8]);
    expect(energy.values.every(Number.isFinite)).toBe(true);

    const perStep = artifacts.get('eval-per-step-mse');
    expect(perStep?.kind === 'f64' && perStep.shape).toEqual([5]);
    const drift = artifacts.get('eval-h-drift');
    expect(drift?.kind === 'f64' && drift.shape).toEqual([7]);
    const evaluation = artifacts.get('evaluation');
    expect(evaluation?.kind === 'json' && evaluation.value).toMatchObject({ sequences: 4, frames: 5, anchor: 2 });
  });
});
