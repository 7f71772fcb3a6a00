// The configs of every job kind (HNN, Hamiltonian flow, dataset, HGN, PixelHNN) as runtime schemas: what a renderer may
// ask the main process to run. Part of the contract (re-exported by contract.ts).
import { z } from 'zod';
import { int, positive, real } from './schema-basics';

/** The HNN paper's ideal mass-spring experiment (REFERENCE.md section 5). */
export const HnnJobSchema = z.strictObject({
  kind: z.literal('hnn'),
  model: z.enum(['hnn', 'baseline']),
  hidden: int(1, 2048),
  learningRate: positive(1),
  steps: int(1, 1_000_000),
  seed: int(0, 2 ** 31 - 1),
  trainTrajectories: int(1, 10_000),
  testTrajectories: int(1, 10_000),
  noise: real(0, 10),
  evalEvery: int(1, 1_000_000),
  rolloutTime: positive(1000),
  /** A deliberate fault hook, for proving that a failing job fails alone: 'throw' or 'crash' the worker. */
  fault: z.enum(['none', 'throw', 'crash']).optional(),
});
export type HnnJobConfig = z.infer<typeof HnnJobSchema>;

export const FLOW_DENSITIES = ['8gaussians', 'checkerboard', 'rings', 'moons', 'pinwheel', '2spirals', 'swissroll', 'rotsym', 'multimodal', 'csv'] as const;
export const FLOW_CONSTRAINTS = ['none', 'so2', 'translation', 'expr'] as const;

/** A Hamiltonian flow (EHF) or its RealNVP baseline on a 2D density (REFERENCE.md section 4). */
export const FlowJobSchema = z.strictObject({
  kind: z.literal('flow'),
  model: z.enum(['hamiltonian', 'realnvp']),
  density: z.enum(FLOW_DENSITIES),
  csvText: z.string().max(20_000_000),
  csvStandardize: z.boolean(),
  testFraction: z.number().gt(0).lt(1),
  seed: int(0, 2 ** 32 - 1),
  steps: int(1, 10_000_000),
  maxSeconds: real(0, 7 * 24 * 3600),
  batchSize: int(1, 65536),
  lr: positive(1),
  lrSchedule: z.enum(['constant', 'cosine']),
  lrFinalFraction: z.number().gt(0).max(1),
  clipNorm: real(0, 1e9),
  hamiltonians: int(1, 64),
  leapfrogSteps: int(1, 64),
  hidden: int(1, 2048),
  /** Fixed quadratic starts K = c|p|^2/2 + MLP, U = c|q|^2/2 + MLP (0 = the paper's energies; 1 trains faster). */
  kineticPrior: real(0, 100),
  potentialPrior: real(0, 100).optional(),
  /** Importance samples of the training bound (1 = the ELBO). */
  trainSamples: int(1, 1000).optional(),
  dt: positive(100),
  learnDt: z.boolean(),
  dtMax: positive(100),
  base: z.enum(['normal', 'soft-uniform']),
  softUniformWidth: positive(1000),
  softUniformSharpness: positive(1000),
  realnvpLayers: int(1, 64),
  constraint: z.enum(FLOW_CONSTRAINTS),
  constraintExpr: z.string().max(2000),
  kappa: real(0, 1e6),
  lambdaLr: real(0, 1e6),
  lambdaInit: real(0, 1e6),
  trainSize: int(0, 10_000_000),
  testSize: int(1, 10_000_000),
  metricsEvery: int(1, 1_000_000),
  evalEvery: int(0, 10_000_000),
  evalK: int(1, 10_000),
  evalPoints: int(1, 1_000_000),
  finalK: int(1, 10_000),
  artifactEvery: int(0, 10_000_000),
  gridSize: int(4, 256),
  gridK: int(1, 1000),
  gridExtent: real(0, 1e6),
  sampleCount: int(0, 100_000),
  trajectoryCount: int(0, 10_000),
});
export type FlowJobConfig = z.infer<typeof FlowJobSchema>;

export const SYSTEM_IDS = [
  'mass-spring', 'pendulum', 'two-body', 'three-body', 'double-pendulum', 'mass-spring-friction', 'pendulum-friction', 'fput', 'kepler',
] as const;
export type SystemId = (typeof SYSTEM_IDS)[number];

