// The flow job's config: every field with its meaning, the defaults, and the check that fills them in.
// The model's own fields default to HAMILTONIAN_FLOW_DEFAULTS, so the app and the model cannot disagree.
import type { ConstraintKind } from '../core/models/flows/generators';
import { HAMILTONIAN_FLOW_DEFAULTS } from '../core/models/flows/hamiltonian-flow';

/**
 * Everything a flow job needs, as one flat JSON object (every field has a default in FLOW_DEFAULTS).
 * Counts are integers; rates and sizes are positive unless said otherwise.
 */
export interface FlowJobConfig {
  /** 'hamiltonian': the EHF flow; 'realnvp': the affine-coupling baseline (no constraints). */
  model: 'hamiltonian' | 'realnvp';
  /** A name of DENSITY_NAMES (8gaussians, checkerboard, rings, moons, pinwheel, 2spirals, swissroll, rotsym,
   *  multimodal) or 'csv'. */
  density: string;
  /** With density 'csv': the text of the CSV file (one point per row; the service reads the file). */
  csvText: string;
  /** With density 'csv': centre the points and divide by their standard deviation (recommended). */
  csvStandardize: boolean;
  /** With density 'csv': the fraction of points held out as the test set. */
  testFraction: number;
  seed: number;
  /** Training steps (one batch each). */
  steps: number;
  /** Stop after this many seconds even if steps remain; 0 = no time limit. */
  maxSeconds: number;
  batchSize: number;
  /** Momentum draws per point in the training bound: 1 = the ELBO (the paper, default), K > 1 = IWAE-K (K x the
   *  cost per step). Optional: not yet in the contract's schema. */
  trainSamples?: number;
  /** Adam learning rate (the paper: 3e-4). */
  lr: number;
  /** 'constant', or 'cosine' decay to lr * lrFinalFraction at the last step. */
  lrSchedule: 'constant' | 'cosine';
  lrFinalFraction: number;
  /** Global gradient-norm clip; 0 = off. */
  clipNorm: number;
  /** T, the number of Hamiltonians. */
  hamiltonians: number;
  /** L, leapfrog steps per Hamiltonian. */
  leapfrogSteps: number;
  /** Hidden width of K, U, the encoder and the RealNVP couplings (the paper: 128). */
  hidden: number;
  /** a in K(p) = a |p|^2 / 2 + MLP(p). 0 is the paper's K; 1 (default, with potentialPrior 1) starts the flow as a
   *  harmonic oscillator, which trains several times faster (see core/models/flows/hamiltonian.ts). */
  kineticPrior: number;
  /** b in U(q) = b |q|^2 / 2 + MLP(q); default 1. Use 0 with the translation constraint. Optional: not yet in the
   *  contract's schema. */
  potentialPrior?: number;
  /** Initial leapfrog step of each Hamiltonian. */
  dt: number;
  /** Learn each dt within (0, dtMax). */
  learnDt: boolean;
  dtMax: number;
  /** Base density of the flow: 'normal' (rotation invariant) or 'soft-uniform'. */
  base: 'normal' | 'soft-uniform';
  softUniformWidth: number;
  softUniformSharpness: number;
  /** Coupling layers of the RealNVP baseline (6 x [1,128,128,2] matches the flow's ~102k parameters). */
  realnvpLayers: number;
  /** Symmetry constraint: none, so2 (q1 p2 - q2 p1), translation (p_i for each axis) or expr. */
  constraint: ConstraintKind;
  /** With constraint 'expr': one or more expressions of q1..qd, p1..pd separated by ';'. */
  constraintExpr: string;
  /** Constraint precision: E[{g, H}^2] <= kappa. */
  kappa: number;
  /** Gradient-ascent step of the Lagrange multipliers. */
  lambdaLr: number;
  lambdaInit: number;
  /** 0: infinite data (fresh samples every step); N > 0: a fixed training set of N points. */
  trainSize: number;
  /** Held-out points (named densities). */
  testSize: number;
  /** Metrics are averaged and emitted every this many steps. */
  metricsEvery: number;
  /** Test ELBO / IWAE every this many steps (0 = only at the end). */
  evalEvery: number;
  /** K of the IWAE bound at intervals, and the number of test (and train) points used. */
  evalK: number;
  evalPoints: number;
  /** K of the final IWAE on the whole test set (the reported test log-likelihood). */
  finalK: number;
  /** Artifacts (grids, samples, trajectories) every this many steps (0 = only at the end). */
  artifactEvery: number;
  /** Grid cells per side of the heatmaps, and K of the IWAE per grid cell. */
  gridSize: number;
  gridK: number;
  /** Half-width of the heatmaps' square; 0 = the density's own extent. */
  gridExtent: number;
  sampleCount: number;
  trajectoryCount: number;
}

