// The flow job: a Hamiltonian flow (EHF, docs/science.md) or its RealNVP baseline on a 2D density or CSV points.
// Every field with its bounds, default and what the forms and the CLI say about it; the model's own defaults are
// the flow's published settings (core/models/flows/config.ts). Cross-field rules (dt < dtMax when dt is learned,
// constraints only on the Hamiltonian flow) are the model's, checked in core.
import { z } from 'zod';
import { DENSITY_NAMES } from '../../main/core/densities/names';
import { BASE_KINDS, CONSTRAINT_KINDS, FLOW_MODELS, HAMILTONIAN_FLOW_DEFAULTS as M } from '../../main/core/models/flows/config';
export { tunedFlowSettings, type TunedFlowSettings } from '../../main/core/models/flows/config';
import { fraction, int, positive, real } from '../schema-basics';
import { field, type FieldValues } from './fields';
import { scheduledLearningRateFields } from './learning-rate';

export const FLOW_DENSITIES = [...DENSITY_NAMES, 'csv'] as const;
export const FLOW_CONSTRAINTS = CONSTRAINT_KINDS;

const hamiltonian = (v: FieldValues) => v.model !== 'realnvp';
const constrained = (v: FieldValues) => hamiltonian(v) && v.constraint !== 'none';

export const FlowJobSchema = z.strictObject({
  kind: z.literal('flow'),
  model: field(z.enum(FLOW_MODELS).default('hamiltonian'), { label: 'Model', help: 'The Hamiltonian flow, or a RealNVP baseline of about the same size.', group: 'main' }),
  // The data: a named density, or the text of a CSV file (one point per row; the app reads the file).
  density: field(z.enum(FLOW_DENSITIES).default('8gaussians'), { label: 'Target density', help: "FFJORD's toy sets, the EHF paper's rotation-symmetric (rotsym) and multimodal densities, or your points.", flag: null }),
  csvText: z.string().max(20_000_000).default(''),
  csvStandardize: field(z.boolean().default(true), { label: 'Standardise the CSV', help: 'Centre the points and divide by their standard deviation (recommended).', flag: null }),
  testFraction: field(fraction().default(0.2), { label: 'Test fraction of the CSV', help: 'Points held out as the test set.' }),
  seed: field(int(0, 2 ** 32 - 1).default(1), { label: 'Seed', help: 'Data, weights and sampling.' }),
  trainSize: field(int(0, 10_000_000).default(0), { label: 'Training points', help: '0 = infinite data (fresh samples every step); the EHF paper\'s finite-data experiment used 500.' }),
  testSize: field(int(1, 10_000_000).default(2000), { label: 'Test points', help: 'Held out for the test likelihood.' }),
  // The model.
  hamiltonians: field(int(1, 64).default(M.hamiltonians), { label: 'Hamiltonians T', help: 'H_i = K_i(p) + U_i(q), one block each.', group: 'main', when: hamiltonian }),
  leapfrogSteps: field(int(1, 64).default(M.leapfrogSteps), { label: 'Leapfrog steps', help: 'Per Hamiltonian (the paper: a few are enough).', group: 'main', when: hamiltonian, flag: 'leapfrog' }),
  hidden: field(int(1, 2048).default(M.hidden), { label: 'Hidden units', help: 'Width of the MLPs: [d, w, w, 1] for K and U, [d, w, w, d] for the encoder.', paper: 128, group: 'main' }),
  realnvpLayers: field(int(1, 64).default(6), { label: 'Coupling layers', help: 'RealNVP depth (6 x [1,128,128,2] matches the flow\'s ~102k parameters).', group: 'main', when: (v) => !hamiltonian(v) }),
  constraint: field(z.enum(FLOW_CONSTRAINTS).default('none'), { label: 'Symmetry constraint', help: 'Enforce {g, H} = 0 with a Lagrange multiplier: SO(2), translations, or your own g(q, p).', group: 'main', when: hamiltonian, flag: null }),
  constraintExpr: field(z.string().max(2000).default(''), { label: 'Generator g(q, p)', help: 'An expression of q1.., p1..; parsed safely, e.g. q1*p2 - q2*p1.', group: 'main', when: (v) => hamiltonian(v) && v.constraint === 'expr', flag: null }),
  kappa: field(real(0, 1e6).default(0.01), { label: 'κ (precision)', help: 'The constraint is E[{g, H}²] ≤ κ.', group: 'main', when: constrained }),
  lambdaLr: field(real(0, 1e6).default(0.1), { label: 'Multiplier step', help: 'Gradient ascent rate of the Lagrange multiplier.', group: 'advanced', when: constrained }),
  lambdaInit: field(real(0, 1e6).default(0), { label: 'Multiplier start', help: 'Initial Lagrange multiplier.' }),
  dt: field(positive(100).default(M.dt), { label: 'Leapfrog dt', help: 'Initial step of every leapfrog step.', group: 'main', when: hamiltonian }),
  learnDt: field(z.boolean().default(M.learnDt), { label: 'Learn dt', help: 'Train the step size too (bounded by dt max).', group: 'advanced', when: hamiltonian, flag: null }),
  dtMax: field(positive(100).default(M.dtMax), { label: 'dt max', help: 'A learned dt stays inside (0, dt max).' }),
  base: field(z.enum(BASE_KINDS).default(M.base), { label: 'Base density', help: 'N(0, I), a soft uniform box, or a learned mixture of Gaussians (not with a symmetry constraint).', group: 'main' }),
  baseComponents: field(int(1, 256).default(M.baseComponents), { label: 'Mixture components', help: 'Gaussians in the learned base.', group: 'main', when: (v) => v.base === 'mixture' }),
  softUniformWidth: field(positive(1000).default(M.softUniformWidth), { label: 'Soft-uniform width', help: 'Side of the base box; match the data (8 for checkerboard).', group: 'main', when: (v) => v.base === 'soft-uniform' }),
  softUniformSharpness: field(positive(1000).default(M.softUniformSharpness), { label: 'Soft-uniform sharpness', help: 'How steeply the box\'s density falls at its sides.' }),
  kineticPrior: field(real(0, 100).default(M.kineticPrior), { label: 'Quadratic start of K', help: 'K = c|p|²/2 + MLP; 0 = the paper\'s energies, 1 trains faster.', paper: 0, group: 'advanced', when: hamiltonian }),
  potentialPrior: field(real(0, 100).default(M.potentialPrior), { label: 'Quadratic start of U', help: 'U = c|q|²/2 + MLP; 0 = the paper\'s energies (use 0 with translations).', paper: 0, group: 'advanced', when: hamiltonian }),
  trainSamples: field(int(1, 1000).default(1), { label: 'Importance samples in training', help: '1 = the ELBO; more = an IWAE bound (that many times the cost per step).', paper: 1, group: 'advanced', when: hamiltonian }),
  // Training.
  steps: field(int(1, 10_000_000).default(5000), { label: 'Steps', help: 'Training steps (one batch each).' }),
  maxSeconds: field(real(0, 7 * 24 * 3600).default(0), { label: 'Time budget (s)', help: '0 = no limit; stops early when reached.', flag: null }),
  batchSize: field(int(1, 65536).default(256), { label: 'Batch', help: 'Points per step.', group: 'main', flag: 'batch' }),
  ...scheduledLearningRateFields({ rate: 3e-4, schedule: 'constant', final: 0.02 }, { group: 'main', scheduleGroup: 'advanced', paper: 3e-4 }),
  clipNorm: field(real(0, 1e9).default(100), { label: 'Gradient clip norm', help: 'Global-norm clipping against the known instability; 0 = off.', group: 'advanced' }),
  maxRollbacks: field(int(0, 1000).default(10), { label: 'Rollbacks allowed', help: 'Non-finite steps in a row that roll back to the last good weights at half the rate before the run fails.', group: 'advanced' }),
  // What is measured and drawn, and how often.
  metricsEvery: field(int(1, 1_000_000).default(10), { label: 'Metrics every', help: 'Steps between training-metric rows (running means).' }),
  evalEvery: field(int(0, 10_000_000).default(500), { label: 'Test every', help: 'Test ELBO / IWAE every this many steps (0 = only at the end).' }),
  evalK: field(int(1, 10_000).default(20), { label: 'Test K', help: 'Importance samples of the interval IWAE.' }),
  evalPoints: field(int(1, 1_000_000).default(500), { label: 'Test points per interval', help: 'Test (and train) points of each interval evaluation.' }),
  finalK: field(int(1, 10_000).default(100), { label: 'Final K', help: 'Importance samples of the final IWAE on the whole test set (the reported test log-likelihood).' }),
  artifactEvery: field(int(0, 10_000_000).default(500), { label: 'Views every', help: 'Grids, samples and trajectories every this many steps (0 = only at the end).' }),
  gridSize: field(int(4, 256).default(64), { label: 'Grid size', help: 'Heatmap cells per side.' }),
  gridK: field(int(1, 1000).default(8), { label: 'Grid K', help: 'Importance samples per heatmap cell.' }),
  gridExtent: field(real(0, 1e6).default(0), { label: 'Grid extent', help: 'Half-width of the heatmaps\' square; 0 = the density\'s own extent.' }),
  sampleCount: field(int(0, 100_000).default(1000), { label: 'Samples drawn', help: 'Model samples shown (0 = none).' }),
  trajectoryCount: field(int(0, 10_000).default(200), { label: 'Trajectories drawn', help: 'Samples followed through the leapfrog steps (0 = none).' }),
});
export type FlowJobConfig = z.output<typeof FlowJobSchema>;
