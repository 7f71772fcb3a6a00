// What a job reports, by name: every metric with its meaning and direction (the Runs page's "best" column and
// which curves show first read them) and every artifact a runner produces (the viewers and export read them).
// Runners are typed against these names, so a renamed or new metric is a change here, not a regular expression
// in the renderer.
import type { Grid2 } from '../main/core/densities/types';
import type { JobKind } from './jobs';

export type { Grid2 };

/** Which way is better: 'lower' (losses, errors), 'higher' (log-likelihoods, VPT), or neither (rates, sizes). */
export type Direction = 'lower' | 'higher' | 'none';

export interface MetricInfo {
  readonly direction: Direction;
  /** The job kinds whose charts show this curve at first (the others are a legend click away). */
  readonly shownFirst?: readonly JobKind[];
}

const lower = { direction: 'lower' } as const;
const higher = { direction: 'higher' } as const;
const none = { direction: 'none' } as const;
const pixel: readonly JobKind[] = ['hgn', 'pixel-hnn'];

/** Every metric with a fixed name. */
export const METRICS = {
  // HNN: every metricsEvery step, and the result.
  train_loss: { ...lower, shownFirst: ['hnn', 'canonical'] },
  test_loss: { ...lower, shownFirst: ['hnn'] },
  energy_mse: lower,
  // HGN training rows (averaged between rows).
  recon: lower,
  recon_e4: { ...lower, shownFirst: ['hgn'] },
  kl: { ...lower, shownFirst: ['hgn'] },
  total: lower,
  objective: lower,
  geco_lambda: none,
  grad_norm: none,
  lr: none,
  rollout_frames: none,
  step_ms: lower,
  // PixelHNN training rows.
  ae: { ...lower, shownFirst: ['pixel-hnn'] },
  hnn: { ...lower, shownFirst: ['pixel-hnn'] },
  cc: { ...lower, shownFirst: ['pixel-hnn'] },
  // HGN and PixelHNN test metrics at intervals, and their final evaluation.
  test_mse_e4: { ...lower, shownFirst: pixel },
  test_vpt: higher,
  test_vpt_relative: higher,
  test_h_drift: lower,
  test_h_drift_spread: lower,
  test_mean_frame_mse_e4: lower,
  final_test_mse_e4: lower,
  final_vpt: higher,
  final_vpt_relative: higher,
  final_h_drift: lower,
  final_h_drift_spread: lower,
  mean_frame_mse_e4: lower,
  // SyMetric (Botev et al. 2021) of the final model: 1 when the latent carries the true phase space symplectically.
  final_symetric: higher,
  final_symetric_rsq: higher,
  final_symetric_sym: lower,
  final_symetric_order: none,
  steps: none,
  rollbacks: lower,
  // Flows: training rows, interval bounds, the final evaluation.
  train_elbo: { ...higher, shownFirst: ['flow'] },
  loss: lower,
  steps_per_second: higher,
  test_elbo: { ...higher, shownFirst: ['flow'] },
  test_iwae: { ...higher, shownFirst: ['flow'] },
  train_iwae: higher,
  gap: lower,
  final_test_iwae: higher,
  final_test_iwae_stderr: none,
  final_test_nll: lower,
  final_train_iwae: higher,
  final_train_iwae_stderr: none,
  final_gap: lower,
  final_gap_stderr: none,
  seconds: none,
  // Canonical transformations: training rows, validation at intervals, the test evaluation at the end.
  epoch: none,
  validation_loss: { ...lower, shownFirst: ['canonical'] },
  validation_radius_spread: { ...lower, shownFirst: ['canonical'] },
  symplectic_defect: lower,
  test_radius_spread: lower,
  identity_radius_spread: none,
  radii_r2: higher,
  mode_match: higher,
  mode_match_identity: none,
  frequency_rel_error: lower,
  aa_rel_error: lower,
  // Dataset generation's result.
  sequences: none,
  bytes: none,
  sequencesPerSecond: higher,
} as const satisfies Record<string, MetricInfo>;

/** Metric families named per symmetry generator (so2, tx1, expr1, ...) or per Hamiltonian of a flow. */
export const METRIC_FAMILIES = {
  /** E[{g, H}^2] of a generator: the constraint, pushed below kappa. */
  constraint_: { ...lower, shownFirst: ['flow'] },
  /** Its Lagrange multiplier. */
  lambda_: none,
  /** The learned leapfrog step of Hamiltonian i. */
  dt_: none,
  /** Canonical transformations: correlation of a learned action with a true conserved quantity (its best plane). */
  action_corr_: higher,
} as const satisfies Record<string, MetricInfo>;

export type MetricName = keyof typeof METRICS | `${keyof typeof METRIC_FAMILIES}${string}`;
/** What a runner reports in one row or as its result: numbers by metric name (checked when it is built). */
export type Metrics = { [K in MetricName]?: number };
/** One row of a curve, or a job's result, as it is read back: numbers by name. */
export type MetricValues = Record<string, number>;

/** What is known about a metric (undefined for a name no runner reports). */
export function metricInfo(name: string): MetricInfo | undefined {
  if (name in METRICS) return METRICS[name as keyof typeof METRICS];
  const family = Object.keys(METRIC_FAMILIES).find((prefix) => name.startsWith(prefix)) as keyof typeof METRIC_FAMILIES | undefined;
  return family && METRIC_FAMILIES[family];
}

