// The canonical-transformation jobs (issue 17; main/core/models/canonical/README.md): `canonical` trains a
// symplectic network T that maps a system's phase space to coordinates where every trajectory turns on circles;
// `canonical-map` uses a trained one: a state to its actions and angles, the motion in action-angle space, and
// back. Every field with its bounds, default and what the forms and the CLI say about it; the published values are
// core's (core/models/canonical/config.ts, measured by the bench). The data fields left out take the system's own
// defaults (CANONICAL_DATA_DEFAULTS); cross-field rules (ranges in order, bound Kepler orbits) are core's.
import { z } from 'zod';
import {
  CANONICAL_DATA_DEFAULTS,
  CANONICAL_PUBLISHED as P,
  CANONICAL_SPLIT_DEFAULTS as S,
  CANONICAL_SYSTEMS,
  CENTRINGS,
  COUPLING_ACTIVATIONS,
  COUPLING_FORMS,
  LOSS_WEIGHTINGS,
  RATE_SOURCES,
  dataRangeProblems,
  validateCanonicalConfig,
  type CanonicalModelConfig,
  type CanonicalSystem,
} from '../../main/core/models/canonical/config';
import { int, positive, real } from '../schema-basics';
import { field, type FieldValue, type FieldValues } from './fields';
import { scheduledLearningRateFields } from './learning-rate';

export { CANONICAL_SYSTEMS, CANONICAL_SPLIT_DEFAULTS, RATE_SOURCES, type CanonicalSystem } from '../../main/core/models/canonical/config';

const ADV = { group: 'advanced' } as const;
const kepler = (v: FieldValues) => v.system === 'kepler';
const energetic = (v: FieldValues) => v.system !== 'fput';
const chain = (v: FieldValues) => v.system === 'fput';
const SYSTEM_PARAMS = z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,31}$/), z.number().finite());

