// The worker runner of HGN jobs (main/workers/runners/hgn.ts) end to end on a tiny model and dataset.
import { beforeAll, describe, expect, it } from 'vitest';
import { runHgn, hgnSetup, type HgnJobInput } from '../../../main/jobs/hgn';
import { HgnJobSchema } from '../../../preload/contract';
import type { RunnerEvent } from '../../../main/jobs/runner';
import { decodeCheckpoint } from '../../../main/core/models/hgn';
import { makeRng } from '../../../main/core/random';
import { initTestBackend } from './backend';
import { generateDatasetSync } from '../../../main/core/data/generate';

beforeAll(async () => {
  await initTestBackend();
});

const job: HgnJobInput = {
  ...HgnJobSchema.parse({ kind: 'hgn' }),
  preset: 'laptop',
  model: {
    imageSize: 16,
    encoderFrames: 2,
    rolloutFrames: 4,
    encoderFilters: [4, 4, 3],
    transformerFilters: [6, 4],
    hamiltonianFilters: [4, 4, 4, 4],
    decoderFilters: [4, 4],
    batchSize: 4,
    curriculumStartFrames: 2,
  },
  data: { system: 'pendulum', train: 8, test: 4, seed: 3 },
  steps: 6,
  metricsEvery: 2,
  evalEvery: 3,
  evalSequences: 2,
  checkpointEvery: 3,
  driftSteps: 6,
  rolloutSequences: 2,
  rolloutSteps: 5,
  sampleCount: 2,
};

async function collect(input: HgnJobInput, cancelAfter = Infinity) {
  const events: RunnerEvent[] = [];
  let steps = 0;
  const run = runHgn(input, { cancelled: () => steps >= cancelAfter, rng: makeRng(1) });
  for (;;) {
    const next = await run.next();
    if (next.done) return { events, result: next.value };
    events.push(next.value);
    if (next.value.type === 'progress' && !next.value.message) steps = next.value.step;
  }
}

