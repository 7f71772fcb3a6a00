// How long a run takes: the one model behind the Runs page's "time left" (main, from the run's progress) and the
// wizard's Measure (the renderer, from a probe of a few real steps). Shared, so both say the same thing.
//
// A training step's cost grows with the rollout frames it decodes: cost = unit x (frames + offset), where the
// offset stands for the per-step work that does not depend on the rollout length (encoder, transformer, Adam):
// about 3 frames' worth for the HGN presets (measured: 68 ms at 6 frames, 245 ms at 30 on the laptop preset). An
// HGN's rollout curriculum lengthens its rollouts as it trains (6 -> 30 frames: 3.6x the cost per step), so a
// rate measured early says little about later steps; the frames each future step will train are projected from
// the curriculum: known for 'none' and 'linear', and for 'adaptive' at the pace the run has grown so far (never
// faster than one frame per curriculumSteps, the most it may); before it has grown, at a third of that pace (one
// frame per 30 steps on the laptop preset: what a pendulum run measured, full length after about 900 of 2000 steps;
// the fastest pace would make a 2000-step run look 20% longer, no growth at all 40% shorter). Other kinds train a
// fixed cost per step. The time budget caps the training part; the final
// evaluation (forward passes: about a third of a training step per sequence and frame) comes after it.
import { hgnConfig } from '../main/core/models/hgn/config';
import type { JobConfig } from './jobs';

/** Per-step work independent of the rollout length, in frames (HGN presets; see above). */
export const FRAME_OFFSET = 3;
/** An adaptive curriculum that has not grown yet is assumed to grow at this fraction of its fastest pace. */
export const ADAPTIVE_PACE_GUESS = 1 / 3;

/** The rollout frames a run trains at each step: `full` from the start, or grown from `start` by a curriculum. */
export interface FrameSchedule {
  mode: 'none' | 'linear' | 'adaptive';
  start: number;
  full: number;
  /** Linear: steps to full length. Adaptive: the fewest steps between two growths. */
  curriculumSteps: number;
}

/** What a run's length and cost depend on, read from its config. */
export interface RunShape {
  steps: number;
  maxSeconds: number;
  frames: FrameSchedule | null;
  /** The final evaluation and rollouts after the last step, in training steps of full length. */
  tailSteps: number;
}

export function runShape(config: JobConfig): RunShape {
  const steps = 'steps' in config ? config.steps : 0;
  const maxSeconds = 'maxSeconds' in config ? config.maxSeconds : 0;
  if (config.kind === 'hgn') {
    let c;
    try {
      c = hgnConfig(config.preset, config.model as never);
    } catch {
      return { steps, maxSeconds, frames: null, tailSteps: 0 };
    }
    const full = c.rolloutFrames;
    const start = c.curriculum === 'none' ? full : Math.min(c.curriculumStartFrames, full);
    const frames: FrameSchedule = { mode: c.curriculum === 'linear' && c.curriculumSteps <= 0 ? 'none' : c.curriculum, start, full, curriculumSteps: Math.max(1, c.curriculumSteps) };
    const test = config.data.test ?? 200;
    const evalSequences = config.finalEvalSequences > 0 ? Math.min(config.finalEvalSequences, test) : test;
    // Evaluation costs about what training does per sequence and frame (measured: 14 s after a 2000-step laptop run).
    const seqFrames = evalSequences * (full + FRAME_OFFSET) + Math.min(config.rolloutSequences, test) * 4 * (config.rolloutSteps + 1 + FRAME_OFFSET) + config.sampleCount * (config.rolloutSteps + 1);
    return { steps, maxSeconds, frames, tailSteps: seqFrames / (c.batchSize * (full + FRAME_OFFSET)) };
  }
  if (config.kind === 'flow') {
    // The final IWAE on the test set (and as many training points) with finalK samples each, forward only.
    const points = config.testSize + Math.min(config.trainSize || config.testSize, config.testSize);
    return { steps, maxSeconds, frames: null, tailSteps: (points * config.finalK) / (3 * config.batchSize * config.trainSamples) };
  }
  return { steps, maxSeconds, frames: null, tailSteps: 0 };
}

/** Where a run's frames stand: the frames it trains now, and where (step, frames) its growth started. */
export interface FramesNow {
  step: number;
  frames: number;
  /** The last step at the start length before it grew (adaptive), if it has grown. */
  grownFrom?: { step: number; frames: number };
}

