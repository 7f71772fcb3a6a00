// The HGN's public surface: what runners, the CLI and benches import.
export {
  HGN_PRESETS,
  HGN_PRESET_NOTES,
  hgnRecipe,
  HAMILTONIAN_LAYOUTS,
  INTEGRATORS,
  hgnConfig,
  latentChannels,
  latentSize,
  sequenceFramesNeeded,
  validateHgnConfig,
  type HgnConfig,
  type HgnPresetName,
  type HgnRecipe,
  type IntegratorName,
} from './config';
export { createHgn, disposeHgn, forward, infer, integratorOptions, type HgnModel } from './model';
export { HgnTrainer, trainHgn, evaluationValues, initOutputBias, type HgnTrainEvent, type HgnTrainMetrics, type HgnTrainOptions } from './train';
export { evaluateHgn, hgnLatentRollouts, type HgnEvalOptions, type HgnEvaluation } from './evaluate';
export { rolloutFromInput, rolloutFromState, samplePrior, type RolloutOptions, type RolloutResult } from './rollout';
export { anchorFrame, batchArrays, toBatch, disposeBatch, type HgnBatch } from './batch';
export {
  cloneCheckpoint,
  decodeCheckpoint,
  encodeCheckpoint,
  modelFromCheckpoint,
  type CheckpointDataRef,
  type HgnCheckpoint,
} from './checkpoint';
export { step as integratorStep, trajectory, type State } from './integrators';
export { energy, gradP, gradQ, type Hamiltonian } from './hamiltonian';
export { defaultSampleSource, encodeInitialStates, fittedStateCount, fitStateDensity, sampleFitted, sampleTrajectories, type SampleSource } from './fitted-samples';
export { fitLatentDensity, sampleLatentDensity, type LatentDensity } from './latent-density';
