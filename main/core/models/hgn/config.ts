// HGN configuration: one flat-ish JSON object (the app mirrors it in a zod schema), two presets.
// Sources: docs/science.md section 1 (HGN paper, the ReScience replication "RS", DeepMind's later code "DM").
import { LR_SCHEDULES, type LearningRateSchedule } from '../../training/lr-schedule';

export const INTEGRATORS = ['leapfrog', 'euler', 'rk4', 'yoshida'] as const;
export type IntegratorName = (typeof INTEGRATORS)[number];

export type Padding = 'same' | 'valid';

export interface HgnConfig {
  /** Frame geometry (square frames). */
  imageSize: number;
  channels: number;
  /** k: frames stacked on the channel axis as the encoder's input (RS: 5; DM feeds the whole sequence). */
  encoderFrames: number;
  /**
   * Which input frame the inferred state describes. 'last' (RS's final code): the state is frame k-1 and the
   * model decodes frames k-1 .. k-2+rolloutFrames. 'first' (the HGN paper's s_0): frames 0 .. rolloutFrames-1.
   */
  anchor: 'first' | 'last';
  /** Decoded frames per training sequence, the first one included (rolloutFrames - 1 integration steps). */
  rolloutFrames: number;
  /**
   * Frames of each training rollout that are decoded and scored, drawn at random per step (0 or absent = all).
   * The decoder is most of a laptop step (it runs once per frame); the latent rollout still runs the whole length,
   * so every frame is trained over the steps, at a fraction of the cost of each. Evaluation decodes every frame.
   */
  trainDecodedFrames?: number;

  /** Encoder: one 3x3 stride-1 ReLU conv per entry; the last entry is the latent channel count (paper: 32, 64 x6, 48). */
  encoderFilters: number[];
  encoderKernel: number;
  /** Gaussian posterior with a log-variance head and KL term; false = the paper's deterministic variant. */
  stochastic: boolean;

  /** Transformer f_psi: stride-2 convs; the last entry is 2 x the channels of q (paper: 64, 64, 32 -> q, p 16x4x4). */
  transformerFilters: number[];
  transformerKernel: number;

  /** 'general' H(q, p) or 'separable' K(p) + U(q) (two networks of the same layout). */
  hamiltonianForm: 'general' | 'separable';
  /** Hidden softplus conv layers of H; an output conv with one channel follows, then H sums over space. */
  hamiltonianFilters: number[];
  /** One entry per conv, output conv included (so one more than hamiltonianFilters). */
  hamiltonianKernels: number[];
  hamiltonianStrides: number[];
  hamiltonianPadding: Padding[];
  /**
   * A fixed quadratic term added to the learned H: H = H_net + (omega/2)(|q|^2 + |p|^2), a harmonic oscillator of
   * angular frequency omega that the network corrects. 0 = the paper's H_net alone. With omega near the data's
   * frequency, rollouts move sensibly from the first step, so the decoder learns a moving latent at once.
   */
  hamiltonianHarmonicPrior: number;

  /** Decoder: one residual 2x upsampling block per entry (paper: 64, 64, 64 for 4 -> 8 -> 16 -> 32). */
  decoderFilters: number[];
  decoderKernel: number;

  integrator: IntegratorName;
  /**
   * Fixed-point iterations of the implicit (generalised) leapfrog for a general H. 0 = the paper's explicit
   * scheme (docs/science.md section 1), exact Stormer-Verlet only for separable H; n > 0 makes it symplectic and
   * time-reversible for any H, to the iteration's tolerance, at 2n more H-gradients per step.
   */
  leapfrogIterations: number;
  dt: number;

  /** KL weighting: a fixed beta (loss = mse + beta * KL/pixels) or GECO (loss = KL/pixels + lambda * (mse - tol^2)). */
  klWeighting: 'beta' | 'geco';
  beta: number;
  gecoAlpha: number;
  gecoTolerance: number;
  gecoLambdaInit: number;
  gecoLambdaStep: number;