// potentialPrior is left out here: it is optional (see FLOW_OPTIONAL_DEFAULTS). The rest keep the model's order.
const { potentialPrior, ...MODEL_DEFAULTS } = HAMILTONIAN_FLOW_DEFAULTS;

export const FLOW_DEFAULTS: FlowJobConfig = {
  model: 'hamiltonian',
  density: '8gaussians',
  csvText: '',
  csvStandardize: true,
  testFraction: 0.2,
  seed: 1,
  steps: 5000,
  maxSeconds: 0,
  batchSize: 256,
  lr: 3e-4,
  lrSchedule: 'constant',
  lrFinalFraction: 0.02,
  clipNorm: 100,
  ...MODEL_DEFAULTS,
  realnvpLayers: 6,
  constraint: 'none',
  constraintExpr: '',
  kappa: 0.01,
  lambdaLr: 0.1,
  lambdaInit: 0,
  trainSize: 0,
  testSize: 2000,
  metricsEvery: 10,
  evalEvery: 500,
  evalK: 20,
  evalPoints: 500,
  finalK: 100,
  artifactEvery: 500,
  gridSize: 64,
  gridK: 8,
  gridExtent: 0,
  sampleCount: 1000,
  trajectoryCount: 200,
};

/** Defaults of the optional fields (not yet in the contract's schema, so not in FLOW_DEFAULTS). */
export const FLOW_OPTIONAL_DEFAULTS: Required<Pick<FlowJobConfig, 'potentialPrior' | 'trainSamples'>> = {
  potentialPrior,
  trainSamples: 1,
};

/** Defaults filled in and every value checked; throws one clear error for the first bad field. */
export function resolveFlowConfig(partial: Partial<FlowJobConfig>): FlowJobConfig {
  const c: FlowJobConfig = { ...FLOW_DEFAULTS, ...FLOW_OPTIONAL_DEFAULTS, ...partial };
  const int = (k: keyof FlowJobConfig, min: number, max: number) => {
    const v = c[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw new Error(`${k} must be an integer in [${min}, ${max}], got ${String(v)}`);
    }
  };
  const pos = (k: keyof FlowJobConfig, allowZero = false) => {
    const v = c[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) {
      throw new Error(`${k} must be a ${allowZero ? 'non-negative' : 'positive'} number, got ${String(v)}`);
    }
  };
  if (c.model !== 'hamiltonian' && c.model !== 'realnvp') throw new Error(`model must be hamiltonian or realnvp, got ${String(c.model)}`);
  if (c.lrSchedule !== 'constant' && c.lrSchedule !== 'cosine') throw new Error(`lrSchedule must be constant or cosine, got ${String(c.lrSchedule)}`);
  if (!(c.lrFinalFraction > 0 && c.lrFinalFraction <= 1)) throw new Error(`lrFinalFraction must be in (0, 1], got ${c.lrFinalFraction}`);
  if (c.base !== 'normal' && c.base !== 'soft-uniform') throw new Error(`base must be normal or soft-uniform, got ${String(c.base)}`);
  int('seed', 0, 2 ** 32 - 1);
  int('steps', 1, 10_000_000);
  int('batchSize', 1, 65536);
  int('trainSamples', 1, 1000);
  int('hamiltonians', 1, 64);
  int('leapfrogSteps', 1, 64);
  int('hidden', 1, 4096);
  int('realnvpLayers', 1, 64);
  int('trainSize', 0, 10_000_000);
  int('testSize', 1, 1_000_000);
  int('metricsEvery', 1, 1_000_000);
  int('evalEvery', 0, 10_000_000);
  int('evalK', 1, 10_000);
  int('evalPoints', 1, 1_000_000);
  int('finalK', 1, 10_000);
  int('artifactEvery', 0, 10_000_000);
  int('gridSize', 2, 512);
  int('gridK', 1, 1000);
  int('sampleCount', 0, 1_000_000);
  int('trajectoryCount', 0, 100_000);
  for (const k of ['lr', 'dt', 'dtMax', 'softUniformWidth', 'softUniformSharpness'] as const) pos(k);
  for (const k of ['clipNorm', 'lambdaLr', 'lambdaInit', 'maxSeconds', 'gridExtent', 'kineticPrior', 'potentialPrior', 'kappa'] as const) pos(k, true);
  if (!(c.testFraction > 0 && c.testFraction < 1)) throw new Error(`testFraction must be in (0, 1), got ${c.testFraction}`);
  if (c.model === 'realnvp' && c.constraint !== 'none') throw new Error('symmetry constraints need the Hamiltonian flow, not RealNVP');
  return c;
}
