// What the runners of pixel-dataset models (HGN, PixelHNN) share, so both report alike and the Runs page and the
// rollout viewer read one set of names: training within the job's time budget, the final evaluation's numbers
// and arrays, and the rollout frames the viewer plays (forward, backward, dt x2 and x0.5, ground truth).
import type { RolloutEvaluation } from '../core/training/rollout-evaluation';
import type { Dataset } from '../core/data/dataset';
import { getSystem } from '../core/physics';
import { makeBlobReader } from '../core/physics/render/blob-positions';
import { latentSymetric, SYMETRIC_MAX_STEPS, SYMETRIC_TRAJECTORIES, type LatentRollouts } from '../core/training/latent-symetric';
import { sliceFrames, type PixelSequences } from '../core/training/sequences';
import { row, artifact, type MetricValues, type RunContext, type RunnerEvent } from './runner';

/**
 * Passes a model's training events on until they end, the user cancels, or `maxSeconds` (0: none) have passed;
 * then stops the generator. Returns whether the user cancelled.
 */
export async function* withinBudget<E, R>(run: AsyncGenerator<E, R>, maxSeconds: number, ctx: RunContext, stopValue: () => R): AsyncGenerator<E, boolean> {
  const started = Date.now();
  for (;;) {
    if (ctx.cancelled() || (maxSeconds > 0 && (Date.now() - started) / 1000 >= maxSeconds)) {
      await run.return(stopValue());
      return ctx.cancelled();
    }
    const next = await run.next();
    if (next.done) return false;
    yield next.value;
  }
}

/** The reported numbers of a final evaluation (plus `extra`: steps, rollbacks), and the arrays the Runs page draws. */
export function* evaluationResults(e: RolloutEvaluation, extra: MetricValues, summary: Record<string, number> = {}): Generator<RunnerEvent, MetricValues> {
  const result = row({
    final_test_mse_e4: e.mseE4,
    final_vpt: e.vpt,
    final_vpt_relative: e.vptRelative,
    final_h_drift: e.hDrift,
    final_h_drift_spread: e.hDriftSpread,
    mean_frame_mse_e4: e.meanFrameMseE4 ?? NaN,
    ...extra,
  });
  yield artifact('evaluation', { kind: 'json', value: { ...result, sequences: e.sequences, frames: e.frames, ...summary } });
  yield artifact('eval-per-step-mse', { kind: 'f64', shape: [e.frames], values: Float64Array.from(e.perStepMse) });
  yield artifact('eval-h-drift', { kind: 'f64', shape: [e.hDriftPerStep.length], values: Float64Array.from(e.hDriftPerStep) });
  yield artifact('eval-vpt', { kind: 'f64', shape: [e.sequences], values: Float64Array.from(e.vptPerSequence) });
  return result;
}

/**
 * SyMetric of the model's latent rollouts (`rollouts(n, frames)`, from the anchor frame) against the dataset's true
 * test states: DeepMind's 5 trajectories of up to 200 steps, as many as the test split holds. Empty when the split
 * has fewer than two sequences or two states after the anchor (nothing to regress).
 */
export async function symetricValues(dataset: Dataset, anchor: number, rollouts: (n: number, frames: number) => Promise<LatentRollouts>): Promise<MetricValues> {
  const [length, dim] = dataset.meta.shapes.states;
  const n = Math.min(SYMETRIC_TRAJECTORIES, dataset.test.count);
  const frames = Math.min(SYMETRIC_MAX_STEPS, length - anchor);
  if (n < 2 || frames < 2) return {};
  const r = latentSymetric(await rollouts(n, frames), dataset.test.states, length, dim, anchor);
  return row({ final_symetric: r.symetric, final_symetric_rsq: r.rsq, final_symetric_sym: r.sym, final_symetric_order: r.order });
}

/** Decoded frames [n, frames, H, W, C] of rollouts at each speed the viewer offers besides x1. */
export interface SpeedRollouts {
  imageShape: readonly number[];
  backward: { frames: number; images: Float32Array };
  x2: { frames: number; images: Float32Array };
  half: { frames: number; images: Float32Array };
}

/** The viewer's other time directions and dt multiples, and the ground truth from the anchor frame on. */
export function* viewerArtifacts(n: number, r: SpeedRollouts, test: PixelSequences, anchor: number, frames: number): Generator<RunnerEvent> {
  const img = [...r.imageShape];
  yield artifact('rollout-backward-frames', { kind: 'f32', shape: [n, r.backward.frames, ...img], values: r.backward.images });
  yield artifact('rollout-x2-frames', { kind: 'f32', shape: [n, r.x2.frames, ...img], values: r.x2.images });
  yield artifact('rollout-x0.5-frames', { kind: 'f32', shape: [n, r.half.frames, ...img], values: r.half.images });
  const available = Math.min(test.length - anchor, frames);
  const seqs = Array.from({ length: n }, (_, i) => i);
  yield artifact('rollout-ground-truth', { kind: 'f32', shape: [n, available, ...img], values: sliceFrames(test, seqs, anchor, available) });
}

/**
 * The bodies' paths of the viewer's rollouts, for the 3D view: predicted, read from the decoded frames by where each
 * body's colour is (core/physics/render/blob-positions.ts), and true, from the dataset's states at the same steps.
 * Both [n, frames, bodies, 2] (x, y); the true paths stop where the test sequences end.
 */
export function* bodyPathArtifacts(dataset: Dataset, n: number, anchor: number, predicted: { frames: number; images: Float32Array }): Generator<RunnerEvent> {
  const spec = dataset.meta.spec;
  const system = getSystem(spec.system);
  const reader = makeBlobReader(system, spec.params, { size: spec.size, style: spec.style });
  const b = reader.bodies;
  const px = spec.size * spec.size * 3;
  const out = new Float64Array(2 * b);
  const pred = new Float32Array(n * predicted.frames * 2 * b);
  for (let i = 0; i < n * predicted.frames; i++) {
    reader.read(predicted.images, i * px, out);
    pred.set(out, i * 2 * b);
  }
  yield artifact('rollout-bodies', { kind: 'f32', shape: [n, predicted.frames, b, 2], values: pred });
  const [length, dim] = dataset.meta.shapes.states;
  const frames = Math.max(0, Math.min(predicted.frames, length - anchor));
  const draw = system.draw(spec.params);
  const truth = new Float32Array(n * frames * 2 * b);
  for (let s = 0; s < n; s++) {
    for (let k = 0; k < frames; k++) {
      const at = (s * length + anchor + k) * dim;
      draw.positions(dataset.test.states.subarray(at, at + dim), out);
      truth.set(out, (s * frames + k) * 2 * b);
    }
  }
  yield artifact('rollout-true-bodies', { kind: 'f32', shape: [n, frames, b, 2], values: truth });
}