/** Frames per step from `now` on: a ramp of `pace` frames per step, capped at full length. */
function ramp(s: FrameSchedule, now: FramesNow): { f0: number; s0: number; pace: number } {
  const pace = (s.full - s.start) / s.curriculumSteps;
  if (s.mode === 'none') return { f0: s.full, s0: now.step, pace: 0 };
  if (s.mode === 'linear') return { f0: s.start, s0: 0, pace };
  // Adaptive: the pace it has shown since it started growing, never faster than it may grow.
  const g = now.grownFrom;
  const shown = g && now.step > g.step && now.frames > g.frames ? (now.frames - g.frames) / (now.step - g.step) : ADAPTIVE_PACE_GUESS / s.curriculumSteps;
  return { f0: now.frames, s0: now.step, pace: Math.min(shown, 1 / s.curriculumSteps) };
}

/** Cost units of steps (from, to]: each step (frames + offset), frames on the schedule's projection. */
export function unitsBetween(s: FrameSchedule | null, from: number, to: number, now: FramesNow = { step: from, frames: s?.start ?? 0 }): number {
  if (to <= from) return 0;
  if (!s) return to - from;
  const { f0, s0, pace } = ramp(s, now);
  // frames(x) = min(full, f0 + pace (x - s0)); the sum over integer steps, taken as the integral of this ramp.
  const cap = (x: number) => Math.min(s.full, f0 + pace * (x - s0));
  const knee = pace > 0 ? s0 + (s.full - f0) / pace : Infinity;
  const integral = (a: number, b: number) => {
    if (b <= a) return 0;
    const rampEnd = Math.min(b, Math.max(a, knee));
    const rampPart = rampEnd > a ? ((cap(a) + cap(rampEnd)) / 2) * (rampEnd - a) : 0;
    return rampPart + s.full * Math.max(0, b - Math.max(a, knee));
  };
  return integral(from, to) + FRAME_OFFSET * (to - from);
}

/**
 * Seconds a run still needs: its remaining steps at `secondsPerUnit` (capped by what is left of its time budget,
 * `budgetLeft`, when it has one), then its final evaluation.
 */
export function remainingSeconds(shape: RunShape, step: number, secondsPerUnit: number, now?: FramesNow, budgetLeft?: number): number {
  const training = unitsBetween(shape.frames, step, shape.steps, now ?? { step, frames: shape.frames?.start ?? 0 }) * secondsPerUnit;
  const capped = shape.maxSeconds > 0 && budgetLeft !== undefined ? Math.min(training, Math.max(0, budgetLeft)) : training;
  const fullUnits = shape.frames ? shape.frames.full + FRAME_OFFSET : 1;
  return capped + shape.tailSteps * fullUnits * secondsPerUnit;
}

/**
 * A run's time left, from its progress as it comes (main/services/jobs): the cost of a unit measured over the run
 * so far, recent steps weighing more (half the weight on the last quarter of the run, at least 20 s: a machine that
 * gets busier or quieter shows within a minute; the first step, which compiles kernels, is left out), the frames
 * from its metrics. Pure: times are passed in.
 */
export class RunClock {
  private shape: RunShape;
  private trainingStart: number | null = null;
  private last: { t: number; step: number } | null = null;
  /** Exponentially weighted seconds and cost units of the steps since the first. */
  private weighted = { seconds: 0, units: 0 };
  private frames: FramesNow;

  constructor(config: JobConfig) {
    this.shape = runShape(config);
    this.frames = { step: 0, frames: this.shape.frames?.start ?? 0 };
  }

  /** The frames a metrics row reported (rollout_frames) at `step`. */
  framesAt(step: number, frames: number): void {
    if (!this.shape.frames || !Number.isFinite(frames)) return;
    const grownFrom = this.frames.grownFrom ?? (frames > this.frames.frames ? { step: this.frames.step, frames: this.frames.frames } : undefined);
    this.frames = { step, frames, grownFrom };
  }

  /** A training step reached at time `t` (ms), of `total`. Step 0 (data being prepared) is not training yet. */
  progress(step: number, total: number, t: number): void {
    // Kinds without a step count in their config (dataset generation) count to the total they report.
    if (this.shape.steps <= 0 && total > 0) this.shape = { ...this.shape, steps: total };
    if (step <= 0) return;
    if (!this.last) {
      // The budget's clock starts as training starts: just before the first step came back.
      this.trainingStart = t;
    } else if (step > this.last.step) {
      const seconds = Math.max(0, (t - this.last.t) / 1000);
      const units = (step - this.last.step) * (this.shape.frames ? this.frames.frames + FRAME_OFFSET : 1);
      const halfLife = Math.max(20, (0.25 * (t - (this.trainingStart ?? t))) / 1000);
      const keep = 0.5 ** (seconds / halfLife);
      this.weighted = { seconds: this.weighted.seconds * keep + seconds, units: this.weighted.units * keep + units };
    }
    this.last = { t, step };
  }