  learningRate: number;
  /** The rate over the run (core/training/lr-schedule.ts): constant, or a cosine down to learningRateFinal x the rate
   *  over the run's steps or time budget. Absent (configs saved before it existed) = constant. */
  learningRateSchedule?: LearningRateSchedule;
  learningRateFinal?: number;
  batchSize: number;
  /** Global-norm gradient clipping; 0 = off. */
  gradClipNorm: number;
  /**
   * Rollout curriculum (curriculum.ts): 'none' trains full rollouts from the start; 'linear' grows them from
   * `curriculumStartFrames` to `rolloutFrames` over `curriculumSteps` updates; 'adaptive' adds one frame when
   * the training MSE (moving average) is below `curriculumThreshold`, at most once per `curriculumSteps`.
   */
  curriculum: 'none' | 'linear' | 'adaptive';
  curriculumSteps: number;
  curriculumStartFrames: number;
  curriculumThreshold: number;
  /**
   * Start the decoder's output bias at the logit of the training frames' mean colour, so the first output is the
   * background rather than grey: the early "learn the mean frame" phase is skipped (data-dependent init).
   */
  dataInitOutputBias: boolean;
  seed: number;
}

/** H layouts of docs/science.md section 1: DeepMind's (physics_inspired_models) and the HGN authors' description. */
export const HAMILTONIAN_LAYOUTS = {
  dm: {
    hamiltonianFilters: [32, 64, 64, 64],
    hamiltonianKernels: [3, 2, 2, 2, 2],
    hamiltonianStrides: [1, 2, 1, 2, 1],
    hamiltonianPadding: ['same', 'same', 'same', 'same', 'same'] as Padding[],
  },
  authors: {
    hamiltonianFilters: [32, 64, 64, 64],
    hamiltonianKernels: [3, 2, 2, 2, 2],
    hamiltonianStrides: [1, 2, 1, 1, 2],
    hamiltonianPadding: ['same', 'valid', 'same', 'same', 'valid'] as Padding[],
  },
} as const;

const PAPER: HgnConfig = {
  imageSize: 32,
  channels: 3,
  encoderFrames: 5,
  anchor: 'last',
  rolloutFrames: 30,
  trainDecodedFrames: 0,
  encoderFilters: [32, 64, 64, 64, 64, 64, 64, 48],
  encoderKernel: 3,
  stochastic: true,
  transformerFilters: [64, 64, 32],
  transformerKernel: 3,
  hamiltonianForm: 'general',
  ...cloneLayout('dm'),
  hamiltonianHarmonicPrior: 0,
  decoderFilters: [64, 64, 64],
  decoderKernel: 3,
  integrator: 'leapfrog',
  leapfrogIterations: 0,
  dt: 0.125,
  klWeighting: 'geco',
  beta: 1,
  gecoAlpha: 0.99,
  gecoTolerance: 3.3e-2,
  gecoLambdaInit: 1,
  gecoLambdaStep: 0.1,
  learningRate: 1.5e-4,
  learningRateSchedule: 'constant',
  learningRateFinal: 1,
  batchSize: 16,
  gradClipNorm: 0,
  curriculum: 'none',
  curriculumSteps: 0,
  curriculumStartFrames: 30,
  curriculumThreshold: 0,
  dataInitOutputBias: false,
  seed: 1,
};

/**
 * Same structure, fewer filters, tuned to learn visibly on a 2-core CPU within minutes (bench/hgn-train.ts;
 * the recipe is in README.md): deterministic encoder, no KL; Adam at 3e-3 with clipping, batch 8, annealed on a
 * cosine to 5% of that over the run's budget (a lower test error in the same minutes); a separable H
 * with a harmonic prior near the suite's frequencies (the latent moves sensibly from step one); q and p of
 * 4x4x4; the data's mean colour as the decoder's starting output; an adaptive rollout curriculum from 6 frames.
 */
const LAPTOP: HgnConfig = {
  ...PAPER,
  encoderFilters: [16, 16, 16, 16, 16, 16, 16, 16],
  transformerFilters: [32, 32, 8],
  hamiltonianForm: 'separable',
  hamiltonianFilters: [16, 32, 32, 32],
  hamiltonianHarmonicPrior: 1.7,
  decoderFilters: [32, 16, 16],
  stochastic: false,
  klWeighting: 'beta',
  beta: 0,
  learningRate: 3e-3,
  learningRateSchedule: 'cosine',
  learningRateFinal: 0.05,
  batchSize: 8,
  gradClipNorm: 1,
  curriculum: 'adaptive',
  curriculumSteps: 10,
  curriculumStartFrames: 6,
  curriculumThreshold: 4e-3,
  dataInitOutputBias: true,
};