describe('HGN runner', () => {
  it('warns once, in the log, when the test error stays at the mean frame (a model that does not move: a learning rate of 1e-12)', async () => {
    const frozen = { ...job, model: { ...job.model, learningRate: 1e-12 }, steps: 12, evalEvery: 2, sampleCount: 0 };
    const warnings = (await collect(frozen)).events.flatMap((e) => (e.type === 'log' && e.level === 'warn' ? [e.message] : []));
    expect(warnings.filter((m) => m.includes('mean frame'))).toHaveLength(1);
    expect(warnings.find((m) => m.includes('mean frame'))).toMatch(/^step 6: the test error .* for 3 evaluations: the model draws the average frame/);
  });

  it('samples from a fitted latent density for the deterministic laptop recipe, from the prior for a KL-trained one, and ships real sequences beside them', async () => {
    const artifactsOf = async (input: HgnJobInput) => {
      const { events } = await collect(input);
      return {
        artifacts: new Map(events.flatMap((e) => (e.type === 'artifact' ? [[e.name, e.data] as const] : []))),
        logs: events.flatMap((e) => (e.type === 'log' ? [e.message] : [])),
      };
    };
    const laptop = await artifactsOf({ ...job, steps: 2, evalEvery: 0, checkpointEvery: 0 });
    const info = laptop.artifacts.get('samples-info');
    expect(info?.kind === 'json' && info.value).toEqual({ source: 'fitted', states: 8 });
    expect(laptop.logs.some((l) => /density fitted to 8 encoded training states/.test(l))).toBe(true);
    const frames = laptop.artifacts.get('samples-frames');
    const real = laptop.artifacts.get('samples-real-frames');
    expect(frames?.kind === 'f32' && frames.shape).toEqual([2, 6, 16, 16, 3]);
    // Real sequences of the same length (the dataset's 5 frames here: the model's window), from their first frame.
    expect(real?.kind === 'f32' && real.shape).toEqual([2, 5, 16, 16, 3]);
    if (frames?.kind === 'f32') expect(frames.values.every(Number.isFinite)).toBe(true);
    const kl = await artifactsOf({ ...job, steps: 2, evalEvery: 0, checkpointEvery: 0, model: { ...job.model, stochastic: true, beta: 1 } });
    const klInfo = kl.artifacts.get('samples-info');
    expect(klInfo?.kind === 'json' && klInfo.value).toEqual({ source: 'prior', states: 0 });
    const forced = await artifactsOf({ ...job, steps: 2, evalEvery: 0, checkpointEvery: 0, sampleFrom: 'prior' });
    const forcedInfo = forced.artifacts.get('samples-info');
    expect(forcedInfo?.kind === 'json' && forcedInfo.value).toEqual({ source: 'prior', states: 0 });
  });

  it('fills the dataset length and size from the model', () => {
    const setup = (data: object) => hgnSetup(HgnJobSchema.parse({ kind: 'hgn', preset: 'paper', data }));
    const { data, model } = setup({ system: 'pendulum' });
    expect(data.steps).toBe(34);
    expect(data.size).toBe(32);
    expect(model.encoderFrames).toBe(5);
    expect(() => setup({ system: 'pendulum', steps: 10 })).toThrow(/fewer than the model needs/);
  });

  it('trains, marks checkpoints, evaluates and ships rollouts as typed arrays', async () => {
    const { events, result } = await collect(job);
    const metricSteps = events.flatMap((e) => (e.type === 'metrics' && 'recon' in e.values ? [e.step] : []));
    expect(metricSteps).toEqual([2, 4, 6]);
    expect(events.some((e) => e.type === 'metrics' && 'test_mse_e4' in e.values)).toBe(true);
    expect(events.filter((e) => e.type === 'event' && e.kind === 'checkpoint').map((e) => (e.type === 'event' ? e.step : -1))).toEqual([3, 6]);
    const artifacts = new Map(events.flatMap((e) => (e.type === 'artifact' ? [[e.name, e.data] as const] : [])));
    for (const name of ['checkpoint', 'weights', 'evaluation', 'eval-per-step-mse', 'eval-h-drift', 'eval-vpt', 'rollout-frames', 'rollout-q', 'rollout-p', 'rollout-energy', 'rollout-backward-frames', 'rollout-ground-truth', 'samples-frames', 'samples-energy']) {
      expect(artifacts.has(name), name).toBe(true);
    }
    const frames = artifacts.get('rollout-frames')!;
    expect(frames.kind).toBe('f32');
    if (frames.kind === 'f32') {
      expect(frames.shape).toEqual([2, 6, 16, 16, 3]);
      expect(frames.values).toHaveLength(2 * 6 * 16 * 16 * 3);
    }
    // The bodies' paths for the 3D view: one pendulum bob, read from the 6 decoded frames and from the 4 true states.
    const bodies = artifacts.get('rollout-bodies')!;
    if (bodies.kind === 'f32') expect(bodies.shape).toEqual([2, 6, 1, 2]);
    const trueBodies = artifacts.get('rollout-true-bodies')!;
    if (trueBodies.kind === 'f32') expect(trueBodies.shape).toEqual([2, 4, 1, 2]);
    expect(bodies.kind === 'f32' && trueBodies.kind === 'f32').toBe(true);
    const gt = artifacts.get('rollout-ground-truth')!;
    if (gt.kind === 'f32') expect(gt.shape).toEqual([2, 4, 16, 16, 3]); // frames 1..4 of 5
    const perStep = artifacts.get('eval-per-step-mse')!;
    if (perStep.kind === 'f64') expect(perStep.shape).toEqual([4]);
    expect(result).toMatchObject({ steps: 6, rollbacks: 0 });
    expect(result && result.final_test_mse_e4).toBeGreaterThan(0);
    expect(result && result.mean_frame_mse_e4).toBeGreaterThan(0);    // SyMetric of the final model on the test split (an untrained latent: any score, but every part reported).
    expect([0, 1]).toContain(result!.final_symetric);
    expect(result!.final_symetric_rsq).toBeLessThanOrEqual(1);
    expect(result!.final_symetric_sym).toBeGreaterThanOrEqual(0);
    expect(result!.final_symetric_order).toBeGreaterThanOrEqual(1);
  });

  it('a sampling that cannot be done leaves the trained run complete, with a warning saying why', async () => {
    // Every training sequence the same: the encoded states do not vary, so no density can be fitted to them.
    const dataset = generateDatasetSync(hgnSetup(job).data);
    const per = dataset.train.frames.length / dataset.train.count;
    for (let i = 1; i < dataset.train.count; i++) dataset.train.frames.copyWithin(i * per, 0, per);
    const { events, result } = await collect({ ...job, steps: 2, evalEvery: 0, checkpointEvery: 0, dataset });
    const warnings = events.flatMap((e) => (e.type === 'log' && e.level === 'warn' ? [e.message] : []));
    expect(warnings).toEqual([expect.stringMatching(/^No samples: the encoded states do not vary/)]);
    expect(result).toMatchObject({ steps: 2 });
    expect(events.some((e) => e.type === 'artifact' && e.name === 'weights')).toBe(true);
    expect(events.some((e) => e.type === 'artifact' && e.name === 'samples-frames')).toBe(false);
  });

  it('a cancelled job leaves a checkpoint that a new job resumes from', async () => {
    const first = await collect(job, 2);
    const ck = first.events.filter((e) => e.type === 'artifact' && e.name === 'checkpoint').pop();
    if (!ck || ck.type !== 'artifact' || ck.data.kind !== 'u8') throw new Error('no checkpoint artifact');
    expect(first.events.some((e) => e.type === 'artifact' && e.name === 'weights')).toBe(false);
    const saved = decodeCheckpoint(ck.data.values);
    expect(saved.step).toBe(2);
    const second = await collect({ ...job, resume: ck.data.values });
    expect(second.events.some((e) => e.type === 'log' && /^HGN \(the weights file's model, \d+ parameters\).*resumed at step 2/.test(e.message))).toBe(true);
    const steps = second.events.flatMap((e) => (e.type === 'metrics' && 'recon' in e.values ? [e.step] : []));
    expect(steps).toEqual([4, 6]);
    expect(second.result).toMatchObject({ steps: 6 });
  });
});
