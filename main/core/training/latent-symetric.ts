// SyMetric of a pixel model's latent rollouts against the true phase-space states of the same test sequences
// (core/metrics/symetric.ts; docs/science.md section 3): what HGN and PixelHNN runs report beside MSE and VPT.
import { symetric, type SyMetricOptions, type SyMetricResult } from '../metrics/symetric';

export interface LatentRollouts {
  /** [sequences, frames, latentDim]: each row's q's then p's, step k from the anchor frame on. */
  latent: Float32Array;
  sequences: number;
  frames: number;
  latentDim: number;
}

/** DeepMind's evaluation: 5 trajectories of up to 200 steps. */
export const SYMETRIC_TRAJECTORIES = 5;
export const SYMETRIC_MAX_STEPS = 200;

/**
 * SyMetric of `r` against the true states `states` ([sequences, length, dim] of the dataset, q's then p's),
 * frame k of each rollout matched with the state at `anchor + k`. DeepMind also drops latent dimensions that a
 * stochastic encoder leaves at the prior; here every dimension is kept (the Lasso gives uninformative ones zero
 * weight).
 */
export function latentSymetric(r: LatentRollouts, states: Float64Array, length: number, dim: number, anchor: number, options: Partial<SyMetricOptions> = {}): SyMetricResult {
  if (anchor + r.frames > length) throw new Error(`the test sequences hold ${length - anchor} states after the anchor, not ${r.frames}`);
  const rows = r.sequences * r.frames;
  const truth = new Float64Array(rows * dim);
  const latent = new Float64Array(rows * r.latentDim);
  for (let s = 0; s < r.sequences; s++) {
    for (let k = 0; k < r.frames; k++) {
      const row = s * r.frames + k;
      truth.set(states.subarray((s * length + anchor + k) * dim, (s * length + anchor + k + 1) * dim), row * dim);
      latent.set(r.latent.subarray(row * r.latentDim, (row + 1) * r.latentDim), row * r.latentDim);
    }
  }
  return symetric({ data: truth, rows, cols: dim }, { data: latent, rows, cols: r.latentDim }, r.sequences, options);
}