/**
 * The laptop recipe with the paper's H, an encoder and transformer twice as wide, q and p of 8 channels and half
 * the learning rate, for systems whose paths the small model cannot follow (three bodies: chaotic, so a path drifts
 * from the true one as soon as the learned flow is a little off). At 3e-3 this model sometimes never leaves the
 * mean frame (the decoder paints the dark background and no body); bench/hgn-train.ts records the trials.
 */
const LAPTOP_WIDE: HgnConfig = {
  ...LAPTOP,
  encoderFilters: [32, 32, 32, 32, 32, 32, 32, 32],
  transformerFilters: [64, 64, 16],
  hamiltonianFilters: [32, 64, 64, 64],
  learningRate: 1.5e-3,
};

/** The presets, in the order the pickers offer them. */
export const HGN_PRESETS = { laptop: LAPTOP, 'laptop-wide': LAPTOP_WIDE, paper: PAPER } as const satisfies Record<string, HgnConfig>;
export type HgnPresetName = keyof typeof HGN_PRESETS;
/** Their names as a non-empty tuple (what a schema's enum takes). */
export const HGN_PRESET_NAMES = Object.keys(HGN_PRESETS) as [HgnPresetName, ...HgnPresetName[]];

/** What each preset is for, in the words the preset pickers and the CLI show. */
export const HGN_PRESET_NOTES: Record<HgnPresetName, string> = {
  laptop: "The paper's structure with fewer filters: learns on a 2-core CPU in minutes.",
  'laptop-wide': "The laptop recipe with the paper's H, twice its encoder and half its learning rate: for three bodies.",
  paper: 'Encoder 32/64/48, H conv softplus, decoder 64 (Toth et al. 2020): sized for a GPU.',
};

/** A system's laptop recipe: the preset and training sequences the bench's table was measured with. */
export interface HgnRecipe {
  preset: HgnPresetName;
  train: number;
}

const DEFAULT_RECIPE: HgnRecipe = { preset: 'laptop', train: 2000 };
/** Systems that learn better with more than the default (bench/hgn-train.ts has the trials). */
const RECIPES: Partial<Record<string, HgnRecipe>> = {
  'three-body': { preset: 'laptop-wide', train: 8000 },
};

/** The laptop recipe of a system (the default one where none is recorded). */
export function hgnRecipe(system: string): HgnRecipe {
  return { ...(RECIPES[system] ?? DEFAULT_RECIPE) };
}

/**
 * The recipe a form moves to when its system changes from `from` to `to` (the wizard, the launch form): the new
 * system's, if it differs and the form still holds the old system's preset and sequence count; otherwise null
 * (the user's choice stands).
 */
export function recipeOnSystemChange(from: string, to: string, current: HgnRecipe): HgnRecipe | null {
  const [a, b] = [hgnRecipe(from), hgnRecipe(to)];
  if (a.preset === b.preset && a.train === b.train) return null;
  return current.preset === a.preset && current.train === a.train ? b : null;
}

function cloneLayout(name: keyof typeof HAMILTONIAN_LAYOUTS) {
  const l = HAMILTONIAN_LAYOUTS[name];
  return {
    hamiltonianFilters: [...l.hamiltonianFilters],
    hamiltonianKernels: [...l.hamiltonianKernels],
    hamiltonianStrides: [...l.hamiltonianStrides],
    hamiltonianPadding: [...l.hamiltonianPadding],
  };
}

/** A preset with overrides applied (arrays replaced whole), validated. */
export function hgnConfig(preset: HgnPresetName = 'paper', overrides: Partial<HgnConfig> = {}): HgnConfig {
  const base = structuredClone(HGN_PRESETS[preset]) as HgnConfig;
  const config = { ...base, ...structuredClone(overrides) };
  validateHgnConfig(config);
  return config;
}

/** Channels of q (and of p). */
export function latentChannels(c: HgnConfig): number {
  return c.transformerFilters[c.transformerFilters.length - 1] / 2;
}

/** Spatial size of q and p. */
export function latentSize(c: HgnConfig): number {
  return c.imageSize / 2 ** c.transformerFilters.length;
}

/** Frames a training or test sequence must hold: the encoder window and the decoded window. */
export function sequenceFramesNeeded(c: HgnConfig, rolloutFrames = c.rolloutFrames): number {
  const start = c.anchor === 'last' ? c.encoderFrames - 1 : 0;
  return Math.max(c.encoderFrames, start + rolloutFrames);
}

