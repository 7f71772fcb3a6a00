// Training the canonical transformation as an async generator of events, with no I/O (the caller decides where
// metrics and checkpoints go and stops the loop by stopping iteration). Seed 002's recipe: minibatches of whole
// trajectories of the true dynamics, shuffled every epoch, Adam on the radius loss. Added: a data-dependent start
// for the running means, global-norm clipping, an optional cosine learning-rate decay, and the loop skeleton and
// divergence policy of the other families (core/training/loop.ts: restore the last good checkpoint, lower the
// rate). Every read is asynchronous (WebGPU).
import * as tf from '@tensorflow/tfjs-core';
import { Adam, clipByGlobalNorm, type AdamState } from '../../training/adam';
import { cloneArrays, type NamedArrays } from '../../training/named-arrays';
import { checkpointsThenTests, trainingLoop, type Attempt, type LoopEvent } from '../../training/loop';
import { DEFAULT_NAN_GUARD, NanGuard, type NanGuardOptions } from '../../training/nan-guard';
import { deriveSeed, makeRng } from '../../random';
import { budgetProgress, scheduleFactor, scheduleProblem, type LearningRateSchedule } from '../../training/lr-schedule';
import type { CanonicalModelConfig } from './config';
import { gatherTrajectories, type TrajectorySet } from './data';
import { evaluateCanonical, type CanonicalEvaluation } from './evaluate';
import type { ForwardContext } from './layer';
import { radiusLoss, type LossWeighting } from './loss';
import type { CanonicalFlow } from './model';

export interface CanonicalTrainOptions {
  /** Updates in total (a resumed run counts the checkpoint's); Infinity runs until the consumer stops. */
  steps: number;
  /** Trajectories per minibatch. */
  batchTrajectories: number;
  /**
   * What the zero-centre layers subtract in training: 'batch' means (seed 002, as batch norm) or their 'running'
   * means (updated from the batch means all the same); see the bench's trials.
   */
  centring: 'batch' | 'running';
  /** The loss: the talk's 'absolute' radius changes, or 'relative' to each trajectory's radii (loss.ts). */
  weighting: LossWeighting;
  /** Weight of the angle-rate term (loss.ts `angleRateTerm`; 0, the talk's loss, by default). */
  angleWeight: number;
  learningRate: number;
  /** 'cosine' decays to learningRate * learningRateFinal over `steps` (core/training/lr-schedule.ts; a job adds its time budget through scheduleScale). */
  learningRateSchedule: LearningRateSchedule;
  learningRateFinal: number;
  /** Largest global gradient norm (0: no clipping). */
  clipNorm: number;
  /** Validation every n updates (0: never); also after the last one. */
  evalEvery: number;
  /** Validation trajectories used each time. */
  evalTrajectories: number;
  /** Seeds the epoch shuffles (the model's parameters are seeded by its config). */
  seed: number;
  /** Training states used for the data-dependent start of the running means. */
  initSample: number;
  /** A checkpoint event (and a NaN-guard restore point) every n updates (0: never). */
  checkpointEvery: number;
  nanGuard: NanGuardOptions;
  resume?: CanonicalCheckpoint;
  now?: () => number;
}

export const CANONICAL_TRAIN_DEFAULTS: Omit<CanonicalTrainOptions, 'steps' | 'seed'> = {
  batchTrajectories: 16,
  centring: 'batch',
  weighting: 'absolute',
  angleWeight: 0,
  learningRate: 1e-3,
  learningRateSchedule: 'constant',
  learningRateFinal: 0.05,
  clipNorm: 10,
  evalEvery: 200,
  evalTrajectories: 64,
  initSample: 8192,
  checkpointEvery: 200,
  nanGuard: DEFAULT_NAN_GUARD,
};

export interface CanonicalCheckpoint {
  format: 'canonical-checkpoint';
  version: 1;
  config: CanonicalModelConfig;
  step: number;
  /** Minibatches drawn so far (the shuffle of epoch e is seeded by e: resuming continues the same stream). */
  cursor: number;
  weights: NamedArrays;
  optimizer: AdamState;
}

export interface CanonicalTrainMetrics {
  loss: number;
  gradNorm: number;
  learningRate: number;
  epoch: number;
  stepMs: number;
}

export type CanonicalTrainEvent =
  | LoopEvent<CanonicalTrainMetrics>
  | { type: 'validation'; step: number; values: { loss: number; radiusSpread: number }; evaluation: CanonicalEvaluation }
  | { type: 'checkpoint'; step: number; checkpoint: CanonicalCheckpoint };

export interface CanonicalTrainSummary {
  steps: number;
  rollbacks: number;
  last: CanonicalTrainMetrics | null;
}

export interface CanonicalTrainData {
  train: TrajectorySet;
  validation?: TrajectorySet;
}

