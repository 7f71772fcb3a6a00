// The job runner of the PixelHNN baseline (Greydanus et al. 2019), on the HGN's datasets and evaluated exactly
// like an HGN job, so the two are compared like with like. Builds the pixel dataset and the model from a flat
// JSON config, trains, evaluates, and yields metrics, marks and artifacts. No I/O.
//
// Metrics (flat name -> number rows):
//   every metricsEvery steps: ae, hnn, cc, total, grad_norm (the step's losses)
//   every evalEvery steps: test_mse_e4, test_vpt, test_vpt_relative, test_h_drift, test_h_drift_spread,
//     test_mean_frame_mse_e4 (first evalSequences test sequences, `frames` frames from the anchor)
//   returned at the end: final_test_mse_e4, final_vpt, final_vpt_relative, final_h_drift, final_h_drift_spread,
//     mean_frame_mse_e4, steps
// Marks: nan-rollback and lr-change (NaN/Inf guard).
// Artifacts, at the end (the names the Runs page's rollout viewer reads for HGN runs too):
//   evaluation (json summary), eval-per-step-mse (f64 [frames]), eval-h-drift (f64 [driftSteps + 1]),
//   eval-vpt (f64 [sequences]), rollout-frames (f32 [n, rolloutSteps + 1, H, W, C], decoded from the anchor on,
//   beyond the training horizon), rollout-ground-truth (f32 [n, available, H, W, C], from the anchor frame),
//   rollout-q / rollout-p (f32 [n, rolloutSteps + 1, latentDim]), rollout-energy (f32 [n, rolloutSteps + 1]),
//   rollout-backward-frames, rollout-x2-frames, rollout-x0.5-frames (f32, the same sequences integrated with
//   -dt, 2 dt and dt / 2).
// No weights artifact: PixelHNN weights have no file format yet.
import type { Dataset } from '../core/data/dataset';
import { sequencesFor, trainerSchedule } from './pixel-dataset';
import type { DatasetSpec } from '../core/data/spec';
import { evaluationValues } from '../core/models/hgn';
import {
  createPixelHnn,
  disposePixelHnn,
  evaluatePixelHnn,
  pixelHnnLatentRollouts,
  pixelHnnConfig,
  PixelHnnTrainer,
  rolloutPixelHnn,
  type PixelHnnConfig,
  type PixelHnnEvent,
  type PixelHnnModel,
  type PixelHnnRollout,
} from '../core/models/pixel-hnn';
import { meanFrame } from '../core/training/metrics';
import { packArrays } from '../core/training/pack';
import { copyFrame, framePixels, type PixelSequences } from '../core/training/sequences';
import { PIXEL_HNN_DATA_DEFAULTS, type PixelHnnJobConfig } from '../../preload/contract';
import { log, row, artifact, rollbackMarks, type Runner, type RunnerEvent } from './runner';
import { bodyPathArtifacts, evaluationResults, symetricValues, viewerArtifacts, withinBudget } from './pixel-results';

/** The model config (the paper's settings + overrides; imageSize follows the dataset) and the dataset spec, checked
 *  against each other: a job whose frames cannot feed the model fails here, before any data is made. */
export function pixelHnnSetup(job: PixelHnnJobConfig): { model: PixelHnnConfig; data: DatasetSpec } {
  const data = { ...PIXEL_HNN_DATA_DEFAULTS, ...job.data };
  const imageSize = job.model.imageSize ?? data.size;
  const model = pixelHnnConfig(imageSize === undefined ? job.model : { ...job.model, imageSize });
  if (data.size !== undefined && data.size !== model.imageSize) {
    throw new Error(`the dataset's ${data.size}px frames do not match the model's imageSize ${model.imageSize}`);
  }
  if (model.channels !== 3) throw new Error(`the datasets are RGB: the PixelHNN needs channels = 3, not ${model.channels}`);
  const length = data.steps;
  if (job.anchor < 1) throw new Error('the PixelHNN needs a frame before the anchor (anchor >= 1)');
  if (length < 3) throw new Error(`the PixelHNN trains on frame triples: the dataset needs at least 3 frames per sequence, not ${length}`);
  if (job.anchor >= length) throw new Error(`the anchor frame ${job.anchor} is past the dataset's ${length} frames per sequence`);
  return { model, data: { ...data, size: model.imageSize } };
}

