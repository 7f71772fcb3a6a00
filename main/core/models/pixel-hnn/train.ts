// PixelHNN training: the paper's three losses on random consecutive frame pairs, Adam, an async generator of
// metrics with no I/O, on the shared loop skeleton and divergence policy (training/loop.ts) like the HGN's.
import * as tf from '@tensorflow/tfjs-core';
import { Adam, type AdamState } from '../../training/adam';
import { gradientStep } from '../../training/step';
import { trainingLoop, type Attempt, type LoopEvent } from '../../training/loop';
import { DEFAULT_NAN_GUARD, NanGuard } from '../../training/nan-guard';
import type { NamedArrays } from '../../training/named-arrays';
import { copyFrame, framePixels, type PixelSequences } from '../../training/sequences';
import { deriveSeed, makeRng } from '../../random';
import { decodePairs, encodePairs, pairPixels, splitLatent, vectorField, type PixelHnnModel } from './model';
import { evaluatePixelHnn, type PixelHnnEvaluation } from './evaluate';

export interface PixelHnnLosses {
  ae: number;
  hnn: number;
  cc: number;
  total: number;
  gradNorm: number;
}

export type PixelHnnEvent = LoopEvent<PixelHnnLosses> | { type: 'test'; step: number; evaluation: PixelHnnEvaluation };

export interface PixelHnnTrainOptions {
  train: PixelSequences;
  test?: PixelSequences;
  steps: number;
  evalEvery?: number;
  evalSequences?: number;
  /** First predicted frame of test rollouts (the HGN's anchor: its encoder window's last frame). */
  anchor?: number;
  evalFrames?: number;
}

/** Pairs (x_{t-1}, x_t) and (x_t, x_{t+1}) for random sequences and times t in [1, length - 2]. */
export function pairBatch(data: PixelSequences, batch: number, seed: number): { now: Float32Array; next: Float32Array } {
  const rng = makeRng(seed);
  const px = framePixels(data);
  const now = new Float32Array(batch * 2 * px);
  const next = new Float32Array(batch * 2 * px);
  for (let b = 0; b < batch; b++) {
    const s = Math.floor(rng() * data.count);
    const t = 1 + Math.floor(rng() * (data.length - 2));
    copyFrame(data, s, t - 1, now, 2 * b * px);
    copyFrame(data, s, t, now, (2 * b + 1) * px);
    copyFrame(data, s, t, next, 2 * b * px);
    copyFrame(data, s, t + 1, next, (2 * b + 1) * px);
  }
  return { now, next };
}

/** The paper's loss: autoencoder + HNN (one Euler step of the learned field) + canonical coordinates (p = dq/dt). */
export function pixelHnnLoss(m: PixelHnnModel, now: tf.Tensor2D, next: tf.Tensor2D): { ae: tf.Scalar; hnn: tf.Scalar; cc: tf.Scalar; total: tf.Scalar } {
  const c = m.config;
  const z = encodePairs(m, now);
  const zNext = encodePairs(m, next);
  const ae = tf.mean(tf.squaredDifference(decodePairs(m, z), now)) as tf.Scalar;
  const predicted = tf.add(z, tf.mul(vectorField(m, z), c.dt));
  const hnn = tf.mean(tf.squaredDifference(zNext, predicted)) as tf.Scalar;
  const { q, p } = splitLatent(m, z);
  const { q: qNext } = splitLatent(m, zNext);
  const cc = tf.mean(tf.squaredDifference(p, tf.div(tf.sub(qNext, q), c.dt))) as tf.Scalar;
  const total = tf.addN([tf.mul(ae, c.aeWeight), tf.mul(hnn, c.hnnWeight), tf.mul(cc, c.ccWeight)]) as tf.Scalar;
  return { ae, hnn, cc, total };
}

/** What a rollback restores: the weights and Adam's state. */
type Snapshot = { params: NamedArrays; adam: AdamState };
/** A rollback point every this many good steps. */
const REMEMBER_EVERY = 100;

export class PixelHnnTrainer {
  step = 0;
  readonly optimizer: Adam;
  private readonly guard = new NanGuard<Snapshot>(DEFAULT_NAN_GUARD);

  constructor(readonly model: PixelHnnModel, readonly options: PixelHnnTrainOptions) {
    this.optimizer = new Adam(model.params, { learningRate: model.config.learningRate });
  }

  private async snapshot(): Promise<Snapshot> {
    const [params, adam] = await Promise.all([this.model.params.read(), this.optimizer.state()]);
    return { params, adam };
  }

  evaluate(): Promise<PixelHnnEvaluation | null> {
    const o = this.options;
    if (!o.test) return Promise.resolve(null);
    return evaluatePixelHnn(this.model, o.test, { sequences: o.evalSequences ?? 32, anchor: o.anchor, frames: o.evalFrames });
  }

  async *run(): AsyncGenerator<PixelHnnEvent> {
    const m = this.model;
    const c = m.config;
    const o = this.options;
    const px = pairPixels(c);
    const attempt = async (next: number): Promise<Attempt<PixelHnnEvent>> => {
      const arrays = pairBatch(o.train, c.batchSize, deriveSeed(c.seed, `batch-${next - 1}`));
      const loss = () => {
        const l = pixelHnnLoss(m, tf.tensor2d(arrays.now, [c.batchSize, px]), tf.tensor2d(arrays.next, [c.batchSize, px]));
        return { value: l.total, parts: [l.ae, l.hnn, l.cc] };
      };
      const { loss: total, parts: [ae, hnn, cc], gradNorm, finite } = await gradientStep(m.params.vars, this.optimizer, loss, c.gradClipNorm);
      if (!finite) return { finite: false, what: 'loss or gradient' };
      this.step = next;
      return { finite: true, events: [{ type: 'metrics', step: next, values: { ae, hnn, cc, total, gradNorm } }] };
    };
    const after = async function* (this: PixelHnnTrainer, step: number): AsyncGenerator<PixelHnnEvent> {
      if (o.evalEvery && step % o.evalEvery === 0) {
        const evaluation = await this.evaluate();
        if (evaluation) yield { type: 'test', step, evaluation };
      }
    }.bind(this);
    this.step = yield* trainingLoop<Snapshot, PixelHnnEvent>({
      start: this.step,
      steps: o.steps,
      guard: this.guard,
      afterRollback: 'rewind',
      rememberEvery: REMEMBER_EVERY,
      attempt,
      save: () => this.snapshot(),
      restore: (good, factor) => {
        const lr = this.optimizer.learningRate * factor;
        m.params.write(good.params);
        this.optimizer.load(good.adam);
        this.optimizer.learningRate = lr;
        this.step = good.adam.step;
      },
      learningRate: () => this.optimizer.learningRate,
      rolledBack: (r) => ({ type: 'nan-rollback', ...r }),
      after,
    });
  }

  dispose(): void {
    this.optimizer.dispose();
  }
}
