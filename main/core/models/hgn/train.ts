// The HGN training loop as an async generator of events, with no I/O: the caller (a worker runner, the CLI, a
// bench) decides where metrics and checkpoints go, and stops the loop by stopping iteration. It runs on the shared
// loop skeleton (training/loop.ts); its checkpoints are the divergence policy's rollback points.
import { Adam } from '../../training/adam';
import { gecoUpdate, initialGeco, type GecoOptions, type GecoState } from '../../training/geco';
import { meanFrame } from '../../training/metrics';
import { checkpointsThenTests, trainingLoop, type Attempt, type LoopEvent } from '../../training/loop';
import { DEFAULT_NAN_GUARD, NanGuard, type NanGuardOptions } from '../../training/nan-guard';
import { batchIndices, checkSequences, framePixels, type PixelSequences } from '../../training/sequences';
import { deriveSeed } from '../../random';
import { budgetProgress, scheduleFactor } from '../../training/lr-schedule';
import { batchArrays, disposeBatch, scoredFrames, toBatch } from './batch';
import { cloneCheckpoint, type HgnCheckpoint } from './checkpoint';
import { sequenceFramesNeeded, type HgnConfig } from './config';
import { evaluateHgn, type HgnEvaluation } from './evaluate';
import type { KlWeight } from './loss';
import type { HgnModel } from './model';
import { trainStep } from './train-step';
import { curriculumFrames, curriculumUpdate, initialCurriculum, type CurriculumState } from './curriculum';

export interface HgnTrainOptions {
  train: PixelSequences;
  test?: PixelSequences;
  /** Updates to run in total (a resumed run counts the checkpoint's steps); Infinity = until stopped. */
  steps: number;
  /** Test metrics every n updates (0 = never); also after the last one. */
  evalEvery?: number;
  /** Test sequences used at each interval. */
  evalSequences?: number;
  /** A checkpoint event every n updates (0 = never); the NaN guard restores the latest. */
  checkpointEvery?: number;
  resume?: HgnCheckpoint;
  nanGuard?: NanGuardOptions;
  /** Clock for step timing and the time budget (default Date.now). */
  now?: () => number;
  /** The run's time budget in seconds (0 or absent = none): a learning-rate schedule runs over it or over `steps`,
   *  whichever ends first. */
  budgetSeconds?: number;
}

export interface HgnTrainMetrics {
  recon: number;
  kl: number;
  /** KL/pixels + lambda * (mse - tol^2) under GECO, mse + beta * KL/pixels under beta. */
  total: number;
  objective: number;
  gecoLambda: number;
  gradNorm: number;
  learningRate: number;
  rolloutFrames: number;
  stepMs: number;
}

export type HgnTrainEvent =
  | LoopEvent<HgnTrainMetrics>
  | { type: 'test'; step: number; evaluation: HgnEvaluation; values: Record<string, number> }
  | { type: 'checkpoint'; step: number; checkpoint: HgnCheckpoint };

export interface HgnTrainSummary {
  steps: number;
  rollbacks: number;
  last: HgnTrainMetrics | null;
}

export function gecoOptions(c: HgnConfig): GecoOptions {
  return { alpha: c.gecoAlpha, tolerance: c.gecoTolerance, lambdaInit: c.gecoLambdaInit, lambdaStep: c.gecoLambdaStep };
}

/** Test metrics as flat numbers for curves. */
export function evaluationValues(e: HgnEvaluation): Record<string, number> {
  const v: Record<string, number> = {
    test_mse_e4: e.mseE4,
    test_vpt: e.vpt,
    test_vpt_relative: e.vptRelative,
    test_h_drift: e.hDrift,
    test_h_drift_spread: e.hDriftSpread,
  };
  if (e.meanFrameMseE4 !== null) v.test_mean_frame_mse_e4 = e.meanFrameMseE4;
  return v;
}

/**
 * Owns the optimiser, GECO and the NaN guard of one run. `run()` yields events; `checkpoint()` snapshots the
 * whole training state at any point between events (pause, cancel, the end of a time budget).
 */
