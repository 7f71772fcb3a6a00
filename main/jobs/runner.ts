// What a job runner is: an async generator of events, driven by the worker, with no I/O of its own.
import type { Rng } from '../core/random';
import type { Rollback } from '../core/training/loop';
import type { ArtifactData, ArtifactName, MarkKind, MetricValues, Metrics } from '../../preload/contract';

/** Metrics are flat name -> number maps (their names and directions: preload/results.ts): one row of a curve. */
export type { MetricValues, Metrics };

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

/** A row of metrics under the contract's names (a name it does not know fails to compile). */
export function row(values: Metrics): MetricValues {
  return Object.fromEntries(Object.entries(values).filter((e): e is [string, number] => e[1] !== undefined));
}

/** An artifact under the contract's names. */
export function artifact(name: ArtifactName, data: ArtifactData, internal?: boolean): RunnerEvent {
  return internal ? { type: 'artifact', name, data, internal } : { type: 'artifact', name, data };
}

/** A line for the job's log. */
export function log(message: string, level: 'info' | 'warn' = 'info'): RunnerEvent {
  return { type: 'log', level, message };
}
