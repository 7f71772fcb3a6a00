// The PixelHNN job: the HNN-with-an-autoencoder baseline (Greydanus et al. 2019; docs/science.md) on the same
// pixel datasets as an HGN and evaluated like one: rollouts from the pair of frames ending at `anchor`. `model`
// overrides the paper's settings (core/models/pixel-hnn/config.ts).
import { z } from 'zod';
import { PIXEL_HNN_INTEGRATORS } from '../../main/core/models/pixel-hnn/config';
import { int, positive, real } from '../schema-basics';
import { PIXEL_DATA_DEFAULTS, pixelDataSchema, pixelTrainingFields } from './common';
import { field } from './fields';
import { learningRateOverride } from './learning-rate';

const ADV = { group: 'advanced' } as const;

/** Any PixelHnnConfig field, over the paper's settings; imageSize follows the dataset's size when unset. */
export const PixelHnnModelSchema = z.strictObject({
  latentDim: field(int(1, 64).optional(), { label: 'Degrees of freedom', help: 'q and p have this many entries each (1 for the pendulum and the spring).', group: 'main' }),
  aeHidden: field(int(1, 4096).optional(), { label: 'Autoencoder width', help: 'Hidden units of the encoder and decoder MLPs.', paper: 200, group: 'main' }),
  hnnHidden: field(int(1, 4096).optional(), { label: 'HNN width', help: 'Hidden units of the H network.', paper: 200, group: 'main' }),
  aeWeight: field(real(0, 1e4).optional(), { label: 'Autoencoder loss weight', help: 'Weight of the reconstruction term.', group: 'main' }),
  hnnWeight: field(real(0, 1e4).optional(), { label: 'HNN loss weight', help: 'Weight of the latent dynamics term.', paper: 0.1, group: 'main' }),
  ccWeight: field(real(0, 1e4).optional(), { label: 'Canonical loss weight', help: 'Pushes p towards dq/dt so the latent is canonical.', group: 'main' }),
  dt: field(positive(100).optional(), { label: 'Latent dt', help: 'Time per frame in the latent.', paper: 1, group: 'main' }),
  integrator: field(z.enum(PIXEL_HNN_INTEGRATORS).optional(), { label: 'Rollout integrator', help: 'The paper used adaptive RK45; RK4 at one step per frame here.', group: 'main' }),
  learningRate: learningRateOverride({ group: 'main', paper: 1e-3 }),
  batchSize: field(int(1, 4096).optional(), { label: 'Batch', help: 'Frame pairs per step.', group: 'main' }),
  gradClipNorm: field(real(0, 1e6).optional(), { label: 'Gradient clip norm', help: '0 = off.', ...ADV }),
  seed: field(int(0, 2 ** 31 - 1).optional(), { label: 'Weights seed', help: 'Initial weights follow from it.', ...ADV }),
  imageSize: int(16, 128).optional(),
  channels: int(1, 4).optional(),
});
export type PixelHnnModelSettings = z.output<typeof PixelHnnModelSchema>;

/** Its data's defaults: 34 frames per sequence (the HGN's 5-frame window and 30 decoded frames). */
export const PIXEL_HNN_DATA_DEFAULTS = { ...PIXEL_DATA_DEFAULTS, steps: 34 } as const;

export const PixelHnnJobSchema = z.strictObject({
  kind: z.literal('pixel-hnn'),
  model: PixelHnnModelSchema.prefault({}),
  data: pixelDataSchema().default({ system: 'pendulum' }),
  ...pixelTrainingFields({ steps: 5000, metricsEvery: 50, evalEvery: 1000 }),
  anchor: field(int(0, 1000).default(4), { label: 'Anchor frame', help: "First predicted frame: the HGN's anchor (its encoder window's last frame), to compare like with like." }),
  frames: field(int(1, 10_000).default(30), { label: 'Frames compared', help: 'Frames compared from the anchor on.' }),
});
export type PixelHnnJobConfig = z.output<typeof PixelHnnJobSchema>;