export class HgnTrainer {
  step = 0;
  /** Batches drawn so far (never rewound, see HgnCheckpoint.cursor). */
  cursor = 0;
  rollbacks = 0;
  last: HgnTrainMetrics | null = null;
  /** What NaN rollbacks have multiplied the rate by (a schedule applies on top of it). */
  private rateScale = 1;
  readonly optimizer: Adam;
  private geco: GecoState;
  private curriculum: CurriculumState;
  private readonly gecoOpts: GecoOptions;
  private readonly guard: NanGuard<HgnCheckpoint>;
  private readonly meanTrainFrame: Float32Array | undefined;

  constructor(readonly model: HgnModel, readonly options: HgnTrainOptions) {
    const c = model.config;
    checkSequences(options.train);
    const need = sequenceFramesNeeded(c);
    if (options.train.length < need) throw new Error(`training sequences have ${options.train.length} frames; this HGN needs ${need}`);
    if (options.test) checkSequences(options.test);
    this.optimizer = new Adam(model.params, { learningRate: c.learningRate });
    this.gecoOpts = gecoOptions(c);
    this.geco = initialGeco(this.gecoOpts);
    this.curriculum = initialCurriculum(c);
    if (options.resume) {
      if (options.resume.curriculum) this.curriculum = { ...options.resume.curriculum };
      model.params.write(options.resume.params);
      if (options.resume.optimizer) this.optimizer.load(options.resume.optimizer);
      this.geco = { ...options.resume.geco };
      this.step = options.resume.step;
      this.cursor = options.resume.cursor;
    }
    if (!options.resume && c.dataInitOutputBias) initOutputBias(model, options.train);
    this.guard = new NanGuard<HgnCheckpoint>(options.nanGuard ?? DEFAULT_NAN_GUARD);
    const tr = options.train;
    this.meanTrainFrame = options.test
      ? meanFrame(tr.frames, tr.count * tr.length, framePixels(tr), tr.frames instanceof Uint8Array ? 1 / 255 : 1)
      : undefined;
  }

  get gecoState(): GecoState {
    return { ...this.geco };
  }

  async checkpoint(): Promise<HgnCheckpoint> {
    const [params, optimizer] = await Promise.all([this.model.params.read(), this.optimizer.state()]);
    return {
      format: 'hgn-checkpoint',
      version: 1,
      config: structuredClone(this.model.config),
      step: this.step,
      cursor: this.cursor,
      params,
      optimizer,
      geco: { ...this.geco },
      curriculum: { ...this.curriculum },
    };
  }

  /** Test metrics on the first `evalSequences` test sequences over the training rollout window. */
  evaluate(): Promise<HgnEvaluation | null> {
    const o = this.options;
    const c = this.model.config;
    if (!o.test) return Promise.resolve(null);
    const start = c.anchor === 'last' ? c.encoderFrames - 1 : 0;
    return evaluateHgn(this.model, o.test, {
      sequences: o.evalSequences ?? 32,
      frames: Math.min(c.rolloutFrames, o.test.length - start),
      meanFrame: this.meanTrainFrame,
    });
  }

