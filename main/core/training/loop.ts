// The training-loop skeleton every model's loop runs on (HNN, PixelHNN, HGN, flows): attempt update after
// update, pass on what each reports, keep the last good state, and on a non-finite update apply the one
// divergence policy (nan-guard.ts): roll back, lower the learning rate, retry within a budget, then fail with a
// clear message. A model supplies only its update, its state and its events; no I/O here.
import { NanGuard } from './nan-guard';

/** What one attempted update reports: its events when it was applied, or that it was not (something non-finite). */
export type Attempt<E> = { finite: true; events: readonly E[] } | { finite: false; what: 'loss' | 'gradient' | 'loss or gradient' };

/** A rollback as the loop reports it: the failed update, the step restored, the lowered rate, in words. */
export interface Rollback {
  step: number;
  restoredStep: number;
  learningRate: number;
  message: string;
}

/** What a model's loop yields besides its own events: training metrics per update, and rollbacks. */
export type LoopEvent<M> = { type: 'metrics'; step: number; values: M } | ({ type: 'nan-rollback' } & Rollback);

export interface LoopSpec<S, E> {
  /** Updates already done (a resumed run starts later); updates are numbered from 1. */
  start: number;
  /** Updates to do in all; Infinity runs until the consumer stops iterating. */
  steps: number;
  guard: NanGuard<S>;
  /**
   * After a rollback, 'rewind' goes on from the restored step (its batches are new ones: HNN, PixelHNN, HGN);
   * 'skip' counts the failed update as done (flows, whose schedules follow the update count).
   */
  afterRollback: 'rewind' | 'skip';
  /**
   * Remember the state every this many good updates (0: only at the start, and when the model remembers one
   * itself, e.g. at checkpoints). The state is saved before the next update and kept once that update's numbers
   * come back finite: weights known to give finite values.
   */
  rememberEvery: number;
  /** Attempts update `step`; applies it only when every number it read back is finite. */
  attempt(step: number): Promise<Attempt<E>>;
  /** The state to come back to, as it is now. */
  save(): S | Promise<S>;
  /** Puts a remembered state back and multiplies the learning rate by `lrFactor`. */
  restore(state: S, lrFactor: number): void;
  /** Frees a state once a newer one replaces it (tensor snapshots). */
  release?(state: S): void;
  learningRate(): number;
  /** What the loop yields for a rollback. */
  rolledBack(r: Rollback): E;
  /** Further events after a good update (checkpoints, test metrics). */
  after?(step: number): AsyncIterable<E> | Iterable<E>;
}

/** Runs the updates from `start` to `steps`; returns the number of the last update done. */
export async function* trainingLoop<S, E>(spec: LoopSpec<S, E>): AsyncGenerator<E, number> {
  const { guard } = spec;
  const remember = async (step: number) => {
    const old = guard.remember(step, await spec.save());
    if (old !== undefined) spec.release?.(old);
  };
  if (!guard.hasRemembered()) await remember(spec.start);
  let step = spec.start;
  let good = 0;
  while (step < spec.steps) {
    const next = step + 1;
    const candidate = spec.rememberEvery > 0 && good > 0 && good % spec.rememberEvery === 0 ? await spec.save() : undefined;
    const a = await spec.attempt(next);
    if (!a.finite) {
      if (candidate !== undefined) spec.release?.(candidate);
      const before = spec.learningRate();
      const back = guard.rollback(before, next);
      spec.restore(back.state, guard.options.lrFactor);
      const lr = spec.learningRate();
      const message = `non-finite ${a.what} at step ${next}: restored the weights of step ${back.step}, lr ${before.toExponential(2)} -> ${lr.toExponential(2)}`;
      yield spec.rolledBack({ step: next, restoredStep: back.step, learningRate: lr, message });
      step = spec.afterRollback === 'rewind' ? back.step : next;
      continue;
    }
    guard.ok(next);
    if (candidate !== undefined) {
      const old = guard.remember(step, candidate);
      if (old !== undefined) spec.release?.(old);
    }
    step = next;
    good += 1;
    yield* a.events;
    if (spec.after) yield* spec.after(step);
  }
  return step;
}

/**
 * The `after` of trainers that checkpoint: every `checkpointEvery` updates a checkpoint, remembered by the guard as
 * a rollback point and reported (as `reported(step, state)`), then every `evalEvery` updates the test events.
 */
export function checkpointsThenTests<S, E>(o: {
  checkpointEvery: number;
  evalEvery: number;
  guard: NanGuard<S>;
  checkpoint(): Promise<S>;
  reported(step: number, state: S): E;
  test(step: number): Promise<E | null>;
}): (step: number) => AsyncGenerator<E> {
  return async function* (step) {
    if (o.checkpointEvery > 0 && step % o.checkpointEvery === 0) {
      const state = await o.checkpoint();
      o.guard.remember(step, state);
      yield o.reported(step, state);
    }
    if (o.evalEvery > 0 && step % o.evalEvery === 0) {
      const ev = await o.test(step);
      if (ev) yield ev;
    }
  };
}
