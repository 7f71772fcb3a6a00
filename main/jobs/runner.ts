// What a job runner is: an async generator of events, driven by the worker, with no I/O of its own.
import type { Rng } from '../core/random';
import type { Rollback } from '../core/training/loop';
import type { ArtifactData, MarkKind } from '../../preload/contract';

/** Metrics are flat name -> number maps: one row of a loss curve. */
export type MetricValues = Record<string, number>;

export type RunnerEvent =
  | { type: 'progress'; step: number; total: number; message?: string }
  | { type: 'metrics'; step: number; values: MetricValues }
  | { type: 'log'; level: 'info' | 'warn'; message: string }
  /** Something worth marking on the curve: checkpoint, NaN rollback, lr change. */
  | { type: 'event'; step: number; kind: MarkKind; message: string }
  /** A named binary or JSON result the job produces (weights, rollouts, datasets). */
  /** `internal`: for main only (e.g. a dataset's bytes on their way to the cache), never sent to the renderer. */
  | { type: 'artifact'; name: string; data: ArtifactData; internal?: boolean };

export type { ArtifactData };

export interface RunContext {
  /** Set by the worker when the user cancels; runners check it between steps. */
  readonly cancelled: () => boolean;
  /** Seeded from the job id; runners that need their own streams derive them from their config's seed. */
  rng: Rng;
}

export type Runner<C> = (config: C, ctx: RunContext) => AsyncGenerator<RunnerEvent, MetricValues | void>;

/** The marks a rollback of the divergence policy leaves on the curve: where it failed, and the lowered rate. */
export function* rollbackMarks(r: Rollback): Generator<RunnerEvent> {
  yield { type: 'event', step: r.step, kind: 'nan-rollback', message: r.message };
  yield { type: 'event', step: r.restoredStep, kind: 'lr-change', message: `learning rate ${r.learningRate.toExponential(2)}` };
}
