// Ground-truth rollouts: a state every dt, integrated by the system's reference integrator in between.
import { makeDop853, type AdaptiveOptions } from './integrators/dop853';
import { makeSymplecticStepper, type CompositionName } from './integrators/symplectic';
import type { Dynamics, HamiltonianSystem, Params } from './types';

export interface SimulateOptions {
  /** 'auto' uses the system's choice (symplectic where separable and conservative, adaptive otherwise). */
  method?: 'auto' | 'symplectic' | 'adaptive';
  composition?: CompositionName;
  /** Largest symplectic substep; default the system's tuned value. */
  maxSubstep?: number;
  adaptive?: Partial<AdaptiveOptions>;
}

export interface Simulator {
  readonly dim: number;
  readonly method: 'symplectic' | 'adaptive';
  readonly dynamics: Dynamics;
  /** Advances state (in place) by time dt (negative dt integrates backwards). */
  advance(state: Float64Array, dt: number): void;
  /**
   * Writes `frames` states at t = 0, dt, ..., (frames - 1) dt starting from y0 into out[offset + t * dim + i].
   * y0 itself is not modified; the result depends on y0 only (adaptive step sizes restart every rollout).
   */
  rollout(y0: Float64Array, frames: number, dt: number, out: Float64Array, offset?: number): void;
}

export function makeSimulator(system: HamiltonianSystem, params: Params, options: SimulateOptions = {}): Simulator {
  const dynamics = system.dynamics(params);
  const dim = dynamics.dim;
  const wanted = options.method ?? 'auto';
  const method = wanted === 'auto' ? (dynamics.separable ? system.groundTruth.method : 'adaptive') : wanted;
  const maxSubstep = options.maxSubstep ?? system.groundTruth.maxSubstep;
  let advance: (state: Float64Array, dt: number) => void;
  let reset = (): void => {};
  if (method === 'symplectic') {
    const stepper = makeSymplecticStepper(dynamics, options.composition ?? 'yoshida6');
    advance = (state, dt) => {
      const substeps = Math.max(1, Math.ceil(Math.abs(dt) / maxSubstep - 1e-9));
      stepper.advance(state, dt / substeps, substeps);
    };
  } else {
    const tol = system.groundTruth.tolerance;
    const integrator = makeDop853(dynamics.field, dim, { rtol: tol, atol: tol, initialStep: maxSubstep, ...options.adaptive });
    advance = (state, dt) => integrator.advance(state, dt);
    reset = () => integrator.reset();
  }
  const y = new Float64Array(dim);
  return {
    dim,
    method,
    dynamics,
    advance,
    rollout(y0, frames, dt, out, offset = 0) {
      // Each rollout starts afresh, so a trajectory depends only on y0 (not on the previous rollout's step size).
      reset();
      for (let i = 0; i < dim; i++) y[i] = y0[i];
      for (let t = 0; t < frames; t++) {
        if (t > 0) advance(y, dt);
        out.set(y, offset + t * dim);
      }
    },
  };
}

/** Allocating convenience for tests and previews: [frames, dim] row-major. */
export function simulate(
  system: HamiltonianSystem,
  params: Params,
  y0: Float64Array,
  frames: number,
  dt: number,
  options?: SimulateOptions,
): Float64Array {
  const sim = makeSimulator(system, params, options);
  const out = new Float64Array(frames * sim.dim);
  sim.rollout(y0, frames, dt, out);
  return out;
}
