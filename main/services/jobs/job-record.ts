// Everything the main process keeps about one job: its public info and its history, so a renderer that
// connects late (or reloads) sees the whole curve.
import type { ArtifactData, Events, JobInfo, MetricRow } from '../../../preload/contract';
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
}

export function etaSeconds(info: JobInfo): number | null {
  if (info.stepsPerSec <= 0 || info.total <= 0) return null;
  return Math.max(0, (info.total - info.step) / info.stepsPerSec);
}
