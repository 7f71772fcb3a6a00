// Every job kind runs end to end (training steps, test evaluations, final evaluation, rollouts, samples,
// artifacts) with synchronous reads made to throw: WebGPU in Node cannot read synchronously (tfjs reads back
// through OffscreenCanvas, which Node lacks), so one stray dataSync would fail a GPU job at that line.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../main/engine/backends';
import { runnerFor } from '../../main/jobs';
import type { RunnerEvent } from '../../main/jobs/runner';
import { HNN_DEFAULTS } from '../../main/core/models/hnn/train';
import { makeRng } from '../../main/core/random';
import { FlowJobSchema, HgnJobSchema, PixelHnnJobSchema, type JobConfig } from '../../preload/contract';

const restore: Array<() => void> = [];

function forbid<T extends object>(target: T, name: keyof T & string): void {
  const original = target[name];
  (target as Record<string, unknown>)[name] = () => {
    throw new Error(`synchronous read (${name}) in a job: WebGPU in Node cannot do it`);
  };
  restore.push(() => ((target as Record<string, unknown>)[name] = original));
}

beforeAll(async () => {
  await initBackend('cpu');
  forbid(tf.Tensor.prototype, 'dataSync');
  forbid(tf.Tensor.prototype, 'arraySync');
  forbid(tf.Tensor.prototype, 'bufferSync');
  // What every synchronous tensor read goes through (the cpu backend's own async read() calls its readSync: allowed).
  forbid(tf.engine(), 'readSync');
});

afterAll(() => restore.forEach((r) => r()));

async function runToEnd(config: JobConfig): Promise<RunnerEvent[]> {
  const events: RunnerEvent[] = [];
  const run = runnerFor(config)(config, { cancelled: () => false, rng: makeRng(1) });
  for (;;) {
    const next = await run.next();
    if (next.done) return events;
    events.push(next.value);
  }
}

const tinyHgnModel = {
  imageSize: 16,
  encoderFrames: 2,
  rolloutFrames: 4,
  encoderFilters: [4, 4, 3],
  transformerFilters: [6, 4],
  hamiltonianFilters: [4, 4, 4, 4],
  decoderFilters: [4, 4],
  batchSize: 2,
  curriculumStartFrames: 2,
};

const hgn = (preset: 'paper' | 'laptop', integrator: string): JobConfig =>
  ({
    ...HgnJobSchema.parse({ kind: 'hgn' }),
    preset,
    model: { ...tinyHgnModel, integrator },
    data: { system: 'pendulum', train: 4, test: 2, seed: 3 },
    steps: 2,
    metricsEvery: 1,
    evalEvery: 2,
    evalSequences: 2,
    checkpointEvery: 1,
    driftSteps: 3,
    rolloutSequences: 2,
    rolloutSteps: 3,
    sampleCount: 2,
  }) as JobConfig;

const JOBS: Record<string, JobConfig> = {
  'HGN, laptop (separable H, leapfrog)': hgn('laptop', 'leapfrog'),
  'HGN, paper (general H, stochastic, GECO, rk4)': hgn('paper', 'rk4'),
  PixelHNN: {
    ...PixelHnnJobSchema.parse({ kind: 'pixel-hnn' }),
    model: { aeHidden: 8, hnnHidden: 8, batchSize: 2 },
    data: { system: 'pendulum', train: 4, test: 2, seed: 3, steps: 8, size: 16 },
    steps: 2,
    metricsEvery: 1,
    evalEvery: 2,
    evalSequences: 2,
    anchor: 2,
    frames: 4,
    driftSteps: 3,
    rolloutSequences: 2,
    rolloutSteps: 3,
  } as JobConfig,
  HNN: { kind: 'hnn', ...HNN_DEFAULTS, hidden: 8, steps: 3, evalEvery: 1, rolloutTime: 0.5, trainTrajectories: 2, testTrajectories: 2 } as JobConfig,
  'Hamiltonian flow (SO(2) constraint, learned step sizes)': {
    ...FlowJobSchema.parse({ kind: 'flow' }),
    model: 'hamiltonian',
    density: 'rotsym',
    constraint: 'so2',
    learnDt: true,
    hidden: 8,
    batchSize: 16,
    steps: 3,
    metricsEvery: 1,
    evalEvery: 3,
    evalK: 2,
    evalPoints: 16,
    finalK: 2,
    testSize: 16,
    artifactEvery: 3,
    gridSize: 4,
    gridK: 1,
    sampleCount: 8,
    trajectoryCount: 2,
  } as JobConfig,
};
JOBS.RealNVP = { ...(JOBS['Hamiltonian flow (SO(2) constraint, learned step sizes)'] as Extract<JobConfig, { kind: 'flow' }>), model: 'realnvp', constraint: 'none', learnDt: false };

describe('no synchronous reads in any job', () => {
  it('reading synchronously really throws here (the guard works)', () => {
    const t = tf.scalar(1);
    expect(() => t.dataSync()).toThrow(/synchronous read/);
    t.dispose();
  });

  it.each(Object.keys(JOBS))('%s runs to the end', async (name) => {
    const events = await runToEnd(JOBS[name]);
    expect(events.some((e) => e.type === 'metrics')).toBe(true);
    // The HNN job reports numbers only; every other kind ships weights, rollouts or samples.
    if (JOBS[name].kind !== 'hnn') expect(events.some((e) => e.type === 'artifact')).toBe(true);
  });
});
