// Rollout-length curriculum: train on short rollouts first and lengthen them. The decoder and encoder learn
// to reconstruct and the short-range dynamics settle before long, chaotic early rollouts dominate the gradient.
// 'linear' grows with the step count; 'adaptive' adds a frame whenever the training error (a moving average)
// is below a threshold, so the pace follows what the model has actually learned.
import type { HgnConfig } from './config';

export interface CurriculumState {
  /** Rollout frames trained now (adaptive mode). */
  frames: number;
  /** Moving average of the training MSE since the last growth. */
  ema: number | null;
  /** Step of the last growth. */
  lastGrowth: number;
}

const EMA = 0.9;

export function initialCurriculum(c: HgnConfig): CurriculumState {
  const frames = c.curriculum === 'adaptive' ? Math.min(c.curriculumStartFrames, c.rolloutFrames) : c.rolloutFrames;
  return { frames, ema: null, lastGrowth: 0 };
}

/** Rollout frames to train at update `step`. */
export function curriculumFrames(c: HgnConfig, s: CurriculumState, step: number): number {
  if (c.curriculum === 'adaptive') return s.frames;
  if (c.curriculum === 'none' || c.curriculumSteps <= 0) return c.rolloutFrames;
  const start = Math.min(c.curriculumStartFrames, c.rolloutFrames);
  const f = start + (c.rolloutFrames - start) * Math.min(1, step / c.curriculumSteps);
  return Math.max(1, Math.min(c.rolloutFrames, Math.round(f)));
}

/** The state after update `step` whose training MSE was `mse`. */
export function curriculumUpdate(c: HgnConfig, s: CurriculumState, step: number, mse: number): CurriculumState {
  if (c.curriculum !== 'adaptive') return s;
  const ema = s.ema === null ? mse : EMA * s.ema + (1 - EMA) * mse;
  const settled = step - s.lastGrowth >= Math.max(1, c.curriculumSteps);
  if (s.frames < c.rolloutFrames && settled && ema < c.curriculumThreshold) {
    return { frames: s.frames + 1, ema: null, lastGrowth: step };
  }
  return { ...s, ema };
}
