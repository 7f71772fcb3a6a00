// What the training loop, the evaluators and the runner need from a density model: the Hamiltonian flow and
// the RealNVP baseline both provide it, so one loop trains both.
import type * as tf from '@tensorflow/tfjs-core';
import { gaussian, type Rng } from '../../random';
import type { SymmetryGenerator } from './generators';
import type { NamedVariable } from '../../nn/mlp';

export type ModelKind = 'hamiltonian' | 'realnvp';

export interface ObjectiveTerms {
  /** Negative mean lower bound (flow) or negative mean exact log-likelihood (RealNVP) of the batch. */
  nll: tf.Scalar;
  /** E[{g_k, H}^2] per generator, averaged over the Hamiltonians (empty without generators). */
  constraints: tf.Scalar[];
}

export interface DensityModel {
  readonly kind: ModelKind;
  /** Dimension of the data q. */
  readonly dim: number;
  /** Dimension of one state of `trajectory` (2d for the flow's (q, p), d for RealNVP). */
  readonly stateDim: number;
  /** Every trainable variable with a stable name (used to save and load weights). */
  variables(): NamedVariable[];
  /**
   * The training objective on a batch x [B, d]; noise comes from `rng`. With `samples` K > 1 the bound is the
   * importance-weighted one (IWAE training); K = 1 is the ELBO. Call inside a gradient scope.
   */
  objective(x: tf.Tensor2D, rng: Rng, generators: readonly SymmetryGenerator[], samples?: number): ObjectiveTerms;
  /**
   * Log importance weights [K, B]: log p(x, p_k) - log h(p_k | x) for K momentum draws. Models with an exact
   * likelihood return [1, B] whatever K. `sharedNoise`: every point uses the same K standard-normal draws (each
   * point's estimate is unchanged in law, but a grid of them becomes a smooth image instead of speckle).
   */
  logWeights(x: tf.Tensor2D, k: number, rng: Rng, sharedNoise?: boolean): tf.Tensor2D;
  /** n samples of q: [n, d]. */
  sample(n: number, rng: Rng): tf.Tensor2D;
  /** The states of n samples through every step from the base to the data: [steps + 1, n, stateDim]. */
  trajectory(n: number, rng: Rng): tf.Tensor3D;
  dispose(): void;
}

/** n x m standard normal draws from the seeded generator (noise is drawn on the host: same seed, same run). */
export function gaussianNoise(n: number, m: number, rng: Rng): Float32Array {
  const out = new Float32Array(n * m);
  for (let i = 0; i < out.length; i++) out[i] = gaussian(rng);
  return out;
}
