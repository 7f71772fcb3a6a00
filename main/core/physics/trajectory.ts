// Sampling a ground-truth trajectory: initial state, rollout, and a quality gate that resamples trajectories the
// integrator could not follow to reference accuracy (non-finite, or energy drifting: three-body near-collisions,
// about 5 samples in 1000 with the paper's noise, where double precision itself runs out).
import type { Rng } from '../random';
import type { Simulator } from './simulate';
import type { Dynamics, HamiltonianSystem, Params, SamplingSpec } from './types';

/** Largest relative energy drift accepted along a conservative, adaptively integrated ground-truth trajectory. */
export const ENERGY_GATE = 1e-9;
export const MAX_ATTEMPTS = 16;

export function energyScale(dyn: Dynamics, s: Float64Array): number {
  return dyn.energyScale ? dyn.energyScale(s) : Math.abs(dyn.H(s));
}

/** max_t |H(s_t) - H(s_0)| / scale(s_0) over `frames` states stored at out[offset + t * dim]. */
export function relativeEnergyDrift(dyn: Dynamics, out: Float64Array, offset: number, frames: number, scratch: Float64Array): number {
  const dim = dyn.dim;
  for (let k = 0; k < dim; k++) scratch[k] = out[offset + k];
  const h0 = dyn.H(scratch);
  const scale = Math.max(energyScale(dyn, scratch), Number.MIN_VALUE);
  let worst = 0;
  for (let t = 1; t < frames; t++) {
    for (let k = 0; k < dim; k++) scratch[k] = out[offset + t * dim + k];
    worst = Math.max(worst, Math.abs(dyn.H(scratch) - h0) / scale);
  }
  return worst;
}

export interface TrajectoryRequest {
  system: HamiltonianSystem;
  params: Params;
  sampling: SamplingSpec;
  sim: Simulator;
  frames: number;
  dt: number;
}

/**
 * Draws an initial state into y0 and its rollout into out[offset ..), resampling (from the same stream, so still
 * deterministic) until the trajectory passes the gate. Returns the number of attempts used.
 */
export function sampleTrajectory(req: TrajectoryRequest, rng: Rng, y0: Float64Array, out: Float64Array, offset: number): number {
  const { system, params, sampling, sim, frames, dt } = req;
  const span = frames * system.dim;
  const scratch = y0.slice();
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    system.sampleInitial(rng, params, sampling, y0);
    try {
      sim.rollout(y0, frames, dt, out, offset);
    } catch {
      continue;
    }
    let finite = true;
    for (let k = offset; k < offset + span; k++) if (!Number.isFinite(out[k])) finite = false;
    if (!finite) continue;
    // Only adaptive runs can lose accuracy (step control near a singularity); symplectic energy errors are bounded.
    const gated = system.conservative && sim.method === 'adaptive';
    if (gated && relativeEnergyDrift(sim.dynamics, out, offset, frames, scratch) > ENERGY_GATE) continue;
    return attempt;
  }
  throw new Error(`${system.id}: no trajectory passed the accuracy gate in ${MAX_ATTEMPTS} samples (extreme parameters?)`);
}
