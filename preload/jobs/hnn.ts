// The HNN job: the HNN paper's ideal mass-spring experiment (Greydanus et al. 2019, task 1; docs/science.md), the
// HNN or its MLP baseline. Every field with its bounds, default and what the forms and the CLI say about it.
import { z } from 'zod';
import { HNN_DEFAULTS, HNN_MODELS } from '../../main/core/models/hnn/config';
import { int, positive, real } from '../schema-basics';
import { field } from './fields';
import { learningRateField } from './learning-rate';

const D = HNN_DEFAULTS;

export const HnnJobSchema = z.strictObject({
  kind: z.literal('hnn'),
  model: field(z.enum(HNN_MODELS).default(D.model), { label: 'Model', help: 'The HNN learns H and takes its symplectic gradient; the baseline MLP predicts (dq/dt, dp/dt) directly.', group: 'main' }),
  hidden: field(int(1, 2048).default(D.hidden), { label: 'Hidden units', help: 'Width of both hidden tanh layers.', paper: 200, group: 'main' }),
  learningRate: learningRateField(D.learningRate, { group: 'main', paper: 1e-3 }),
  steps: field(int(1, 1_000_000).default(D.steps), { label: 'Steps', help: 'Full-batch training steps.', paper: 2000 }),
  seed: field(int(0, 2 ** 31 - 1).default(D.seed), { label: 'Seed', help: 'Data and initial weights follow from it.' }),
  trainTrajectories: field(int(1, 10_000).default(D.trainTrajectories), { label: 'Train trajectories', help: '30 points each, t in [0, 3].', paper: 25 }),
  testTrajectories: field(int(1, 10_000).default(D.testTrajectories), { label: 'Test trajectories', help: 'Held out; also the energy rollouts.', paper: 25 }),
  noise: field(real(0, 10).default(D.noise), { label: 'Noise σ', help: 'Gaussian noise on (q, p).', paper: 0.1 }),
  evalEvery: field(int(1, 1_000_000).default(D.evalEvery), { label: 'Test every', help: 'Steps between test-loss evaluations.' }),
  rolloutTime: field(positive(1000).default(D.rolloutTime), { label: 'Rollout time', help: 'Length of the RK4 rollouts for the energy MSE.' }),
  /** A deliberate fault hook, for proving that a failing job fails alone: 'throw' or 'crash' the worker. */
  fault: z.enum(['none', 'throw', 'crash']).optional(),
});
export type HnnJobConfig = z.output<typeof HnnJobSchema>;
