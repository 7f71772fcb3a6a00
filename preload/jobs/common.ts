// What several job kinds share: the fields of a training run on a pixel dataset (HGN and PixelHNN are scheduled
// and evaluated alike) and the pixel dataset they train on.
import { z } from 'zod';
import { SYSTEM_IDS } from '../../main/core/physics/types';
import { int, real } from '../schema-basics';
import { DatasetSpecSchema } from './dataset';
import { field } from './fields';

/** What a pixel-dataset job trains on when its `data` leaves it out (the runner fills these in). */
export const PIXEL_DATA_DEFAULTS = { train: 2000, test: 200, seed: 0 } as const;

/** The pixel dataset of a training job: its system, and any spec field (the rest: PIXEL_DATA_DEFAULTS, or what
 *  the model needs). Without `data` at all, the pendulum. */
export function pixelDataSchema() {
  const s = DatasetSpecSchema.shape;
  return z.strictObject({
      system: z.enum(SYSTEM_IDS),
      params: s.params,
      sampling: s.sampling,
      seed: s.seed.optional(),
      train: s.train.optional(),
      test: s.test.optional(),
      steps: s.steps.optional(),
      dt: s.dt.optional(),
      size: s.size.optional(),
      style: s.style.optional(),
  });
}

/** Length, time budget, metric and test intervals, and the final rollouts of a pixel-dataset training job. */
export function pixelTrainingFields(d: { steps: number; metricsEvery: number; evalEvery: number }) {
  return {
    steps: field(int(1, 10_000_000).default(d.steps), { label: 'Training steps', help: 'Training updates, one batch each.' }),
    maxSeconds: field(real(0, 30 * 24 * 3600).default(0), { label: 'Time budget (s)', help: 'Stop after this many seconds even if steps remain (then evaluate as usual); 0 = no limit.', flag: null }),
    metricsEvery: field(int(1, 1_000_000).default(d.metricsEvery), { label: 'Metrics every', help: 'Steps between training-metric rows.' }),
    evalEvery: field(int(0, 10_000_000).default(d.evalEvery), { label: 'Test every', help: 'Steps between test metrics (0 = only at the end).' }),
    evalSequences: field(int(1, 100_000).default(32), { label: 'Test sequences', help: 'Test sequences of each interval evaluation.' }),
    driftSteps: field(int(1, 10_000).default(60), { label: 'Drift steps', help: 'Latent steps over which the drift of the learned H is measured.' }),
    rolloutSequences: field(int(1, 64).default(4), { label: 'Rollouts', help: 'Test sequences rolled out for the rollout viewer at the end.' }),
    rolloutSteps: field(int(1, 10_000).default(60), { label: 'Rollout steps', help: 'How far those rollouts go (beyond the training horizon).' }),
  };
}