export const CanonicalJobSchema = z.strictObject({
  kind: z.literal('canonical'),
  // The data: trajectories of the true dynamics (the wizard's system and dataset steps).
  system: field(z.enum(CANONICAL_SYSTEMS).default('kepler'), { label: 'System', help: 'An integrable system: Kepler (planar, prograde), the pendulum (libration), the mass-spring, the FPUT chain (N = 5).' }),
  params: SYSTEM_PARAMS.optional(),
  train: field(int(1, 100_000).default(S.train), { label: 'Training trajectories', help: 'Trajectories of the true dynamics the loss sees, shuffled every epoch.' }),
  validation: field(int(1, 100_000).default(S.validation), { label: 'Validation trajectories', help: 'Held out: the curves and the live views while it trains.' }),
  test: field(int(1, 100_000).default(S.test), { label: 'Test trajectories', help: 'Held out from another seed: the final numbers and views.' }),
  seed: field(int(0, 2 ** 32 - 1).default(S.seed), { label: 'Seed', help: 'Data, initial weights and the epoch shuffles follow from it.' }),
  points: field(int(2, 10_000).optional(), { label: 'Points per trajectory', help: 'States per trajectory (tau + 1); unset: the system\'s (about one period).' }),
  dt: field(positive(100).optional(), { label: 'Time step', help: 'Time between the states of a trajectory (integrated accurately in between).' }),
  energyMin: field(real(-1e6, 1e6).optional(), { label: 'Energy from', help: 'Lowest energy of the trajectories (Kepler: negative, bound orbits).', when: energetic }),
  energyMax: field(real(-1e6, 1e6).optional(), { label: 'Energy to', help: 'Highest energy (pendulum: below the separatrix 2 m g l).', when: energetic }),
  eccentricityMin: field(real(0, 0.99).optional(), { label: 'Eccentricity from', help: 'Kepler orbits from this eccentricity...', when: kepler }),
  eccentricityMax: field(real(0, 0.99).optional(), { label: 'Eccentricity to', help: '...to this one (0: circles).', when: kepler }),
  amplitudeMin: field(positive(100).optional(), { label: 'Amplitude from', help: 'Phase-space radius of the initial states, from...', when: chain }),
  amplitudeMax: field(positive(100).optional(), { label: 'Amplitude to', help: '...to (small: close to the normal modes).', when: chain }),
  // The model: zero-centre, [linear, p-coupling, q-coupling] x blocks, linear, zero-centre.
  blocks: field(int(1, 32).default(P.blocks), { label: 'Blocks', help: 'Blocks of a linear symplectic layer and two couplings (p <- p + grad F(q), q <- q + grad G(p)).', group: 'main' }),
  hidden: field(int(1, 1024).default(P.hidden), { label: 'Hidden units', help: 'Width of each coupling\'s network.', group: 'main' }),
  form: field(z.enum(COUPLING_FORMS).default('gradient-mlp'), { label: 'Coupling form', help: 'grad F of a scalar MLP, or the talk\'s irrotational W1^T s(w2 * s(W1 q + b1) + b2).', group: 'main' }),
  depth: field(int(1, 8).default(P.depth), { label: 'Hidden layers', help: 'Hidden layers of each F (the irrotational form has its fixed two).', group: 'main', when: (v) => v.form !== 'irrotational' }),
  activation: field(z.enum(COUPLING_ACTIVATIONS).default('tanh'), { label: 'Activation', help: 'Of the couplings\' networks.', ...ADV }),
  linear: field(z.boolean().default(true), { label: 'Linear symplectic layers', help: 'S = N A K between the blocks (spans Sp(2n)).', ...ADV }),
  zeroCentre: field(z.boolean().default(true), { label: 'Zero-centre layers', help: 'Canonical centring at the input and the output (running means after training).', ...ADV }),
  momentum: field(z.number().gt(0).max(1).default(0.05), { label: 'Running-mean momentum', help: 'How fast the zero-centre layers\' running means follow the batch means.', ...ADV }),
  initScale: field(real(0, 10).default(0.1), { label: 'Initial coupling scale', help: 'Scale of the couplings\' last weights at the start (near the identity).', ...ADV }),
  // Training.
  steps: field(int(1, 10_000_000).default(3000), { label: 'Steps', help: 'Training updates, one minibatch of trajectories each.' }),
  maxSeconds: field(real(0, 30 * 24 * 3600).default(0), { label: 'Time budget (s)', help: 'Stop after this many seconds even if steps remain; 0 = no limit.', flag: null }),
  batchTrajectories: field(int(1, 4096).default(P.batchTrajectories), { label: 'Batch', help: 'Whole trajectories per update.', group: 'main', flag: 'batch' }),
  ...scheduledLearningRateFields({ rate: P.learningRate, schedule: 'cosine', final: P.learningRateFinal }, { group: 'main', scheduleGroup: 'advanced' }),
  clipNorm: field(real(0, 1e9).default(P.clipNorm), { label: 'Gradient clip norm', help: 'Global-norm clipping; 0 = off.', ...ADV }),
  centring: field(z.enum(CENTRINGS).default('batch'), { label: 'Centring in training', help: 'What the zero-centre layers subtract while training: the batch means (the talk\'s) or the running means.', ...ADV }),
  weighting: field(z.enum(LOSS_WEIGHTINGS).default('absolute'), { label: 'Loss weighting', help: 'absolute: the talk\'s |r_k - r_k+1|^2; relative, rho, plane: the bench\'s trials (none did better).', ...ADV }),
  angleWeight: field(real(0, 100).default(0), { label: 'Angle-rate weight', help: 'Adds how unevenly the angles turn (not in the talk; 0 = off).', ...ADV }),
  maxRollbacks: field(int(0, 1000).default(8), { label: 'Rollbacks allowed', help: 'Non-finite steps in a row that roll back to the last checkpoint at half the rate before the run fails.', ...ADV }),
  // What is measured and drawn, and how often.
  metricsEvery: field(int(1, 1_000_000).default(10), { label: 'Metrics every', help: 'Steps between training-loss rows (means over the steps between).' }),
  evalEvery: field(int(0, 10_000_000).default(200), { label: 'Test every', help: 'Validation loss, radius spread, symplecticity and the views every this many steps (0 = only at the end).' }),
  evalTrajectories: field(int(1, 100_000).default(64), { label: 'Validation trajectories per check', help: 'Validation trajectories of each interval check.' }),
  viewTrajectories: field(int(1, 64).default(12), { label: 'Trajectories drawn', help: 'Trajectories shown in the phase-space and latent planes.' }),
  symplecticPoints: field(int(1, 4096).default(64), { label: 'Symplecticity points', help: 'States at which |J^T Omega J - Omega| is checked (Jacobian by autodiff).' }),
  rates: field(z.enum(RATE_SOURCES).default('learned-K'), { label: 'Angular rates', help: 'Of the action-angle motion at the end: dK/dI of the learned K, or fitted to the first half of the true trajectory\'s angles.' }),
  mapFrames: field(int(0, 100_000).default(0), { label: 'Action-angle frames', help: 'Frames of the action-angle motion mapped back at the end (0 = twice a trajectory).' }),
});
export type CanonicalJobConfig = z.output<typeof CanonicalJobSchema>;