  /** The run was paused for `ms`: that time is no training (the time budget's clock runs on, as in the runner). */
  paused(ms: number): void {
    if (this.last) this.last.t += ms;
  }

  /** Seconds per cost unit, recent steps weighing more, or null until there is something to go by. */
  secondsPerUnit(): number | null {
    return this.weighted.units > 0 && this.weighted.seconds > 0 ? this.weighted.seconds / this.weighted.units : null;
  }

  /**
   * Seconds left at time `t` (ms), or null while it cannot be told (data being prepared). Until the run has two
   * steps to measure between, `stepsPerSec` (the worker's rate, at the frames trained now) stands in.
   */
  eta(t: number, stepsPerSec = 0): number | null {
    if (!this.last) return null;
    const unitsNow = this.shape.frames ? this.frames.frames + FRAME_OFFSET : 1;
    const perUnit = this.secondsPerUnit() ?? (stepsPerSec > 0 ? 1 / (stepsPerSec * unitsNow) : null);
    if (perUnit === null) return null;
    const budgetLeft = this.trainingStart !== null ? this.shape.maxSeconds - (t - this.trainingStart) / 1000 : undefined;
    return Math.max(0, remainingSeconds(this.shape, this.last.step, perUnit, { ...this.frames, step: this.last.step }, budgetLeft));
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * The wizard's Measure: the whole run's seconds from a probe's steps, each (frames trained, ms), by a fit of
 * ms = a + b x frames (the offset a / b from the probe when its frames vary, else FRAME_OFFSET). The fit is
 * Theil-Sen (the median of the pairwise slopes, then the median intercept): one step slowed by a busy machine
 * or a new shape's first kernels moves it little, where least squares followed it.
 */
export function measuredRunSeconds(config: JobConfig, probe: ReadonlyArray<{ frames: number; ms: number }>, startupSeconds = 0): { seconds: number; msPerStepFull: number; msPerStepStart: number } | null {
  const shape = runShape(config);
  const pts = probe.filter((p) => Number.isFinite(p.ms) && p.ms > 0);
  if (!pts.length) return null;
  const slopes: number[] = [];
  for (let i = 0; i < pts.length; i++) for (let j = i + 1; j < pts.length; j++) if (pts[j].frames !== pts[i].frames) slopes.push((pts[j].ms - pts[i].ms) / (pts[j].frames - pts[i].frames));
  let b = slopes.length ? median(slopes) : 0;
  let a = median(pts.map((p) => p.ms - b * p.frames));
  // A fit that makes no physical sense (noise on a shared machine): the offset model through the medians.
  if (!shape.frames || !slopes.length || b <= 0 || a < 0) {
    const offset = shape.frames ? FRAME_OFFSET : 0;
    const midF = median(pts.map((p) => p.frames));
    const midMs = median(pts.map((p) => p.ms));
    b = shape.frames ? midMs / (midF + offset) : 0;
    a = shape.frames ? b * offset : midMs;
  }
  const ms = (f: number) => a + b * f;
  let seconds: number;
  if (shape.frames) {
    // Units of (frames + a / b): the same projection as the Runs page's time left, at b ms per frame.
    const offset = a / b;
    const frames = unitsBetween(shape.frames, 0, shape.steps) - FRAME_OFFSET * shape.steps;
    seconds = ((frames + offset * shape.steps) * b) / 1000;
    if (shape.maxSeconds > 0) seconds = Math.min(seconds, shape.maxSeconds);
    seconds += (shape.tailSteps * ms(shape.frames.full)) / 1000;
  } else {
    seconds = (shape.steps * a) / 1000;
    if (shape.maxSeconds > 0) seconds = Math.min(seconds, shape.maxSeconds);
    seconds += (shape.tailSteps * a) / 1000;
  }
  return { seconds: seconds + startupSeconds, msPerStepFull: ms(shape.frames?.full ?? 0), msPerStepStart: ms(shape.frames?.start ?? 0) };
}