/** Throws a readable error for a configuration that cannot build a model. */
export function validateHgnConfig(c: HgnConfig): void {
  const fail = (msg: string): never => {
    throw new Error(`invalid HGN config: ${msg}`);
  };
  const posInt = (x: number, name: string) => {
    if (!Number.isInteger(x) || x < 1) fail(`${name} must be a positive integer (got ${x})`);
  };
  posInt(c.imageSize, 'imageSize');
  posInt(c.channels, 'channels');
  posInt(c.encoderFrames, 'encoderFrames');
  posInt(c.rolloutFrames, 'rolloutFrames');
  if (c.trainDecodedFrames !== undefined && (!Number.isInteger(c.trainDecodedFrames) || c.trainDecodedFrames < 0)) fail(`trainDecodedFrames must be 0 (all) or a positive integer (got ${c.trainDecodedFrames})`);
  posInt(c.batchSize, 'batchSize');
  posInt(c.encoderKernel, 'encoderKernel');
  posInt(c.transformerKernel, 'transformerKernel');
  posInt(c.decoderKernel, 'decoderKernel');
  if (c.encoderFilters.length < 1) fail('encoderFilters needs at least one layer');
  if (c.transformerFilters.length < 1) fail('transformerFilters needs at least one layer');
  [...c.encoderFilters, ...c.transformerFilters, ...c.hamiltonianFilters, ...c.decoderFilters].forEach((f) =>
    posInt(f, 'every filter count'),
  );
  if (c.transformerFilters[c.transformerFilters.length - 1] % 2 !== 0) fail('the last transformer layer must be even (q and p)');
  if (c.imageSize % 2 ** c.transformerFilters.length !== 0) fail('imageSize must be divisible by 2^(transformer layers)');
  if (latentSize(c) * 2 ** c.decoderFilters.length !== c.imageSize) {
    fail(`the decoder's ${c.decoderFilters.length} upsampling blocks must take ${latentSize(c)} back to ${c.imageSize}`);
  }
  const nH = c.hamiltonianFilters.length + 1;
  if (c.hamiltonianKernels.length !== nH || c.hamiltonianStrides.length !== nH || c.hamiltonianPadding.length !== nH) {
    fail(`hamiltonianKernels, hamiltonianStrides and hamiltonianPadding need ${nH} entries (hidden layers + output)`);
  }
  let size = latentSize(c);
  c.hamiltonianKernels.forEach((k, i) => {
    const s = c.hamiltonianStrides[i];
    size = c.hamiltonianPadding[i] === 'same' ? Math.ceil(size / s) : Math.floor((size - k) / s) + 1;
    if (size < 1) fail(`the Hamiltonian's layer ${i} shrinks the ${latentSize(c)}x${latentSize(c)} latent to nothing`);
  });
  if (!(c.hamiltonianHarmonicPrior >= 0)) fail('hamiltonianHarmonicPrior must be >= 0');
  if (!INTEGRATORS.includes(c.integrator)) fail(`unknown integrator "${c.integrator}"`);
  if (!Number.isInteger(c.leapfrogIterations) || c.leapfrogIterations < 0) fail('leapfrogIterations must be >= 0');
  if (!(c.dt > 0)) fail('dt must be positive');
  if (c.klWeighting !== 'beta' && c.klWeighting !== 'geco') fail('klWeighting must be beta or geco');
  if (!(c.learningRate > 0)) fail('learningRate must be positive');
  if (c.learningRateSchedule !== undefined && !LR_SCHEDULES.includes(c.learningRateSchedule)) fail(`learningRateSchedule must be ${LR_SCHEDULES.join(' or ')}`);
  if (c.learningRateFinal !== undefined && !(c.learningRateFinal > 0 && c.learningRateFinal <= 1)) fail('learningRateFinal must be in (0, 1]');
  if (c.anchor !== 'first' && c.anchor !== 'last') fail('anchor must be first or last');
  if (!(c.gradClipNorm >= 0)) fail('gradClipNorm must be >= 0');
  if (!['none', 'linear', 'adaptive'].includes(c.curriculum)) fail('curriculum must be none, linear or adaptive');
  if (!Number.isInteger(c.curriculumSteps) || c.curriculumSteps < 0) fail('curriculumSteps must be >= 0');
  if (c.curriculum !== 'none') posInt(c.curriculumStartFrames, 'curriculumStartFrames');
  if (c.curriculum === 'adaptive' && !(c.curriculumThreshold > 0)) fail('an adaptive curriculum needs curriculumThreshold > 0');
}
