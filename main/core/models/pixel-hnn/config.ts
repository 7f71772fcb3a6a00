// PixelHNN (Greydanus, Dzamba & Yosinski 2019, section "Learning a Hamiltonian from pixels"), sized for the
// project's 32x32 RGB datasets. The encoder sees a pair of consecutive frames (x_{t-1}, x_t) -> z_t = (q, p);
// the decoder rebuilds the pair; the HNN learns H(q, p) so that z_{t+1} = z_t + dt (dH/dp, -dH/dq).

/** Integrators of its test rollouts (the paper used an adaptive RK45; RK4 at one step per frame here). */
export const PIXEL_HNN_INTEGRATORS = ['rk4', 'leapfrog', 'euler'] as const;

export interface PixelHnnConfig {
  imageSize: number;
  channels: number;
  /** Degrees of freedom: q and p have this many entries each (1 for the pendulum and the spring). */
  latentDim: number;
  /** Hidden units of the encoder and decoder MLPs (ReLU, three hidden layers as in the paper's code). */
  aeHidden: number;
  /** Hidden units of the HNN MLP (tanh, two hidden layers). */
  hnnHidden: number;
  /** Loss weights: autoencoder, HNN (0.1 in the paper's code), canonical coordinates (p = dq/dt). */
  aeWeight: number;
  hnnWeight: number;
  ccWeight: number;
  /** Latent time step per frame (the paper's code uses 1: one frame is one time unit). */
  dt: number;
  /** Integrator of test rollouts (the paper used an adaptive RK45; RK4 at one step per frame here). */
  integrator: (typeof PIXEL_HNN_INTEGRATORS)[number];
  learningRate: number;
  batchSize: number;
  gradClipNorm: number;
  seed: number;
}

export const PIXEL_HNN_DEFAULTS: PixelHnnConfig = {
  imageSize: 32,
  channels: 3,
  latentDim: 1,
  aeHidden: 200,
  hnnHidden: 200,
  aeWeight: 1,
  hnnWeight: 0.1,
  ccWeight: 1,
  dt: 1,
  integrator: 'rk4',
  learningRate: 1e-3,
  batchSize: 64,
  gradClipNorm: 0,
  seed: 1,
};

export function pixelHnnConfig(overrides: Partial<PixelHnnConfig> = {}): PixelHnnConfig {
  const c = { ...PIXEL_HNN_DEFAULTS, ...overrides };
  for (const k of ['imageSize', 'channels', 'latentDim', 'aeHidden', 'hnnHidden', 'batchSize'] as const) {
    if (!Number.isInteger(c[k]) || c[k] < 1) throw new Error(`invalid PixelHNN config: ${k} must be a positive integer`);
  }
  if (!(c.dt > 0) || !(c.learningRate > 0)) throw new Error('invalid PixelHNN config: dt and learningRate must be positive');
  return c;
}
