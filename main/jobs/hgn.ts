// The job runner of the Hamiltonian Generative Network (its PixelHNN baseline, on the same datasets and metrics,
// is in pixel-hnn.ts). runHgn: builds the pixel dataset and the model from a flat JSON config, trains (resuming
// from a checkpoint when given one), and yields metrics, marks and artifacts. No I/O.
//
// Metrics (flat name -> number rows):
//   every metricsEvery steps (averaged): recon, recon_e4, kl, total, objective, geco_lambda, grad_norm, lr,
//     rollout_frames, step_ms
//   every evalEvery steps: test_mse_e4, test_vpt, test_vpt_relative, test_h_drift, test_h_drift_spread,
//     test_mean_frame_mse_e4 (first evalSequences test sequences, training rollout window)
//   returned at the end: final_test_mse_e4, final_vpt, final_vpt_relative, final_h_drift, final_h_drift_spread,
//     mean_frame_mse_e4, steps, rollbacks
// Marks: checkpoint (every checkpointEvery steps), nan-rollback and lr-change (NaN/Inf guard).
// Logs: a warning when the test error sits at the mean frame's for three evaluations (core/training/mean-frame-watch).
// Artifacts:
//   every checkpointEvery steps and on cancel: checkpoint (u8, encodeCheckpoint: weights + Adam + GECO + step;
//     pass it back as `resume` to continue)
//   at the end: weights (u8, the final checkpoint), evaluation (json summary), eval-per-step-mse (f64 [frames],
//     pixel MSE per rollout frame), eval-h-drift (f64 [driftSteps + 1]), eval-vpt (f64 [sequences]),
//     rollout-frames (f32 [n, rolloutSteps + 1, H, W, C], forward beyond the training horizon),
//     rollout-ground-truth (f32 [n, available, H, W, C], from the anchor frame), rollout-q / rollout-p
//     (f32 [n, rolloutSteps + 1, s, s, L]), rollout-energy (f32 [n, rolloutSteps + 1]), rollout-backward-frames
//     (f32, the same sequences integrated with -dt), samples-frames and samples-energy (sampled trajectories: from
//     the prior, or from a density fitted to the encoded training states when the encoder was not trained to match
//     the prior; the log says which), samples-real-frames (as many real training sequences, to compare with).
import type { Dataset } from '../core/data/dataset';
import { sequencesFor, trainerSchedule } from './pixel-dataset';
import type { DatasetSpec } from '../core/data/spec';
import {
  anchorFrame,
  batchArrays,
  createHgn,
  decodeCheckpoint,
  disposeHgn,
  encodeCheckpoint,
  evaluateHgn,
  hgnLatentRollouts,
  hgnConfig,
  HgnTrainer,
  rolloutFromInput,
  defaultSampleSource,
  fittedStateCount,
  sampleTrajectories,
  sequenceFramesNeeded,
  type HgnConfig,
  type HgnTrainEvent,
  type HgnTrainMetrics,
  type RolloutResult,
} from '../core/models/hgn';
import { meanFrame } from '../core/training/metrics';
import { initialMeanFrameWatch, watchMeanFrame } from '../core/training/mean-frame-watch';
import { framePixels, headSequences, sliceFrames, type PixelSequences } from '../core/training/sequences';
import { deriveSeed } from '../core/random';
import * as tf from '@tensorflow/tfjs-core';
import { PIXEL_DATA_DEFAULTS, type HgnJobConfig } from '../../preload/contract';
import { log, row, artifact, rollbackMarks, type MetricValues, type Runner, type RunnerEvent } from './runner';
import { bodyPathArtifacts, evaluationResults, symetricValues, viewerArtifacts, withinBudget } from './pixel-results';

/** Inputs that are not part of a job's config: a checkpoint to resume from, an already generated dataset, and
 *  `rollouts: false` for callers that want the weights and the evaluation only (the CLI's `hgn train`). */
export interface HgnJobInput extends HgnJobConfig {
  resume?: Uint8Array;
  dataset?: Dataset;
  rollouts?: boolean;
}

/** The model config (preset + overrides, checked by core) and the dataset spec the model needs. */
export function hgnSetup(job: HgnJobConfig): { model: HgnConfig; data: DatasetSpec } {
  const model = hgnConfig(job.preset, job.model);
  const given = { ...PIXEL_DATA_DEFAULTS, ...job.data };
  const data = { ...given, steps: given.steps ?? sequenceFramesNeeded(model), size: given.size ?? model.imageSize };
  if (data.steps < sequenceFramesNeeded(model)) {
    throw new Error(`the dataset's ${data.steps} frames per sequence are fewer than the model needs (${sequenceFramesNeeded(model)})`);
  }
  return { model, data };
}

