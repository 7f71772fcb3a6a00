// Keeps the last good snapshot of a training state and hands it back when a step goes non-finite.
// The caller decides what "state" is (weights + optimiser + GECO) and lowers the learning rate itself.

export interface NanGuardOptions {
  /** Factor applied to the learning rate on each rollback (0.5 halves it). */
  lrFactor: number;
  /** Rollbacks allowed before giving up: a run that keeps exploding is reported, not looped forever. */
  maxRollbacks: number;
}

export const DEFAULT_NAN_GUARD: NanGuardOptions = { lrFactor: 0.5, maxRollbacks: 8 };

export class NanGuard<S> {
  private good: { step: number; state: S } | null = null;
  rollbacks = 0;

  constructor(readonly options: NanGuardOptions = DEFAULT_NAN_GUARD) {}

  /** Records a state known to be finite. */
  remember(step: number, state: S): void {
    this.good = { step, state };
  }

  hasRemembered(): boolean {
    return this.good !== null;
  }

  get lastGoodStep(): number | null {
    return this.good ? this.good.step : null;
  }

  /** The last good state; throws once the rollback budget is spent or when nothing was remembered. */
  rollback(): { step: number; state: S } {
    this.rollbacks += 1;
    if (!this.good) throw new Error('training diverged (NaN/Inf) before any good checkpoint was taken');
    if (this.rollbacks > this.options.maxRollbacks) {
      throw new Error(`training diverged (NaN/Inf) ${this.rollbacks} times; giving up`);
    }
    return this.good;
  }
}

export function allFiniteNumbers(...xs: number[]): boolean {
  return xs.every((x) => Number.isFinite(x));
}
