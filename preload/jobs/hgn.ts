// The HGN job: a Hamiltonian Generative Network (Toth et al. 2020; docs/science.md) trained on a pixel dataset.
// `model` holds overrides of a preset (core/models/hgn/config.ts: 'paper' sizes, the 'laptop' recipe or its wide variant): every
// setting with its bounds and what the forms and the CLI say about it. Cross-field rules (layer counts that fit
// the image size, kernels per layer) are the model's, checked in core when it is built.
import { z } from 'zod';
import { HGN_PRESET_NAMES, INTEGRATORS } from '../../main/core/models/hgn/config';
import { int, positive, real } from '../schema-basics';
import { pixelDataSchema, pixelTrainingFields } from './common';
import { field, type FieldValues } from './fields';
import { scheduledLearningRateOverrides } from './learning-rate';

export const HGN_INTEGRATORS = INTEGRATORS;
export { HGN_PRESET_NAMES, HGN_PRESET_NOTES, hgnRecipe, recipeOnSystemChange, type HgnPresetName as HgnPreset, type HgnRecipe } from '../../main/core/models/hgn/config';

const geco = (v: FieldValues) => v.klWeighting === 'geco';
const ints = (min: number, max: number) => z.array(int(min, max)).min(1).max(32);
const ADV = { group: 'advanced' } as const;

/** Any HgnConfig field, over the preset (arrays replace whole); unset fields keep the preset's value. */
export const HgnModelSchema = z.strictObject({
  integrator: field(z.enum(INTEGRATORS).optional(), { label: 'Integrator', help: 'Leapfrog is symplectic and time-reversible; the paper also compared Euler, RK4 and Yoshida.', group: 'main' }),
  hamiltonianForm: field(z.enum(['general', 'separable']).optional(), { label: 'Hamiltonian', help: 'General H(q, p), or separable K(p) + U(q) (exact Störmer-Verlet).', group: 'main' }),
  leapfrogIterations: field(int(0, 20).optional(), { label: 'Implicit leapfrog iterations', help: "0 = the paper's explicit scheme; n > 0 makes a general H symplectic at 2n more gradients per step.", group: 'main', when: (v) => v.hamiltonianForm === 'general' }),
  stochastic: field(z.boolean().optional(), { label: 'Stochastic encoder', help: 'A Gaussian posterior with a KL term; the deterministic variant had the best MSE in Table 1.', group: 'main' }),
  klWeighting: field(z.enum(['beta', 'geco']).optional(), { label: 'KL weighting', help: 'A fixed β, or GECO (a reconstruction constraint with a learned multiplier).', group: 'main' }),
  beta: field(real(0, 1e4).optional(), { label: 'β', help: 'Weight of the KL term per pixel.', group: 'main', when: (v) => !geco(v) }),
  gecoTolerance: field(positive(10).optional(), { label: 'GECO tolerance', help: 'Target reconstruction error (RS: 3.3e-2).', group: 'main', when: geco }),
  gecoAlpha: field(real(0, 1).optional(), { label: 'GECO α', help: 'Moving-average factor of the constraint (RS: 0.99).', group: 'main', when: geco }),
  gecoLambdaInit: field(positive(1e6).optional(), { label: 'GECO λ start', help: 'Initial multiplier of the constraint.', group: 'main', when: geco }),
  gecoLambdaStep: field(real(0, 100).optional(), { label: 'GECO λ step', help: 'How fast the multiplier follows the constraint.', group: 'main', when: geco }),
  encoderFrames: field(int(1, 30).optional(), { label: 'Frames the encoder sees (k)', help: 'Stacked on the channel axis (RS: 5).', group: 'main' }),
  rolloutFrames: field(int(2, 500).optional(), { label: 'Decoded frames per sequence', help: 'Training rollout length, first frame included.', group: 'main' }),
  trainDecodedFrames: field(int(0, 500).optional(), { label: 'Frames scored per step', help: 'Frames of each training rollout decoded and scored, drawn at random each step (0 = all): fewer make a step cheaper; the rollout still runs its whole length.', ...ADV }),
  ...scheduledLearningRateOverrides({ group: 'main', scheduleGroup: 'main' }),
  batchSize: field(int(1, 512).optional(), { label: 'Batch', help: 'Sequences per step.', group: 'main' }),
  gradClipNorm: field(real(0, 1e6).optional(), { label: 'Gradient clip norm', help: 'Global-norm clipping; 0 = off.', group: 'main' }),
  hamiltonianHarmonicPrior: field(real(0, 100).optional(), { label: 'Harmonic prior ω', help: "Adds (ω/2)(|q|² + |p|²) to the learned H so rollouts move from step one; 0 = the paper's H.", group: 'main' }),
  encoderFilters: field(ints(1, 1024).optional(), { label: 'Encoder filters', help: 'One 3x3 ReLU conv per entry; the last is the latent channel count.', ...ADV }),
  encoderKernel: field(int(1, 9).optional(), { label: 'Encoder kernel', help: 'Square kernel size of the encoder convs.', ...ADV }),
  transformerFilters: field(ints(1, 1024).optional(), { label: 'Transformer filters', help: 'Stride-2 convs to q and p; the last is twice the channels of q.', ...ADV }),
  transformerKernel: field(int(1, 9).optional(), { label: 'Transformer kernel', help: 'Square kernel size of the transformer convs.', ...ADV }),
  hamiltonianFilters: field(ints(1, 1024).optional(), { label: 'Hamiltonian filters', help: 'Hidden softplus convs of H, summed over space at the end.', ...ADV }),
  hamiltonianKernels: field(ints(1, 9).optional(), { label: 'Hamiltonian kernels', help: 'One per conv, the output conv included.', ...ADV }),
  hamiltonianStrides: field(ints(1, 4).optional(), { label: 'Hamiltonian strides', help: 'One per conv, the output conv included.', ...ADV }),
  hamiltonianPadding: field(z.array(z.enum(['same', 'valid'])).min(1).max(32).optional(), { label: 'Hamiltonian padding', help: '"same" or "valid", one per conv.', ...ADV }),
  decoderFilters: field(ints(1, 1024).optional(), { label: 'Decoder filters', help: 'One residual 2x upsampling block per entry.', ...ADV }),
  decoderKernel: field(int(1, 9).optional(), { label: 'Decoder kernel', help: 'Square kernel size of the decoder convs.', ...ADV }),
  anchor: field(z.enum(['last', 'first']).optional(), { label: 'State describes', help: "The last encoder frame (RS) or the first (the paper's s₀).", ...ADV }),
  curriculum: field(z.enum(['none', 'linear', 'adaptive']).optional(), { label: 'Rollout curriculum', help: 'Grow the training rollout from a few frames: linearly, or when the loss allows.', ...ADV }),
  curriculumStartFrames: field(int(2, 500).optional(), { label: 'Curriculum start frames', help: 'Rollout length the curriculum starts from.', ...ADV, when: (v) => v.curriculum !== 'none' }),
  curriculumSteps: field(int(0, 1e7).optional(), { label: 'Curriculum steps', help: 'Linear: steps to full length. Adaptive: at most one frame per this many steps.', ...ADV, when: (v) => v.curriculum !== 'none' }),
  curriculumThreshold: field(real(0, 10).optional(), { label: 'Curriculum threshold', help: 'Adaptive: add a frame when the training MSE is below this.', ...ADV, when: (v) => v.curriculum === 'adaptive' }),
  dataInitOutputBias: field(z.boolean().optional(), { label: 'Start from the mean colour', help: "Initialise the decoder's output at the data's mean colour (skips the grey phase).", ...ADV }),
  seed: field(int(0, 2 ** 31 - 1).optional(), { label: 'Weights seed', help: 'Initial weights and sampling follow from it.', ...ADV }),
  // Set from the dataset (frame size, frame interval), not offered as model settings.
  imageSize: int(16, 128).optional(),
  channels: int(1, 4).optional(),
  dt: positive(10).optional(),
});
export type HgnModelSettings = z.output<typeof HgnModelSchema>;

