// The HNN experiment's settings (Greydanus et al. 2019, task 1: the ideal mass-spring; docs/science.md) as plain
// constants, so the job schema (preload/jobs/hnn.ts) offers the published values without loading the model.
export const HNN_MODELS = ['hnn', 'baseline'] as const;
export type HnnKind = (typeof HNN_MODELS)[number];

export interface HnnTrainConfig {
  model: HnnKind;
  hidden: number;
  learningRate: number;
  steps: number;
  seed: number;
  trainTrajectories: number;
  testTrajectories: number;
  noise: number;
  /** Test loss every this many steps. */
  evalEvery: number;
  /** Length of the energy-MSE rollouts, in time units. */
  rolloutTime: number;
}

/** The HNN paper's setup: MLP 200 tanh, Adam 1e-3, 2000 steps, 25 + 25 trajectories. */
export const HNN_DEFAULTS: HnnTrainConfig = {
  model: 'hnn',
  hidden: 200,
  learningRate: 1e-3,
  steps: 2000,
  seed: 0,
  trainTrajectories: 25,
  testTrajectories: 25,
  noise: 0.1,
  evalEvery: 20,
  rolloutTime: 20,
};