  async *run(): AsyncGenerator<HgnTrainEvent, HgnTrainSummary> {
    const o = this.options;
    const c = this.model.config;
    const now = o.now ?? Date.now;
    const evalEvery = o.evalEvery ?? 0;
    const checkpointEvery = o.checkpointEvery ?? 100;
    const testEvent = async (): Promise<HgnTrainEvent | null> => {
      const evaluation = await this.evaluate();
      return evaluation && { type: 'test', step: this.step, evaluation, values: evaluationValues(evaluation) };
    };
    const started = now();
    /** Update `next` (1-based): one batch, drawn fresh even after a rollback (the cursor never rewinds). */
    const attempt = async (next: number): Promise<Attempt<HgnTrainEvent>> => {
      const t0 = now();
      if (c.learningRateSchedule && c.learningRateSchedule !== 'constant') {
        const progress = budgetProgress(next - 1, o.steps, (t0 - started) / 1000, o.budgetSeconds ?? 0);
        this.optimizer.learningRate = c.learningRate * this.rateScale * scheduleFactor(c.learningRateSchedule, c.learningRateFinal ?? 1, progress);
      }
      const step = next - 1;
      const frames = curriculumFrames(c, this.curriculum, step);
      const draw = this.cursor++;
      const seqs = batchIndices(o.train.count, c.batchSize, draw, deriveSeed(c.seed, 'batches'));
      const batch = toBatch(c, batchArrays(c, o.train, seqs, frames, scoredFrames(c, frames, draw)));
      const lambda = this.geco.lambda;
      const weight: KlWeight = c.klWeighting === 'geco' ? { kind: 'geco', lambda } : { kind: 'beta', beta: c.beta };
      const noiseSeed = c.stochastic ? deriveSeed(c.seed, `noise-${draw}`) : null;
      let r;
      try {
        r = await trainStep(this.model, this.optimizer, batch, weight, noiseSeed, c.gradClipNorm);
      } finally {
        disposeBatch(batch);
      }
      if (!r.finite) return { finite: false, what: 'loss or gradient' };
      if (c.klWeighting === 'geco') this.geco = gecoUpdate(this.geco, r.recon, this.gecoOpts);
      this.curriculum = curriculumUpdate(c, this.curriculum, next, r.recon);
      this.step = next;
      const total = c.klWeighting === 'geco' ? r.kl + lambda * (r.recon - c.gecoTolerance ** 2) : r.recon + c.beta * r.kl;
      this.last = {
        recon: r.recon,
        kl: r.kl,
        total,
        objective: r.objective,
        gecoLambda: this.geco.lambda,
        gradNorm: r.gradNorm,
        learningRate: this.optimizer.learningRate,
        rolloutFrames: frames,
        stepMs: now() - t0,
      };
      return { finite: true, events: [{ type: 'metrics', step: next, values: this.last }] };
    };
    /** Checkpoints (also the divergence policy's rollback points) and test metrics after a good update. */
    const after = checkpointsThenTests<HgnCheckpoint, HgnTrainEvent>({
      checkpointEvery,
      evalEvery,
      guard: this.guard,
      checkpoint: () => this.checkpoint(),
      reported: (step, ck) => ({ type: 'checkpoint', step, checkpoint: cloneCheckpoint(ck) }),
      test: () => testEvent(),
    });
    this.step = yield* trainingLoop<HgnCheckpoint, HgnTrainEvent>({
      start: this.step,
      steps: o.steps,
      guard: this.guard,
      afterRollback: 'rewind',
      rememberEvery: 0,
      attempt,
      save: () => this.checkpoint(),
      restore: (good, factor) => {
        this.rateScale *= factor;
        this.restore(good, this.optimizer.learningRate * factor);
      },
      learningRate: () => this.optimizer.learningRate,
      rolledBack: (r) => {
        this.rollbacks = this.guard.rollbacks;
        return { type: 'nan-rollback', ...r };
      },
      after,
    });
    if (evalEvery > 0 && this.step % evalEvery !== 0) {
      const ev = await testEvent();
      if (ev) yield ev;
    }
    return { steps: this.step, rollbacks: this.rollbacks, last: this.last };
  }

  /** Puts a checkpoint's training state back (NaN rollback) at learning rate `lr`. */
  private restore(good: HgnCheckpoint, lr: number): void {
    this.model.params.write(good.params);
    if (good.optimizer) this.optimizer.load(good.optimizer);
    this.optimizer.learningRate = lr;
    this.geco = { ...good.geco };
    if (good.curriculum) this.curriculum = { ...good.curriculum };
    this.step = good.step;
  }

  dispose(): void {
    this.optimizer.dispose();
  }
}

/** Sets the decoder's output bias to logit(mean colour of the training frames), channel by channel. */
export function initOutputBias(m: HgnModel, train: PixelSequences): void {
  const C = train.channels;
  const sums = new Float64Array(C);
  const scale = train.frames instanceof Uint8Array ? 1 / 255 : 1;
  for (let i = 0; i < train.frames.length; i++) sums[i % C] += train.frames[i] * scale;
  const n = train.frames.length / C;
  const logits = Array.from(sums, (s) => {
    const mean = Math.min(0.99, Math.max(0.01, s / n));
    return Math.log(mean / (1 - mean));
  });
  m.params.write({ 'decoder.out.b': { shape: [C], values: Float32Array.from(logits) } }, ['decoder.out.b']);
}

/** Convenience: a trainer for one pass of `run()`, disposed when iteration ends or is stopped. */
export async function* trainHgn(m: HgnModel, o: HgnTrainOptions): AsyncGenerator<HgnTrainEvent, HgnTrainSummary> {
  const trainer = new HgnTrainer(m, o);
  try {
    return yield* trainer.run();
  } finally {
    trainer.dispose();
  }
}