/** Trajectory order of epoch `epoch`: a seeded Fisher-Yates shuffle. */
export function epochOrder(count: number, epoch: number, seed: number): Uint32Array {
  const rng = makeRng(deriveSeed(seed, `epoch-${epoch}`));
  const order = Uint32Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

export class CanonicalTrainer {
  step = 0;
  cursor = 0;
  rollbacks = 0;
  last: CanonicalTrainMetrics | null = null;
  /**
   * The caller's own multiplier of the scheduled rate, read before every update: a time-budgeted run decays it
   * with the time spent (the step count of such a run is not known in advance).
   */
  scheduleScale = 1;
  readonly options: CanonicalTrainOptions;
  readonly optimizer: Adam;
  private readonly guard: NanGuard<CanonicalCheckpoint>;
  private readonly names: Map<string, string>;
  private readonly perEpoch: number;
  private order: Uint32Array | null = null;
  private orderEpoch = -1;
  private readonly batch: Float32Array;

  constructor(readonly model: CanonicalFlow, readonly data: CanonicalTrainData, options: Partial<CanonicalTrainOptions> & Pick<CanonicalTrainOptions, 'steps' | 'seed'>) {
    this.options = { ...CANONICAL_TRAIN_DEFAULTS, ...options };
    const o = this.options;
    const { train } = data;
    if (train.dim !== model.dim) throw new Error(`the model maps ${model.dim}-dimensional states, the data has ${train.dim}`);
    if (train.count < 1) throw new Error('no training trajectories');
    const problem = scheduleProblem(o.learningRateSchedule, o.steps, 0);
    if (problem) throw new Error(problem);
    this.perEpoch = Math.max(1, Math.floor(train.count / Math.min(o.batchTrajectories, train.count)));
    this.batch = new Float32Array(Math.min(o.batchTrajectories, train.count) * train.points * train.dim);
    this.optimizer = new Adam(model.params, { learningRate: o.learningRate });
    this.names = new Map(Object.entries(model.params.vars).map(([logical, v]) => [v.name, logical]));
    this.guard = new NanGuard<CanonicalCheckpoint>(o.nanGuard);
    if (o.resume) {
      model.load(o.resume.weights);
      this.optimizer.load(o.resume.optimizer);
      this.step = o.resume.step;
      this.cursor = o.resume.cursor;
    } else {
      // Data-dependent start: the running means of a fresh model are those of the training states.
      const rows = Math.min(o.initSample, train.count * train.points);
      const stride = (train.count * train.points) / rows;
      const sample = new Float32Array(rows * train.dim);
      for (let r = 0; r < rows; r++) {
        const from = Math.floor(r * stride) * train.dim;
        for (let k = 0; k < train.dim; k++) sample[r * train.dim + k] = train.states[from + k];
      }
      const x = tf.tensor2d(sample, [rows, train.dim]);
      model.initialiseStatistics(x);
      x.dispose();
    }
  }

  get epoch(): number {
    return Math.floor(this.cursor / this.perEpoch);
  }

  private learningRateAt(step: number): number {
    const o = this.options;
    return o.learningRate * scheduleFactor(o.learningRateSchedule, o.learningRateFinal, budgetProgress(step, o.steps, 0, 0));
  }

  private nextBatch(): Float32Array {
    const { train } = this.data;
    const b = this.batch.length / (train.points * train.dim);
    const epoch = Math.floor(this.cursor / this.perEpoch);
    if (epoch !== this.orderEpoch) {
      this.order = epochOrder(train.count, epoch, this.options.seed);
      this.orderEpoch = epoch;
    }
    const within = this.cursor % this.perEpoch;
    this.cursor++;
    return gatherTrajectories(train, (this.order as Uint32Array).subarray(within * b, within * b + b), this.batch);
  }

  async checkpoint(): Promise<CanonicalCheckpoint> {
    const [weights, optimizer] = await Promise.all([this.model.weights(), this.optimizer.state()]);
    return { format: 'canonical-checkpoint', version: 1, config: structuredClone(this.model.config), step: this.step, cursor: this.cursor, weights, optimizer };
  }

  /** Validation metrics on the first `evalTrajectories` validation trajectories (null without validation data). */
  async evaluate(): Promise<CanonicalEvaluation | null> {
    const v = this.data.validation;
    return v ? evaluateCanonical(this.model, v, this.options.evalTrajectories) : null;
  }

  /** One update on the next minibatch: the loss and gradient norm before the update (NaN when not finite). */
  private async update(): Promise<{ loss: number; gradNorm: number }> {
    const { train } = this.data;
    const x = this.nextBatch();
    const b = x.length / (train.points * train.dim);
    const ctx: ForwardContext = { mode: this.options.centring === 'batch' ? 'train' : 'track', batchMeans: [] };
    const vars = this.model.trainableVariables();
    const { grads, stats } = tf.tidy(() => {
      const batch = tf.tensor3d(x, [b, train.points, train.dim]);
      const { value, grads: byEngineName } = tf.variableGrads(() => radiusLoss(this.model, batch, ctx, this.options.weighting, this.options.angleWeight), vars);
      const grads: Record<string, tf.Tensor> = {};
      for (const [engineName, g] of Object.entries(byEngineName)) grads[this.names.get(engineName) as string] = g;
      const norm = tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g)))));
      const stats = tf.stack([value, norm]);
      tf.keep(stats);
      for (const g of Object.values(grads)) tf.keep(g);
      return { grads, stats };
    });
    const [loss, gradNorm] = (await stats.data()) as Float32Array;
    stats.dispose();
    const finite = Number.isFinite(loss) && Number.isFinite(gradNorm);
    try {
      if (finite) {
        tf.tidy(() => this.optimizer.apply(clipByGlobalNorm(grads, gradNorm, this.options.clipNorm)));
        for (const { layer, mean } of ctx.batchMeans ?? []) layer.fold(mean, this.model.config.momentum);
      }
    } finally {
      tf.dispose(Object.values(grads));
      for (const { mean } of ctx.batchMeans ?? []) mean.dispose();
    }
    return finite ? { loss, gradNorm } : { loss: NaN, gradNorm: NaN };
  }

  /**
   * The updates from the current step to `steps`, on the loop skeleton of every family (core/training/loop.ts):
   * a non-finite loss or gradient rolls back to the last checkpoint (remembered at the start and at every
   * checkpoint) at a lower rate, with the next batches drawn fresh (the cursor never rewinds).
   */
  async *run(): AsyncGenerator<CanonicalTrainEvent, CanonicalTrainSummary> {
    const o = this.options;
    const now = o.now ?? Date.now;
    const validation = async (): Promise<CanonicalTrainEvent | null> => {
      const e = await this.evaluate();
      return e && { type: 'validation', step: this.step, values: { loss: e.loss, radiusSpread: e.radiusSpread }, evaluation: e };
    };
    const attempt = async (next: number): Promise<Attempt<CanonicalTrainEvent>> => {
      const t0 = now();
      this.optimizer.learningRate = this.scheduledRate(next - 1);
      const r = await this.update();
      if (!Number.isFinite(r.loss)) return { finite: false, what: 'loss or gradient' };
      this.step = next;
      this.last = { loss: r.loss, gradNorm: r.gradNorm, learningRate: this.optimizer.learningRate, epoch: this.epoch, stepMs: now() - t0 };
      return { finite: true, events: [{ type: 'metrics', step: next, values: this.last }] };
    };
    const after = checkpointsThenTests<CanonicalCheckpoint, CanonicalTrainEvent>({
      checkpointEvery: o.checkpointEvery,
      evalEvery: o.evalEvery,
      guard: this.guard,
      checkpoint: () => this.checkpoint(),
      reported: (step, ck) => ({ type: 'checkpoint', step, checkpoint: cloneCheckpoint(ck) }),
      test: () => validation(),
    });
    this.step = yield* trainingLoop<CanonicalCheckpoint, CanonicalTrainEvent>({
      start: this.step,
      steps: o.steps,
      guard: this.guard,
      afterRollback: 'rewind',
      rememberEvery: 0,
      attempt,
      save: () => this.checkpoint(),
      restore: (good, factor) => {
        this.lrScale *= factor;
        this.model.load(good.weights);
        this.optimizer.load(good.optimizer);
        this.step = good.step;
        this.optimizer.learningRate = this.scheduledRate(this.step);
      },
      learningRate: () => this.optimizer.learningRate,
      rolledBack: (r) => {
        this.rollbacks = this.guard.rollbacks;
        return { type: 'nan-rollback', ...r };
      },
      after,
    });
    if (o.evalEvery > 0 && this.step % o.evalEvery !== 0) {
      const ev = await validation();
      if (ev) yield ev;
    }
    return { steps: this.step, rollbacks: this.rollbacks, last: this.last };
  }

  /** Rollbacks scale the scheduled rate down for the rest of the run. */
  private lrScale = 1;

  /** The rate of the update after `step`: the schedule, times the rollbacks' and the caller's factors. */
  private scheduledRate(step: number): number {
    return this.learningRateAt(step) * this.lrScale * this.scheduleScale;
  }

  dispose(): void {
    this.optimizer.dispose();
  }
}

export function cloneCheckpoint(ck: CanonicalCheckpoint): CanonicalCheckpoint {
  return { ...ck, config: structuredClone(ck.config), weights: cloneArrays(ck.weights), optimizer: { ...ck.optimizer, m: cloneArrays(ck.optimizer.m), v: cloneArrays(ck.optimizer.v) } };
}

/** Convenience: a trainer for one pass of `run()`, disposed when iteration ends or is stopped. */
export async function* trainCanonical(
  model: CanonicalFlow,
  data: CanonicalTrainData,
  options: Partial<CanonicalTrainOptions> & Pick<CanonicalTrainOptions, 'steps' | 'seed'>,
): AsyncGenerator<CanonicalTrainEvent, CanonicalTrainSummary> {
  const trainer = new CanonicalTrainer(model, data, options);
  try {
    return yield* trainer.run();
  } finally {
    trainer.dispose();
  }
}