/** The pixel dataset: `steps` (frames per sequence) and `size` default to what the model needs. */
const HgnDataSchema = pixelDataSchema().default({ system: 'pendulum' });

export const HgnJobSchema = z.strictObject({
  kind: z.literal('hgn'),
  preset: field(z.enum(HGN_PRESET_NAMES).default('laptop'), { label: 'Preset', help: "Starting point of the model: 'laptop' (tuned for a CPU), 'laptop-wide' (the same, wider: for three bodies) or 'paper' (published sizes)." }),
  model: HgnModelSchema.prefault({}),
  data: HgnDataSchema,
  ...pixelTrainingFields({ steps: 2000, metricsEvery: 10, evalEvery: 250 }),
  checkpointEvery: field(int(0, 10_000_000).default(250), { label: 'Checkpoint every', help: 'Checkpoint (mark + artifact) every this many steps (0 = only at the end).' }),
  finalEvalSequences: field(int(0, 1_000_000).default(0), { label: 'Final test sequences', help: 'Test sequences of the final evaluation (0 = all).' }),
  sampleCount: field(int(0, 64).default(4), { label: 'Samples', help: 'New trajectories sampled at the end, shown beside real ones (0 = none).' }),
  sampleFrom: field(z.enum(['auto', 'prior', 'fitted']).default('auto'), {
    label: 'Samples from',
    help: "auto: the prior when the encoder is stochastic and trained with a KL term, else a density fitted to the encoded training states (the laptop recipe's prior decodes to noise).",
  }),
});
export type HgnJobConfig = z.output<typeof HgnJobSchema>;