/** Everything that determines a pixel dataset's bytes (seeded: the same spec gives byte-identical data). */
export const DatasetSpecSchema = z.strictObject({
  system: z.enum(SYSTEM_IDS),
  params: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,31}$/), z.number().finite()).optional(),
  sampling: z
    .strictObject({
      radius: z.tuple([z.number().min(0).max(1e3), z.number().min(0).max(1e3)]).optional(),
      noise: real(0, 100).optional(),
      noiseMode: z.enum(['initial', 'observation']).optional(),
    })
    .optional(),
  seed: int(0, 2 ** 32 - 1),
  train: int(0, 1_000_000),
  test: int(0, 1_000_000),
  steps: int(1, 10_000),
  dt: z.number().positive().max(10),
  size: int(16, 128),
  style: z.enum(['rs', 'dm']),
});
export type DatasetSpec = z.infer<typeof DatasetSpecSchema>;

/** Generates a dataset into the cache, in a worker, with progress and cancel like any job. */
export const DatasetJobSchema = z.strictObject({ kind: z.literal('dataset'), spec: DatasetSpecSchema });
export type DatasetJobConfig = z.infer<typeof DatasetJobSchema>;

/** Model sizes and options of an HGN, over its preset; the engine checks every field's range and meaning. */
const HgnModelValue = z.union([z.number().finite(), z.boolean(), z.string().max(40), z.array(z.union([z.number().finite(), z.string().max(10)])).max(32)]);
/** A model's settings as the engine's config objects hold them (HGN and PixelHNN presets, overrides). */
export type ModelSettings = Record<string, z.infer<typeof HgnModelValue>>;
/** Model settings over a preset: field names checked here, their meaning and range by the engine. */
const ModelSettingsSchema = z.record(z.string().regex(/^[A-Za-z]{1,40}$/), HgnModelValue).refine((m) => Object.keys(m).length <= 64, 'too many model fields');
export const HGN_INTEGRATORS = ['leapfrog', 'euler', 'rk4', 'yoshida'] as const;

/** A Hamiltonian Generative Network trained on a pixel dataset of a system (REFERENCE.md sections 1-3). */
export const HgnJobSchema = z.strictObject({
  kind: z.literal('hgn'),
  preset: z.enum(['paper', 'laptop']),
  model: ModelSettingsSchema,
  data: DatasetSpecSchema.partial().required({ system: true }),
  steps: int(1, 10_000_000),
  maxSeconds: real(0, 30 * 24 * 3600),
  metricsEvery: int(1, 1_000_000),
  evalEvery: int(0, 10_000_000),
  evalSequences: int(1, 100_000),
  checkpointEvery: int(0, 10_000_000),
  finalEvalSequences: int(0, 1_000_000),
  driftSteps: int(1, 10_000),
  rolloutSequences: int(1, 64),
  rolloutSteps: int(1, 10_000),
  sampleCount: int(0, 64),
});
export type HgnJobConfig = z.infer<typeof HgnJobSchema>;

/**
 * The PixelHNN baseline (Greydanus et al. 2019) on the same pixel datasets as an HGN, evaluated like one:
 * rollouts from the pair of frames ending at `anchor`. `model` overrides presets.pixelHnn.
 */
export const PixelHnnJobSchema = z.strictObject({
  kind: z.literal('pixel-hnn'),
  model: ModelSettingsSchema,
  data: DatasetSpecSchema.partial().required({ system: true }),
  steps: int(1, 10_000_000),
  maxSeconds: real(0, 30 * 24 * 3600),
  metricsEvery: int(1, 1_000_000),
  evalEvery: int(0, 10_000_000),
  evalSequences: int(1, 100_000),
  /** First predicted frame (the HGN's anchor: its encoder window's last frame). */
  anchor: int(0, 1000),
  /** Frames compared from the anchor on. */
  frames: int(1, 10_000),
  driftSteps: int(1, 10_000),
  rolloutSequences: int(1, 64),
  rolloutSteps: int(1, 10_000),
});
export type PixelHnnJobConfig = z.infer<typeof PixelHnnJobSchema>;

export const JobConfigSchema = z.discriminatedUnion('kind', [HnnJobSchema, FlowJobSchema, DatasetJobSchema, HgnJobSchema, PixelHnnJobSchema]);
export type JobConfig = z.infer<typeof JobConfigSchema>;
export type JobKind = JobConfig['kind'];