function metricsRow(rows: HgnTrainMetrics[]): MetricValues {
  const avg = (f: (m: HgnTrainMetrics) => number) => rows.reduce((a, m) => a + f(m), 0) / rows.length;
  const last = rows[rows.length - 1];
  return row({
    recon: avg((m) => m.recon),
    recon_e4: avg((m) => m.recon) * 1e4,
    kl: avg((m) => m.kl),
    total: avg((m) => m.total),
    objective: avg((m) => m.objective),
    geco_lambda: last.gecoLambda,
    grad_norm: avg((m) => m.gradNorm),
    lr: last.learningRate,
    rollout_frames: last.rolloutFrames,
    step_ms: avg((m) => m.stepMs),
  });
}

export const runHgn: Runner<HgnJobInput> = async function* (input, ctx) {
  const { resume, dataset: given, rollouts = true, ...job } = input;
  const { model: config, data } = hgnSetup(job);

  const sequences = yield* sequencesFor(given, data, job.steps, ctx);
  if (!sequences) return;
  const { dataset, train, test } = sequences;

  const checkpoint = resume ? decodeCheckpoint(resume) : undefined;
  const model = createHgn(checkpoint ? checkpoint.config : config);
  const trainer = new HgnTrainer(model, {
    ...trainerSchedule(job, sequences),
    budgetSeconds: job.maxSeconds,
    checkpointEvery: job.checkpointEvery,
    resume: checkpoint,
  });
  const resumed = checkpoint ? `, resumed at step ${checkpoint.step}` : '';
  // A resumed run is the weights file's model, whatever preset the job names.
  const which = checkpoint ? "the weights file's model" : job.preset;
  yield log(`HGN (${which}, ${model.params.count()} parameters) on ${dataset.meta.system.label}: ${train.count} train / ${test.count} test sequences${resumed}`);
  const pending: HgnTrainMetrics[] = [];
  let watch = initialMeanFrameWatch();
  try {
    const run = withinBudget(trainer.run(), job.maxSeconds, ctx, () => ({ steps: trainer.step, rollbacks: trainer.rollbacks, last: trainer.last }));
    let ev: IteratorResult<HgnTrainEvent, boolean>;
    while (!(ev = await run.next()).done) {
      const e = ev.value;
      if (e.type === 'metrics') {
        pending.push(e.values);
        if (e.step % job.metricsEvery === 0) {
          yield { type: 'metrics', step: e.step, values: metricsRow(pending) };
          pending.length = 0;
        }
        yield { type: 'progress', step: e.step, total: job.steps };
      } else if (e.type === 'test') {
        yield { type: 'metrics', step: e.step, values: e.values };
        const w = watchMeanFrame(watch, e.step, e.values.test_mse_e4, e.values.test_mean_frame_mse_e4);
        watch = w.watch;
        if (w.notice) yield log(w.notice, 'warn');
      } else if (e.type === 'checkpoint') {
        yield { type: 'event', step: e.step, kind: 'checkpoint', message: `checkpoint at step ${e.step}` };
        yield artifact('checkpoint', { kind: 'u8', shape: [], values: encodeCheckpoint(e.checkpoint) });
      } else {
        yield* rollbackMarks(e);
      }
    }
    const cancelled = ev.value;
    if (pending.length) yield { type: 'metrics', step: trainer.step, values: metricsRow(pending) };
    const final = encodeCheckpoint(await trainer.checkpoint());
    if (cancelled) {
      yield artifact('checkpoint', { kind: 'u8', shape: [], values: final });
      return;
    }
    yield artifact('weights', { kind: 'u8', shape: [], values: final });
    if (test.count === 0) return row({ steps: trainer.step, rollbacks: trainer.rollbacks });

    yield { type: 'progress', step: trainer.step, total: job.steps, message: 'evaluating' };
    const meanTrain = meanFrame(train.frames, train.count * train.length, framePixels(train), 1 / 255);
    const evalSet = job.finalEvalSequences > 0 ? headSequences(test, job.finalEvalSequences) : test;
    const start = anchorFrame(model.config);
    const e = await evaluateHgn(model, evalSet, {
      frames: Math.min(model.config.rolloutFrames, test.length - start),
      driftSteps: job.driftSteps,
      meanFrame: meanTrain,
    });
    const symetric = await symetricValues(dataset, start, (n, frames) => hgnLatentRollouts(model, test, n, frames));
    const result = yield* evaluationResults(e, { steps: trainer.step, rollbacks: trainer.rollbacks, ...symetric });

    yield { type: 'progress', step: trainer.step, total: job.steps, message: 'rolling out' };
    if (rollouts) yield* rolloutArtifacts(model, test, job, dataset, train);
    return result;
  } finally {
    trainer.dispose();
    disposeHgn(model);
  }
};

