// The review step's estimate: the chosen job cut down to a few real steps (tiny data, no evaluation or
// artifacts), and the time per step read back from what the probe reported.
import type { JobConfig, JobInfo, MetricRow } from '../../../../preload/contract';

export const PROBE_STEPS = 4;

/** The same model and batch on the same backend, doing only PROBE_STEPS training steps. */
export function probeConfig(c: JobConfig): JobConfig {
  switch (c.kind) {
    case 'hgn': {
      const batch = Number(c.model.batchSize ?? 16);
      return {
        ...c, steps: PROBE_STEPS, maxSeconds: 0, metricsEvery: 1, evalEvery: 0, checkpointEvery: 0, finalEvalSequences: 1, rolloutSequences: 1,
        rolloutSteps: 1, sampleCount: 0, driftSteps: 1, data: { ...c.data, train: Math.max(batch, 8), test: 1 },
      };
    }
    case 'pixel-hnn': {
      const batch = Number(c.model.batchSize ?? 64);
      return { ...c, steps: PROBE_STEPS, maxSeconds: 0, metricsEvery: 1, evalEvery: 0, rolloutSequences: 1, rolloutSteps: 1, driftSteps: 1, data: { ...c.data, train: Math.max(Math.ceil(batch / 8), 8), test: 1 } };
    }
    case 'hnn':
      return { ...c, steps: PROBE_STEPS, evalEvery: PROBE_STEPS, testTrajectories: 1, rolloutTime: 1 };
    case 'flow':
      return { ...c, steps: PROBE_STEPS, maxSeconds: 0, metricsEvery: 1, evalEvery: 0, artifactEvery: 0, testSize: 16, evalPoints: 16, finalK: 1, sampleCount: 0, trajectoryCount: 0, gridSize: 4, gridK: 1 };
    case 'canonical':
      // A batch of training trajectories, one of each held-out set: the final evaluation and map stay small.
      return { ...c, steps: PROBE_STEPS, maxSeconds: 0, metricsEvery: 1, evalEvery: 0, train: c.batchTrajectories, validation: 1, test: 1, evalTrajectories: 1, viewTrajectories: 1, symplecticPoints: 1, mapFrames: 2 };
    case 'dataset':
    case 'canonical-map':
      return c;
  }
}

/**
 * ms per training step: the steps' own timing when the job reports it (the first, which compiles kernels, left
 * out), else the job's measured rate, else its wall time over the steps (an upper bound: includes setup).
 */
export function stepMsOf(rows: MetricRow[], info: JobInfo): number {
  const ms = rows.map((r) => r.values.step_ms).filter(Number.isFinite).slice(1);
  if (ms.length) return ms.reduce((a, b) => a + b, 0) / ms.length;
  if (info.stepsPerSec > 0) return 1000 / info.stepsPerSec;
  return info.startedAt && info.endedAt ? (info.endedAt - info.startedAt) / Math.max(1, info.step) : NaN;
}

/** "about 12 min": the schedule's wall time at that speed (the time budget caps it). */
export function durationText(steps: number, maxSeconds: number, stepMs: number): string {
  const bySteps = (steps * stepMs) / 1000;
  const seconds = maxSeconds > 0 ? Math.min(bySteps, maxSeconds) : bySteps;
  if (seconds < 90) return `${Math.round(seconds)} s`;
  return seconds > 5400 ? `${(seconds / 3600).toFixed(1)} h` : `${Math.round(seconds / 60)} min`;
}
