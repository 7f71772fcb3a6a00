// The public face of the flows for the runner, the CLI and the benches.
export { HamiltonianFlow, HAMILTONIAN_FLOW_DEFAULTS, type HamiltonianFlowConfig } from './hamiltonian-flow';
export { RealNvp, REALNVP_DEFAULTS, type RealNvpConfig } from './realnvp';
export type { DensityModel, ModelKind, ObjectiveTerms } from './model';
export { trainDensityModel, TRAIN_DEFAULTS, type TrainOptions, type TrainStep, type TrainEvent } from './train';
export { infiniteData, finiteData, splitPointSet, type FlowDataset } from './data';
export {
  logLikelihoods,
  meanLogLikelihood,
  densityGrid,
  energyGrids,
  sampleModel,
  sampleTrajectories,
  type Bound,
  type LikelihoodOptions,
  type EnergyGrids,
  type Trajectories,
} from './evaluate';
export {
  makeGenerators,
  parseConstraintSpec,
  so2Generator,
  translationGenerators,
  expressionGenerator,
  CONSTRAINT_KINDS,
  type ConstraintKind,
  type SymmetryGenerator,
} from './generators';
export { parseExpression, ExpressionError, formatExpression, expressionVariables, type ExprNode } from './expression';
export { poissonBracket, bracketWithHamiltonian, phaseGradient, type PhaseFunction } from './poisson';
export { exportWeights, importWeights, type WeightEntry } from './weights-json';
export { countParameters, type NamedVariable } from '../../nn/mlp';