async function* rolloutArtifacts(model: ReturnType<typeof createHgn>, test: PixelSequences, job: HgnJobConfig, dataset: Dataset | undefined, train: PixelSequences): AsyncGenerator<RunnerEvent> {
  const c = model.config;
  const n = Math.min(job.rolloutSequences, test.count);
  if (n > 0) {
    const seqs = Array.from({ length: n }, (_, i) => i);
    const a = batchArrays(c, test, seqs, 1);
    const input = tf.tensor4d(a.input, [n, c.imageSize, c.imageSize, c.channels * c.encoderFrames]);
    let fwd: RolloutResult;
    let back: RolloutResult;
    let faster: RolloutResult;
    let slower: RolloutResult;
    try {
      fwd = await rolloutFromInput(model, input, { steps: job.rolloutSteps });
      back = await rolloutFromInput(model, input, { steps: job.rolloutSteps, speed: -1 });
      // Speed-changed rollouts (dt x2 and x0.5) for the viewer's dt-multiple choice.
      faster = await rolloutFromInput(model, input, { steps: job.rolloutSteps, speed: 2 });
      slower = await rolloutFromInput(model, input, { steps: job.rolloutSteps, speed: 0.5 });
    } finally {
      input.dispose();
    }
    yield* rolloutEvents('rollout', fwd);
    const speeds = { imageShape: [c.imageSize, c.imageSize, c.channels], backward: back, x2: faster, half: slower };
    yield* viewerArtifacts(n, speeds, test, anchorFrame(c), job.rolloutSteps + 1);
    if (dataset) yield* bodyPathArtifacts(dataset, n, anchorFrame(c), { frames: fwd.decoded, images: fwd.images });
  }
  if (job.sampleCount > 0) {
    const source = job.sampleFrom === 'auto' ? defaultSampleSource(c) : job.sampleFrom;
    if (source === 'fitted' && train.count < 4) {
      yield log('No samples: a fitted latent density needs at least 4 training sequences.');
      return;
    }
    yield log(source === 'prior' ? 'Samples: drawn from the prior N(0, I).' : `Samples: drawn from a density fitted to ${fittedStateCount(train)} encoded training states (this encoder was not trained to match the prior).`);
    let s: RolloutResult;
    try {
      s = await sampleTrajectories(model, source, job.sampleCount, deriveSeed(c.seed, 'prior-samples'), { steps: job.rolloutSteps }, train);
    } catch (err) {
      // The trained model, its metrics and rollouts stand; only the samples are missing, and the log says why.
      yield log(`No samples: ${err instanceof Error ? err.message : String(err)}`, 'warn');
      return;
    }
    yield artifact('samples-frames', { kind: 'f32', shape: [s.batch, s.frames, ...s.imageShape], values: s.images });
    yield artifact('samples-energy', { kind: 'f32', shape: [s.batch, s.frames], values: s.energy });
    yield artifact('samples-info', { kind: 'json', value: { source, states: source === 'fitted' ? fittedStateCount(train) : 0 } });
    // Real sequences of the same length beside them, from the first frame.
    const n = Math.min(job.sampleCount, train.count);
    const frames = Math.min(s.frames, train.length);
    const real = sliceFrames(train, Array.from({ length: n }, (_, i) => i), 0, frames);
    yield artifact('samples-real-frames', { kind: 'f32', shape: [n, frames, ...s.imageShape], values: real });
  }
}

function* rolloutEvents(prefix: 'rollout', r: RolloutResult): Generator<RunnerEvent> {
  yield artifact(`${prefix}-frames`, { kind: 'f32', shape: [r.batch, r.decoded, ...r.imageShape], values: r.images });
  yield artifact(`${prefix}-q`, { kind: 'f32', shape: [r.batch, r.frames, ...r.latentShape], values: r.q });
  yield artifact(`${prefix}-p`, { kind: 'f32', shape: [r.batch, r.frames, ...r.latentShape], values: r.p });
  yield artifact(`${prefix}-energy`, { kind: 'f32', shape: [r.batch, r.frames], values: r.energy });
}
