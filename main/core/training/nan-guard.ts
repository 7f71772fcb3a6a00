// The one divergence policy of every training loop (HNN, PixelHNN, HGN, flows): keep the last good state; on a
// non-finite loss or gradient, roll back to it and lower the learning rate; after `maxRollbacks` failures in a row
// (getting past the step that failed resets the count) give up with a TrainingDivergedError that says what to try. The caller decides
// what "state" is (weights + optimiser + GECO, or tensor snapshots) and applies the lower rate (loop.ts drives it).

export interface NanGuardOptions {
  /** Factor applied to the learning rate on each rollback (0.5 halves it). */
  lrFactor: number;
  /** Non-finite steps in a row allowed before giving up: a run that keeps exploding is reported, not looped forever. */
  maxRollbacks: number;
}

export const DEFAULT_NAN_GUARD: NanGuardOptions = { lrFactor: 0.5, maxRollbacks: 8 };

/** A run whose loss or gradients stayed non-finite through every rollback the policy allows. */
export class TrainingDivergedError extends Error {
  override name = 'TrainingDivergedError';
}

export class NanGuard<S> {
  private good: { step: number; state: S } | null = null;
  /** Rollbacks so far (all of them). */
  rollbacks = 0;
  /** Non-finite steps since the run last got past one. */
  private inARow = 0;
  private failedAt = -Infinity;

  constructor(readonly options: NanGuardOptions = DEFAULT_NAN_GUARD) {}

  /** Records a state known to be finite; returns the one it replaces (to free it). */
  remember(step: number, state: S): S | undefined {
    const old = this.good?.state;
    this.good = { step, state };
    return old;
  }

  /** Drops the remembered state and hands it back (to free it when the run ends). */
  forget(): S | undefined {
    const old = this.good?.state;
    this.good = null;
    return old;
  }

  hasRemembered(): boolean {
    return this.good !== null;
  }

  /** A finite step: once the run is past the step that last failed, the count of failures starts again. */
  ok(step: number): void {
    if (step > this.failedAt) this.inARow = 0;
  }

  /**
   * The last good state, after non-finite step `failedAt` at a learning rate of `learningRate` (for the message); throws
   * TrainingDivergedError once the failures in a row exceed the budget, or when nothing was remembered.
   */
  rollback(learningRate?: number, failedAt = this.failedAt): { step: number; state: S } {
    this.rollbacks += 1;
    this.inARow += 1;
    this.failedAt = failedAt;
    const lr = learningRate === undefined ? '' : ` (last learning rate ${learningRate.toExponential(2)})`;
    if (!this.good) throw new TrainingDivergedError(`training diverged (NaN/Inf) before any good checkpoint was taken${lr}. Try a lower learning rate.`);
    if (this.inARow > this.options.maxRollbacks) {
      throw new TrainingDivergedError(
        `training diverged: ${plural(this.inARow, 'non-finite step')} in a row (${plural(this.rollbacks, 'time')} in all)${lr}; giving up. Try a lower learning rate.`,
      );
    }
    return this.good;
  }
}

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