export const runPixelHnn: Runner<PixelHnnJobConfig & { dataset?: Dataset }> = async function* (input, ctx) {
  const { dataset: given, ...job } = input;
  const { model: config, data } = pixelHnnSetup(job);

  const sequences = yield* sequencesFor(given, data, job.steps, ctx);
  if (!sequences) return;
  const { dataset, train, test } = sequences;
  if (train.length < 3) throw new Error(`the PixelHNN trains on frame triples: the dataset needs at least 3 frames per sequence, not ${train.length}`);
  if (train.height !== config.imageSize || train.channels !== config.channels) {
    throw new Error(`the dataset's ${train.height}x${train.width}x${train.channels} frames do not fit the model (${config.imageSize}x${config.imageSize}x${config.channels})`);
  }
  if (test.count > 0 && test.length <= job.anchor) throw new Error(`the anchor frame ${job.anchor} is past the test sequences' ${test.length} frames`);
  const frames = Math.min(job.frames, test.length - job.anchor);

  const model = createPixelHnn(config);
  const trainer = new PixelHnnTrainer(model, {
    ...trainerSchedule(job, sequences),
    anchor: job.anchor,
    evalFrames: frames,
  });
  yield log(`PixelHNN (${model.params.count()} parameters) on ${dataset.meta.system.label}: ${train.count} train / ${test.count} test sequences`);
  try {
    const run = withinBudget(trainer.run(), job.maxSeconds, ctx, () => undefined);
    let ev: IteratorResult<PixelHnnEvent, boolean>;
    while (!(ev = await run.next()).done) {
      const e = ev.value;
      if (e.type === 'metrics') {
        if (e.step % job.metricsEvery === 0) {
          const v = e.values;
          yield { type: 'metrics', step: e.step, values: row({ ae: v.ae, hnn: v.hnn, cc: v.cc, total: v.total, grad_norm: v.gradNorm }) };
        }
        yield { type: 'progress', step: e.step, total: job.steps };
      } else if (e.type === 'test') {
        yield { type: 'metrics', step: e.step, values: evaluationValues(e.evaluation) };
      } else {
        yield* rollbackMarks(e);
      }
    }
    if (ev.value) return;
    // The trained model, as an array pack (projects keep it as the run's weights; `export weights` writes it out).
    const meta = { format: 'pixel-hnn-weights', version: 1, config: model.config, step: trainer.step };
    yield artifact('weights', { kind: 'u8', shape: [], values: packArrays(meta, { params: await model.params.read() }) });
    if (test.count === 0) return row({ steps: trainer.step });

    yield { type: 'progress', step: trainer.step, total: job.steps, message: 'evaluating' };
    const e = await evaluatePixelHnn(model, test, {
      anchor: job.anchor,
      frames,
      driftSteps: job.driftSteps,
      meanFrame: meanFrame(train.frames, train.count * train.length, framePixels(train), 1 / 255),
    });
    const symetric = await symetricValues(dataset, job.anchor, (n, f) => pixelHnnLatentRollouts(model, test, n, job.anchor, f));
    const result = yield* evaluationResults(e, { steps: trainer.step, ...symetric }, { anchor: job.anchor });

    yield { type: 'progress', step: trainer.step, total: job.steps, message: 'rolling out' };
    yield* rolloutArtifacts(model, test, job, dataset);
    return result;
  } finally {
    trainer.dispose();
    disposePixelHnn(model);
  }
};

/** Rollouts of the first test sequences from the pair ending at the anchor frame, as the rollout viewer reads them. */
async function* rolloutArtifacts(model: PixelHnnModel, test: PixelSequences, job: PixelHnnJobConfig, dataset: Dataset): AsyncGenerator<RunnerEvent> {
  const n = Math.min(job.rolloutSequences, test.count);
  if (n === 0) return;
  const px = framePixels(test);
  const pairs = new Float32Array(n * 2 * px);
  for (let i = 0; i < n; i++) {
    copyFrame(test, i, job.anchor - 1, pairs, 2 * i * px);
    copyFrame(test, i, job.anchor, pairs, (2 * i + 1) * px);
  }
  const steps = job.rolloutSteps;
  const frames = steps + 1;
  const img = [test.height, test.width, test.channels];
  const roll = (speed: number): Promise<PixelHnnRollout> => rolloutPixelHnn(model, pairs, n, steps, frames, speed);
  const fwd = await roll(1);
  const d = model.config.latentDim;
  const q = new Float32Array(n * frames * d);
  const p = new Float32Array(n * frames * d);
  for (let r = 0; r < n * frames; r++) {
    q.set(fwd.latent.subarray(2 * d * r, 2 * d * r + d), d * r);
    p.set(fwd.latent.subarray(2 * d * r + d, 2 * d * (r + 1)), d * r);
  }
  yield artifact('rollout-frames', { kind: 'f32', shape: [n, frames, ...img], values: fwd.images });
  yield artifact('rollout-q', { kind: 'f32', shape: [n, frames, d], values: q });
  yield artifact('rollout-p', { kind: 'f32', shape: [n, frames, d], values: p });
  yield artifact('rollout-energy', { kind: 'f32', shape: [n, frames], values: fwd.energy });
  // Backward (-dt) and speed-changed rollouts (dt x2 and x0.5) for the viewer's time direction and dt choices.
  const [backward, x2, half] = [await roll(-1), await roll(2), await roll(0.5)];
  const at = (r: PixelHnnRollout) => ({ frames, images: r.images });
  yield* viewerArtifacts(n, { imageShape: img, backward: at(backward), x2: at(x2), half: at(half) }, test, job.anchor, frames);
  yield* bodyPathArtifacts(dataset, n, job.anchor, { frames, images: fwd.images });
}
