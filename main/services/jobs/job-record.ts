// Everything the main process keeps about one job: its public info and its history, so a renderer that
// connects late (or reloads) sees the whole curve.
import { RunClock, type ArtifactData, type Events, type JobInfo, type MetricRow } from '../../../preload/contract';
import type { Lane } from './scheduler';
import type { WorkerLike } from './worker-factory';

export interface JobRecord {
  info: JobInfo;
  lane: Lane;
  metrics: MetricRow[];
  marks: Array<Events['jobs:mark']>;
  logs: Array<Events['jobs:log']>;
  artifacts: Map<string, ArtifactData>;
  worker: WorkerLike | null;
  /** Set when a cancel was asked of a running job: the worker gets this long to stop by itself. */
  cancelTimer: NodeJS.Timeout | null;
  finishWaiters: Array<(info: JobInfo) => void>;
  /** Its time left (preload/eta.ts): made at its first progress. */
  clock?: RunClock;
  /** When it was paused (ms), while it is. */
  pausedAt?: number | null;
}

const clockOf = (rec: JobRecord): RunClock => (rec.clock ??= new RunClock(rec.info.config));

/**
 * Seconds left after a progress message: its remaining steps at the cost per step measured so far, each step's
 * cost following the rollout frames it will train (an HGN's curriculum), capped by its time budget, plus its final
 * evaluation (preload/eta.ts). Null until it can be told.
 */
export function etaSeconds(rec: JobRecord, now = Date.now()): number | null {
  const clock = clockOf(rec);
  clock.progress(rec.info.step, rec.info.total, now);
  return clock.eta(now, rec.info.stepsPerSec);
}

/** Metric rows: the rollout frames they report feed the projection of later steps' cost. */
export function noteRows(rec: JobRecord, rows: readonly MetricRow[]): void {
  for (const r of rows) if (r.values.rollout_frames !== undefined) clockOf(rec).framesAt(r.step, r.values.rollout_frames);
}

/** Paused time is not training time (but a time budget runs on, as the runner's does). */
export function notePause(rec: JobRecord, paused: boolean, now = Date.now()): void {
  if (paused) rec.pausedAt = now;
  else if (rec.pausedAt) {
    clockOf(rec).paused(now - rec.pausedAt);
    rec.pausedAt = null;
  }
}