/** The data fields of the job, as the system's defaults fill them (what the forms show when a system is picked). */
export function canonicalDataDefaults(system: CanonicalSystem): { params: Record<string, number>; values: Record<string, FieldValue> } {
  const d = CANONICAL_DATA_DEFAULTS[system];
  const values: Record<string, FieldValue> = { points: d.points, dt: d.dt };
  if (d.energy) [values.energyMin, values.energyMax] = d.energy;
  if (d.eccentricity) [values.eccentricityMin, values.eccentricityMax] = d.eccentricity;
  if (d.amplitude) [values.amplitudeMin, values.amplitudeMax] = d.amplitude;
  return { params: { ...(d.params ?? {}) }, values };
}

/**
 * The cross-field problems of a job's data fields (ranges in order, bound Kepler orbits, positive energies), keyed by
 * the field a form shows them under; fields left out take the system's defaults. The runner refuses the same (core).
 */
export function canonicalDataProblems(v: FieldValues & { system: CanonicalSystem }): Record<string, string> {
  const d = CANONICAL_DATA_DEFAULTS[v.system];
  const num = (x: FieldValue | undefined, fallback: number) => (typeof x === 'number' && Number.isFinite(x) ? x : fallback);
  const range = (r: [number, number] | undefined, lo: string, hi: string): [number, number] | undefined => (r ? [num(v[lo], r[0]), num(v[hi], r[1])] : undefined);
  const problems = dataRangeProblems({
    system: v.system,
    energy: range(d.energy, 'energyMin', 'energyMax'),
    eccentricity: range(d.eccentricity, 'eccentricityMin', 'eccentricityMax'),
    amplitude: range(d.amplitude, 'amplitudeMin', 'amplitudeMax'),
  });
  const out: Record<string, string> = {};
  for (const p of problems) out[`${p.range}Max`] ??= `${p.message[0].toUpperCase()}${p.message.slice(1)}.`;
  return out;
}

/** A weights entry of a saved model: one named array, its values as plain numbers (JSON). */
const WeightEntrySchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_.:/-]{1,200}$/),
  shape: z.array(int(0, 1_000_000)).max(8),
  values: z.array(z.number().finite()).max(50_000_000),
});

const ModelConfigSchema = z.custom<CanonicalModelConfig>((v) => {
  try {
    return typeof v === 'object' && v !== null && validateCanonicalConfig(v as CanonicalModelConfig).length === 0;
  } catch {
    return false;
  }
}, 'not a valid canonical model configuration');

/**
 * A trained transformation as the `weights` artifact and `canonical train --out` hold it: the training job's
 * config (system, parameters, data), the model's layer stack, the step and final metrics, and every array.
 */
export const SavedCanonicalModelSchema = z.object({
  format: z.literal('hamiltonian-studio/canonical-model'),
  version: z.literal(1),
  system: z.enum(CANONICAL_SYSTEMS),
  params: SYSTEM_PARAMS,
  /** The time step of its trajectories: the default spacing of a mapped motion. */
  dt: positive(100),
  points: int(2, 10_000),
  model: ModelConfigSchema,
  job: z.record(z.string(), z.unknown()),
  step: int(0, 1e9),
  metrics: z.record(z.string(), z.number()),
  weights: z.array(WeightEntrySchema).min(1).max(10_000),
});
export type SavedCanonicalModel = z.output<typeof SavedCanonicalModelSchema>;

/** Using a trained transformation: an initial state to actions and angles, their motion, mapped back. */
export const CanonicalMapJobSchema = z.strictObject({
  kind: z.literal('canonical-map'),
  model: SavedCanonicalModelSchema,
  /** The initial state [q_1..q_n, p_1..p_n]. */
  state: z.array(real(-1e6, 1e6)).min(2).max(128),
  frames: field(int(2, 100_000).default(200), { label: 'Frames', help: 'States of the motion, the first included.' }),
  dt: field(positive(100).optional(), { label: 'Time step', help: 'Between frames; unset: the training trajectories\' spacing.' }),
  rates: field(z.enum(RATE_SOURCES).default('learned-K'), { label: 'Angular rates', help: 'dK/dI of the learned K, or fitted to the first half of the true trajectory\'s angles.' }),
});
export type CanonicalMapJobConfig = z.output<typeof CanonicalMapJobSchema>;
