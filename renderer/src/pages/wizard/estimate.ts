// The review step's estimate: the chosen job cut down to a few real steps (tiny data, no evaluation or
// artifacts), the time per step read back from what the probe reported, and the whole run's time from the one
// run-time model the Runs page's "time left" uses (preload/eta.ts): an HGN's steps cost more as its rollout
// curriculum lengthens them, so its probe trains at several rollout lengths, up to the full one.
import { measuredRunSeconds, type JobConfig, type JobInfo, type MetricRow } from '../../../../preload/contract';

export const PROBE_STEPS = 4;
/**
 * An HGN probe: one warm-up step, rollout lengths from 2 frames up to the full length over HGN_PROBE_RAMP steps,
 * then full-length steps until HGN_PROBE_STEPS or HGN_PROBE_SECONDS: many steps, so that a machine busy with
 * other work for a moment (one step three times slower) moves the robust fit little.
 */
export const HGN_PROBE_STEPS = 40;
export const HGN_PROBE_RAMP = 8;
export const HGN_PROBE_SECONDS = 15;

/** The same model and batch on the same backend, doing only a few training steps. */
export function probeConfig(c: JobConfig): JobConfig {
  switch (c.kind) {
    case 'hgn': {
      const batch = Number(c.model.batchSize ?? 16);
      // A linear curriculum over the probe: each step trains a longer rollout, the last ones the full length.
      const model = { ...c.model, curriculum: 'linear' as const, curriculumStartFrames: 2, curriculumSteps: HGN_PROBE_RAMP };
      return {
        ...c, model, steps: HGN_PROBE_STEPS, maxSeconds: HGN_PROBE_SECONDS, metricsEvery: 1, evalEvery: 0, checkpointEvery: 0, finalEvalSequences: 1, rolloutSequences: 1,
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

/** What Measure reports: ms per step (at the start and at full rollout length for an HGN) and the whole run. */
export interface Estimate {
  stepMs: number;
  /** An HGN's step at its curriculum's first length and at full length. */
  startMs: number | null;
  fullMs: number | null;
  seconds: number;
}

/** The estimate from a finished probe of `config`: its steps' times (the first, which compiles kernels, left out). */
export function estimateFrom(config: JobConfig, rows: MetricRow[], info: JobInfo): Estimate | null {
  const timed = rows.filter((r) => Number.isFinite(r.values.step_ms)).slice(1);
  const probe = timed.length
    ? timed.map((r) => ({ frames: r.values.rollout_frames ?? 0, ms: r.values.step_ms }))
    : [{ frames: 0, ms: stepMsOf(rows, info) }];
  const m = measuredRunSeconds(config, probe);
  if (!m) return null;
  const hgn = config.kind === 'hgn';
  return { stepMs: hgn ? m.msPerStepFull : probe.reduce((a, p) => a + p.ms, 0) / probe.length, startMs: hgn ? m.msPerStepStart : null, fullMs: hgn ? m.msPerStepFull : null, seconds: m.seconds };
}

/** "12 min", "40 s", "1.5 h". */
export function secondsText(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  return seconds > 5400 ? `${(seconds / 3600).toFixed(1)} h` : `${Math.round(seconds / 60)} min`;
}

/** A schedule's wall time at a fixed time per step (the time budget caps it), as secondsText writes it. */
export function durationText(steps: number, maxSeconds: number, stepMs: number): string {
  const bySteps = (steps * stepMs) / 1000;
  return secondsText(maxSeconds > 0 ? Math.min(bySteps, maxSeconds) : bySteps);
}
