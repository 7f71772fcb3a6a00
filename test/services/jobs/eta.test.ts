// Issue 19: the time left shown with a run is honest. A scripted HGN run (fake worker, fake clock) whose steps cost
// unit x (frames + 3) while an adaptive curriculum grows its rollouts from 6 to 30 frames: the ETA shown a tenth
// of the way in is within 20% of the time it really has left, with and without a time budget. The rate of the
// first tenth alone (what "steps left / steps per second" gave) said a third of it; a budget of 540 s said 74 min.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HgnJobSchema, RunClock, measuredRunSeconds, runShape, unitsBetween, type EventName, type Events, type HgnJobConfig, type JobInfo } from '../../../preload/contract';
import { JobManager } from '../../../main/services/jobs/job-manager';
import { FakeWorker } from './fake-worker';

afterEach(() => vi.useRealTimers());

const STEPS = 2000;
/** ms per step at f frames: 68 ms at 6, 245 ms at 30 (the laptop preset, measured). */
const stepMs = (f: number) => 7.4 * (f + 3);
/** The adaptive curriculum as it went on a real pendulum run: 6 frames to step 150, then one every 33 steps. */
const framesAt = (step: number) => Math.min(30, step < 150 ? 6 : 6 + Math.floor((step - 150) / 33));

function hgn(maxSeconds = 0): HgnJobConfig {
  return HgnJobSchema.parse({ kind: 'hgn', preset: 'laptop', data: { system: 'pendulum', train: 2000, test: 200 }, steps: STEPS, maxSeconds, evalEvery: 250, checkpointEvery: 250 });
}

/** Runs the scripted job through the JobManager; returns the ETA shown when `at(step, elapsed s)` first holds, and the real remaining time then. */
async function scripted(config: HgnJobConfig, at: (step: number, elapsed: number) => boolean) {
  vi.useFakeTimers({ now: 0 });
  const updates: JobInfo[] = [];
  let worker!: FakeWorker;
  const manager = new JobManager({
    emit: <E extends EventName>(event: E, payload: Events[E]) => void (event === 'jobs:update' && updates.push(payload as JobInfo)),
    workerFactory: (init) => (worker = new FakeWorker(init, 'wasm')),
    predictBackend: () => 'wasm',
  });
  const job = manager.start(config, 'wasm');
  await vi.advanceTimersByTimeAsync(0);
  let t = 0;
  let shown: { eta: number | null; t: number } | null = null;
  let step = 0;
  for (step = 1; step <= STEPS; step++) {
    const f = framesAt(step);
    t += stepMs(f);
    if (config.maxSeconds > 0 && t / 1000 >= config.maxSeconds) break;
    vi.setSystemTime(t);
    if (step % 10 === 0) worker.send({ type: 'metrics', jobId: job.id, rows: [{ step, values: { rollout_frames: f, step_ms: stepMs(f) } }], sentAt: t });
    // The "current rate" a worker reports: steps per second over its last two seconds.
    worker.send({ type: 'progress', jobId: job.id, step, total: STEPS, stepsPerSec: 1000 / stepMs(f) });
    if (!shown && at(step, t / 1000)) shown = { eta: updates[updates.length - 1].etaSec, t };
  }
  // The final evaluation and rollouts: 200 test sequences and 16 rollouts, forward only.
  t += 2500;
  return { eta: shown!.eta!, remaining: (t - shown!.t) / 1000 };
}

describe('time left (ETA)', () => {
  it('a 2000-step run: the ETA a tenth of the way in is within 20% of the real remaining time', async () => {
    const { eta, remaining } = await scripted(hgn(), (step) => step >= STEPS / 10);
    expect(eta / remaining).toBeGreaterThan(0.8);
    expect(eta / remaining).toBeLessThan(1.2);
  });

  it('a time-budgeted run (540 s): the ETA follows the budget, not the step count', async () => {
    const { eta, remaining } = await scripted(hgn(540), (_step, elapsed) => elapsed >= 54);
    expect(eta / remaining).toBeGreaterThan(0.8);
    expect(eta / remaining).toBeLessThan(1.2);
  });
});

describe('the run-time model (preload/eta.ts)', () => {
  it('sums the cost of a linear curriculum as the steps of its ramp', () => {
    const s = { mode: 'linear' as const, start: 6, full: 30, curriculumSteps: 240 };
    // Ramp 6 -> 30 over 240 steps (mean 18 frames), then 30: plus 3 per step.
    expect(unitsBetween(s, 0, 240)).toBeCloseTo(240 * (18 + 3), 6);
    expect(unitsBetween(s, 240, 1000)).toBeCloseTo(760 * 33, 6);
  });

  it('an adaptive curriculum that has not grown yet is projected at a third of its fastest pace', () => {
    const shape = runShape(hgn());
    expect(shape.frames).toMatchObject({ mode: 'adaptive', start: 6, full: 30, curriculumSteps: 10 });
    // 24 frames at one per 30 steps: full length at step 720.
    expect(unitsBetween(shape.frames, 0, 2000)).toBeCloseTo(720 * 21 + 1280 * 33, 6);
    // Once it has grown, at the pace it has shown: 6 -> 9 frames between steps 150 and 200, full at step 550.
    expect(unitsBetween(shape.frames, 200, 2000, { step: 200, frames: 9, grownFrom: { step: 150, frames: 6 } })).toBeCloseTo(350 * (19.5 + 3) + 1450 * 33, 6);
  });

  it('Measure from a probe of a few steps at several lengths gives the whole run', () => {
    const probe = [8, 13, 17, 22, 26, 30].map((frames) => ({ frames, ms: stepMs(frames) }));
    const m = measuredRunSeconds(hgn(), probe)!;
    expect(m.msPerStepFull).toBeCloseTo(stepMs(30), 6);
    expect(m.msPerStepStart).toBeCloseTo(stepMs(6), 6);
    let real = 0;
    for (let s = 1; s <= STEPS; s++) real += stepMs(framesAt(s)) / 1000;
    expect(m.seconds / real).toBeGreaterThan(0.8);
    expect(m.seconds / real).toBeLessThan(1.2);
    // With a time budget, at most the budget (and the final evaluation).
    expect(measuredRunSeconds(hgn(540), probe)!.seconds).toBeLessThan(560);
  });

  it('Measure is not thrown by one slow probe step (a busy machine, a new shape\'s first kernels)', () => {
    const frames = [5, 8, 11, 14, 17, 20, 23, 26, 30];
    const probe = frames.map((f, i) => ({ frames: f, ms: stepMs(f) * (i === frames.length - 1 ? 3 : 1) }));
    const m = measuredRunSeconds(hgn(), probe)!;
    let real = 0;
    for (let s = 1; s <= STEPS; s++) real += stepMs(framesAt(s)) / 1000;
    expect(m.seconds / real).toBeGreaterThan(0.8);
    expect(m.seconds / real).toBeLessThan(1.2);
    expect(m.msPerStepFull / stepMs(30)).toBeCloseTo(1, 1);
  });

  it('a paused run does not count its pause as training time', () => {
    const clock = new RunClock(HgnJobSchema.parse({ kind: 'hgn', preset: 'laptop', model: { curriculum: 'none' }, steps: 100 }));
    clock.progress(1, 100, 0);
    clock.progress(10, 100, 9_000);
    const before = clock.eta(9_000)!;
    clock.paused(60_000);
    clock.progress(11, 100, 70_000);
    expect(clock.eta(70_000)!).toBeCloseTo((before * 89) / 90, 0);
  });
});
