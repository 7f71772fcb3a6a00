// The evaluation summary every pixel model shares (HGN, PixelHNN): ground truth vs predicted frames of test
// rollouts plus the learned energy along longer latent rollouts -> the literature's metrics.
import { constantFrameMse, energyDrift, mean, perStepMse, validPredictionTime } from './metrics';

export interface RolloutEvaluation {
  sequences: number;
  frames: number;
  /** Pixel MSE at each rollout frame, averaged over sequences. */
  perStepMse: Float64Array;
  mse: number;
  mseE4: number;
  vpt: number;
  vptRelative: number;
  vptPerSequence: Int32Array;
  /** Max over the drift rollout of mean |H_t - H_0| / |H_0|. */
  hDrift: number;
  /** The same relative to the spread (std) of H_0 over the sequences. */
  hDriftSpread: number;
  hDriftPerStep: Float64Array;
  meanFrameMseE4: number | null;
}

export interface RolloutEvaluationInput {
  /** [sequences, frames, pixels]. */
  groundTruth: Float32Array;
  predicted: Float32Array;
  sequences: number;
  frames: number;
  pixels: number;
  /** Learned energy along the drift rollouts, [sequences, driftFrames]. */
  energies: Float32Array;
  driftFrames: number;
  meanFrame?: Float32Array;
  vptThreshold?: number;
}

export function summarizeRollouts(x: RolloutEvaluationInput): RolloutEvaluation {
  const shape = { batch: x.sequences, steps: x.frames, pixels: x.pixels };
  const perStep = perStepMse(x.groundTruth, x.predicted, shape);
  const vpt = validPredictionTime(x.groundTruth, x.predicted, shape, x.vptThreshold ?? 0.025);
  const drift = energyDrift(x.energies, x.sequences, x.driftFrames, 'self');
  const spread = energyDrift(x.energies, x.sequences, x.driftFrames, 'spread');
  const m = mean(perStep);
  return {
    sequences: x.sequences,
    frames: x.frames,
    perStepMse: perStep,
    mse: m,
    mseE4: m * 1e4,
    vpt: vpt.median,
    vptRelative: vpt.relative,
    vptPerSequence: vpt.perSequence,
    hDrift: drift.max,
    hDriftSpread: spread.max,
    hDriftPerStep: drift.perStep,
    meanFrameMseE4: x.meanFrame ? constantFrameMse(x.groundTruth, x.meanFrame, shape) * 1e4 : null,
  };
}
