// The learning rate over a run: constant, or a cosine from the base rate down to a fraction of it over the run's
// budget (its step count or its time budget, whichever ends first; a run with neither stays at the base rate).
// Annealing matters most on a short CPU budget: the laptop HGN reaches a lower test error in the same minutes.

export const LR_SCHEDULES = ['constant', 'cosine'] as const;
export type LearningRateSchedule = (typeof LR_SCHEDULES)[number];

/** Where a run is in its budget, 0..1: the larger of its share of steps and its share of time. */
export function budgetProgress(step: number, steps: number, elapsedSeconds: number, seconds: number): number {
  const byStep = Number.isFinite(steps) && steps > 0 ? step / steps : 0;
  const byTime = Number.isFinite(seconds) && seconds > 0 ? elapsedSeconds / seconds : 0;
  return Math.min(1, Math.max(0, byStep, byTime));
}

/** Why a schedule cannot run, or null: a cosine needs a finite step count or a time budget to anneal over. */
export function scheduleProblem(schedule: LearningRateSchedule, steps: number, seconds: number): string | null {
  if (schedule === 'cosine' && !(Number.isFinite(steps) && steps > 0) && !(Number.isFinite(seconds) && seconds > 0)) {
    return 'a cosine learning-rate schedule needs a finite number of steps or a time budget';
  }
  return null;
}

/** The multiplier of the base rate at `progress` (0..1): 1 throughout for 'constant'; for 'cosine', from 1 to `final`. */
export function scheduleFactor(schedule: LearningRateSchedule, final: number, progress: number): number {
  if (schedule === 'constant') return 1;
  const p = Math.min(1, Math.max(0, progress));
  return final + (1 - final) * 0.5 * (1 + Math.cos(Math.PI * p));
}
