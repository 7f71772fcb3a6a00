// Using a trained transformation on a new initial state, as the app's panel, `canonical map` and the end of a
// training job do: the state to its actions and angles, the angles advanced at constant rates (from the learned K,
// or fitted to the first half of the true trajectory's latent angles, as the bench's `_traj` numbers), mapped back
// by T^-1, beside the true trajectory from the system's own integrator. No I/O.
import { makeSimulator } from '../../physics';
import type { HamiltonianSystem, Params } from '../../physics/types';
import type { RateSource } from './config';
import { frequenciesFromK, frequenciesFromLatentTrajectory, integrateActionAngles, toActionAngles } from './action-angle';
import { transformStates } from './evaluate';
import type { CanonicalFlow } from './model';

export interface MappedMotion {
  actions: Float64Array;
  angles: Float64Array;
  omega: Float64Array;
  /** [frames, 2n] the true trajectory and the action-angle motion mapped back. */
  truth: Float64Array;
  mapped: Float64Array;
  /** RMS error over RMS state (the bench's aa_rollout_rel_error). */
  relError: number;
}

/** RMS of (predicted - truth) over RMS of truth. */
export function relativeError(predicted: ArrayLike<number>, truth: ArrayLike<number>): number {
  let se = 0;
  let ss = 0;
  for (let i = 0; i < truth.length; i++) {
    se += (predicted[i] - truth[i]) ** 2;
    ss += truth[i] ** 2;
  }
  return ss > 0 ? Math.sqrt(se / ss) : Math.sqrt(se);
}

/** The motion from `x0` (length 2n) over `frames` states spaced `dt`, in action-angle space and in truth. */
export async function mapMotion(
  model: CanonicalFlow,
  system: HamiltonianSystem,
  params: Params,
  x0: ArrayLike<number>,
  frames: number,
  dt: number,
  rates: RateSource,
): Promise<MappedMotion> {
  const d = model.dim;
  if (x0.length !== d) throw new Error(`the model maps ${d}-dimensional states; the initial state has ${x0.length} numbers`);
  if (system.dim !== d) throw new Error(`${system.label} has ${system.dim} phase-space coordinates, the model ${d}`);
  if (!Array.from(x0).every(Number.isFinite)) throw new Error('the initial state must be finite numbers');
  const truth = new Float64Array(frames * d);
  makeSimulator(system, params).rollout(Float64Array.from(x0), frames, dt, truth, 0);
  if (!truth.every(Number.isFinite)) throw new Error(`${system.label}: the true trajectory from this state leaves the finite numbers (an unbound orbit?)`);
  const start = await toActionAngles(model, x0, 1);
  let omega: Float64Array;
  if (rates === 'fitted') {
    const half = Math.max(2, Math.ceil(frames / 2));
    omega = frequenciesFromLatentTrajectory(await transformStates(model, truth, half), half, model.dof, dt);
  } else {
    omega = await frequenciesFromK(model, system.dynamics(params), x0);
  }
  const mapped = await integrateActionAngles(model, x0, omega, frames, dt);
  return { actions: start.actions, angles: start.angles, omega, truth, mapped, relError: relativeError(mapped, truth) };
}