/** The best of a curve's values by its metric's direction; null when neither way is better (lr, rollout frames). */
export function bestOf(name: string, values: readonly number[]): number | null {
  const d = metricInfo(name)?.direction ?? 'none';
  if (d === 'lower') return Math.min(...values);
  if (d === 'higher') return Math.max(...values);
  return null;
}

/** Frame arrays [n, frames, H, W, C] a run may hold, with the words the export menu uses for each. */
export const FRAME_ARTIFACTS = {
  'rollout-frames': 'prediction',
  'rollout-ground-truth': 'ground truth',
  'rollout-backward-frames': 'backward (−dt)',
  'rollout-x2-frames': 'dt ×2',
  'rollout-x0.5-frames': 'dt ×0.5',
  'samples-frames': 'samples',
  'samples-real-frames': 'real sequences beside the samples',
} as const;

/** Every artifact a runner produces. */
export const ARTIFACT_NAMES = [
  ...(Object.keys(FRAME_ARTIFACTS) as Array<keyof typeof FRAME_ARTIFACTS>),
  // HGN and PixelHNN: the latent path and energy of the rollouts and samples, the final evaluation, weights.
  'rollout-q', 'rollout-p', 'rollout-energy', 'samples-energy', 'samples-info',
  // ... and the bodies' paths [n, frames, bodies, 2] of the forward rollout: read from its decoded frames, and true.
  'rollout-bodies', 'rollout-true-bodies',
  'evaluation', 'eval-per-step-mse', 'eval-h-drift', 'eval-vpt', 'checkpoint', 'weights',
  // Flows: the setup, heatmaps, points, samples and trajectories.
  'setup', 'target-grid', 'train-points', 'density-grid', 'kinetic-grid', 'potential-grid', 'samples', 'trajectories',
  // Canonical transformations: the setup, trajectories in phase space and in the learned planes, the actions
  // against the true conserved quantities, the action-angle motion mapped back.
  'canonical-setup', 'canonical-states', 'canonical-latent', 'canonical-actions', 'canonical-map',
  // Dataset generation.
  'dataset', 'dataset-header',
] as const;
export type ArtifactName = (typeof ARTIFACT_NAMES)[number];

/** The `setup` artifact of a flow run (json): what its views need before the first heatmap. */
export interface FlowSetupInfo {
  model: 'hamiltonian' | 'realnvp';
  dim: number;
  stateDim: number;
  parameters: number;
  /** The heatmaps' grid (row-major, y slow), or null for data of more than two dimensions. */
  grid: Grid2 | null;
  /** CSV standardisation: original = x * scale + shift. */
  transform: { shift: number[]; scale: number };
  generators: Array<{ id: string; label: string }>;
  trainSize: number;
  testSize: number;
  /** Entropy of the target in nats (the best test NLL possible), when known. */
  entropy: number | null;
}

/** The `canonical-setup` artifact (json): what the canonical views need before the first evaluation. */
export interface CanonicalSetupInfo {
  system: string;
  systemLabel: string;
  params: Record<string, number>;
  dof: number;
  /** Names of the state's coordinates, [q..., p...] (x, y, px, py for Kepler). */
  coordinates: string[];
  parameters: number;
  points: number;
  dt: number;
  train: number;
  validation: number;
  test: number;
}

/** One true conserved quantity against the learned action of the plane that follows it best. */
export interface CanonicalQuantity {
  /** The truth's name (energy, angular_momentum, lrl, action, mode_energy_1, ...) and how people read it. */
  name: string;
  label: string;
  /** Per trajectory: the true value and the learned action I_j = mean_t (Q_j^2 + P_j^2) / 2 of plane `plane`. */
  truth: number[];
  action: number[];
  plane: number;
  correlation: number;
}

/** The `canonical-actions` artifact (json): the learned actions against the truth, on validation or test. */
export interface CanonicalActionsInfo {
  set: 'validation' | 'test';
  step: number;
  dof: number;
  count: number;
  /** [count][n] learned actions. */
  actions: number[][];
  /** Mean relative radius spread over the trajectories (0: perfect circles). */
  radiusSpread: number;
  /** max |J^T Omega J - Omega| over the checked states (float32 round-off for an exact T). */
  symplecticDefect: number;
  symplecticPoints: number;
  quantities: CanonicalQuantity[];
}

/** The `canonical-map` artifact (json): an initial state to actions and angles, their motion, mapped back. */
export interface CanonicalMapInfo {
  state: number[];
  dof: number;
  dt: number;
  frames: number;
  rates: 'learned-K' | 'fitted';
  actions: number[];
  angles: number[];
  /** The angular rates omega_j the angles advance at. */
  omega: number[];
  /** [frames][2n] states: the true trajectory (the system's integrator) and the action-angle motion mapped back by T^-1. */
  truth: number[][];
  mapped: number[][];
  /** RMS error over RMS state of the mapped-back motion against the truth. */
  relError: number;
  /** Names of the state's coordinates. */
  coordinates: string[];
}
