// Every metric and artifact a runner reports is named in the contract (preload/results.ts), with each metric's
// direction: tiny jobs of every training kind run to the end and nothing they report is unknown.
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../main/engine/backends';
import { runnerFor } from '../../main/jobs';
import type { RunnerEvent } from '../../main/jobs/runner';
import { makeRng } from '../../main/core/random';
import { ARTIFACT_NAMES, bestOf, CanonicalJobSchema, FlowJobSchema, HgnJobSchema, HnnJobSchema, metricInfo, PixelHnnJobSchema, type JobConfig } from '../../preload/contract';

beforeAll(async () => {
  await initBackend('cpu');
});

const tiny = { train: 4, test: 2, seed: 3 };
const JOBS: JobConfig[] = [
  HnnJobSchema.parse({ kind: 'hnn', hidden: 8, steps: 3, evalEvery: 1, rolloutTime: 0.5, trainTrajectories: 2, testTrajectories: 2 }),
  FlowJobSchema.parse({ kind: 'flow', density: 'rotsym', constraint: 'so2', hidden: 8, batchSize: 16, steps: 3, metricsEvery: 1, evalEvery: 3, evalK: 2, evalPoints: 16, trainSize: 32, testSize: 16, finalK: 2, artifactEvery: 3, gridSize: 4, gridK: 1, sampleCount: 4, trajectoryCount: 2 }),
  PixelHnnJobSchema.parse({ kind: 'pixel-hnn', model: { aeHidden: 8, hnnHidden: 8, batchSize: 2 }, data: { system: 'pendulum', ...tiny, steps: 8, size: 16 }, steps: 2, metricsEvery: 1, evalEvery: 2, evalSequences: 2, anchor: 2, frames: 4, driftSteps: 3, rolloutSequences: 2, rolloutSteps: 3 }),
  HgnJobSchema.parse({
    kind: 'hgn',
    model: { imageSize: 16, encoderFrames: 2, rolloutFrames: 4, encoderFilters: [4, 4, 3], transformerFilters: [6, 4], hamiltonianFilters: [4, 4, 4, 4], decoderFilters: [4, 4], batchSize: 2, curriculumStartFrames: 2 },
    data: { system: 'pendulum', ...tiny },
    steps: 2, metricsEvery: 1, evalEvery: 2, evalSequences: 2, checkpointEvery: 1, driftSteps: 3, rolloutSequences: 2, rolloutSteps: 3, sampleCount: 2,
  }),
  CanonicalJobSchema.parse({ kind: 'canonical', system: 'fput', train: 4, validation: 2, test: 2, points: 6, blocks: 1, hidden: 4, steps: 2, metricsEvery: 1, evalEvery: 1, batchTrajectories: 2, viewTrajectories: 1, symplecticPoints: 2, mapFrames: 4 }),
];

async function reported(config: JobConfig): Promise<{ metrics: Set<string>; artifacts: Set<string> }> {
  const metrics = new Set<string>();
  const artifacts = new Set<string>();
  const run = runnerFor(config)(config, { cancelled: () => false, rng: makeRng(1) });
  for (;;) {
    const next = await run.next();
    const ev: RunnerEvent | Record<string, number> | void = next.value;
    if (next.done) {
      Object.keys(ev ?? {}).forEach((k) => metrics.add(k));
      return { metrics, artifacts };
    }
    const e = ev as RunnerEvent;
    if (e.type === 'metrics') Object.keys(e.values).forEach((k) => metrics.add(k));
    if (e.type === 'artifact') artifacts.add(e.name);
  }
}

describe('metric and artifact names', () => {
  it.each(JOBS.map((j) => [j.kind, j] as const))('a %s job reports only names the contract knows', async (_kind, job) => {
    const { metrics, artifacts } = await reported(job);
    expect(metrics.size).toBeGreaterThanOrEqual(3);
    for (const m of metrics) expect(metricInfo(m), m).toBeDefined();
    for (const a of artifacts) expect(ARTIFACT_NAMES as readonly string[], a).toContain(a);
  });

  it('"best" follows each metric\'s direction', () => {
    expect(bestOf('test_mse_e4', [3, 1, 2])).toBe(1);
    expect(bestOf('test_iwae', [-3, -1, -2])).toBe(-1);
    expect(bestOf('constraint_so2', [0.3, 0.1, 0.2])).toBe(0.1);
    // Neither way is better: no best at all (a "best" learning rate or frame count means nothing).
    expect(bestOf('lr', [1, 2, 3])).toBeNull();
    expect(bestOf('rollout_frames', [6, 7, 8])).toBeNull();
  });
});
