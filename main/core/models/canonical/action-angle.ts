// Using a learned transformation: a state to its actions and angles, the motion in action-angle space (actions
// fixed, angles advancing at constant rates), and back. With the convention Q = sqrt(2I) sin(theta),
// P = sqrt(2I) cos(theta) (theta = atan2(Q, P)), (theta, I) are canonical and theta' = dK/dI = omega.
// The rates come from the learned K = H o T^-1, through the latent velocity: X' = J x' with x' Hamilton's vector
// field at the physical state and J the Jacobian of T there (autodiff), and theta_j' = (P_j Q_j' - Q_j P_j') /
// (Q_j^2 + P_j^2), averaged along the motion; or from a trajectory, as the slope of its unwrapped latent angles.
import * as tf from '@tensorflow/tfjs-core';
import type { Dynamics } from '../../physics/types';
import { batchJacobian } from './jacobian';
import type { CanonicalFlow } from './model';
import { inverseStates, transformStates } from './evaluate';

export interface ActionAngles {
  count: number;
  /** [count, n] */
  actions: Float64Array;
  /** [count, n], in (-pi, pi] */
  angles: Float64Array;
}

/** Latent (Q, P) rows [count, 2n] -> actions and angles. */
export function latentToActionAngles(latent: ArrayLike<number>, count: number, n: number): ActionAngles {
  const actions = new Float64Array(count * n);
  const angles = new Float64Array(count * n);
  for (let c = 0; c < count; c++) {
    for (let j = 0; j < n; j++) {
      const q = latent[c * 2 * n + j];
      const p = latent[c * 2 * n + n + j];
      actions[c * n + j] = 0.5 * (q * q + p * p);
      angles[c * n + j] = Math.atan2(q, p);
    }
  }
  return { count, actions, angles };
}

export function actionAnglesToLatent(aa: ActionAngles, n: number): Float64Array {
  const out = new Float64Array(aa.count * 2 * n);
  for (let c = 0; c < aa.count; c++) {
    for (let j = 0; j < n; j++) {
      const rho = Math.sqrt(2 * Math.max(0, aa.actions[c * n + j]));
      out[c * 2 * n + j] = rho * Math.sin(aa.angles[c * n + j]);
      out[c * 2 * n + n + j] = rho * Math.cos(aa.angles[c * n + j]);
    }
  }
  return out;
}

/** Physical states [count, 2n] -> their actions and angles. */
export async function toActionAngles(model: CanonicalFlow, states: ArrayLike<number>, count: number): Promise<ActionAngles> {
  return latentToActionAngles(await transformStates(model, states, count), count, model.dof);
}

/** Actions and angles -> physical states [count, 2n] (float64 copy of the float32 result). */
export async function fromActionAngles(model: CanonicalFlow, aa: ActionAngles): Promise<Float64Array> {
  return Float64Array.from(await inverseStates(model, actionAnglesToLatent(aa, model.dof), aa.count));
}

/** theta_j' at latent points `latent` [count, 2n] mapped back to physical `phys`, from Hamilton's field there. */
async function angularVelocities(
  model: CanonicalFlow,
  dynamics: Dynamics,
  latent: ArrayLike<number>,
  phys: Float32Array,
  count: number,
): Promise<{ num: Float64Array; den: Float64Array }> {
  const n = model.dof;
  const d = 2 * n;
  const field = new Float64Array(d);
  const state = new Float64Array(d);
  const x = tf.tensor2d(phys, [count, d]);
  const jac = await batchJacobian((z) => model.forward(z), x);
  x.dispose();
  const num = new Float64Array(n);
  const den = new Float64Array(n);
  for (let s = 0; s < count; s++) {
    for (let i = 0; i < d; i++) state[i] = phys[s * d + i];
    dynamics.field(state, field);
    const o = s * d * d;
    for (let j = 0; j < n; j++) {
      let dq = 0;
      let dp = 0;
      for (let c = 0; c < d; c++) {
        dq += jac[o + j * d + c] * field[c];
        dp += jac[o + (n + j) * d + c] * field[c];
      }
      const q = latent[s * d + j];
      const p = latent[s * d + n + j];
      num[j] += p * dq - q * dp;
      den[j] += q * q + p * p;
    }
  }
  return { num, den };
}

/**
 * The angular rates omega_j = dK/dI_j of the motion through x0 (one state, length 2n), K = H o T^-1 the learned
 * transformed Hamiltonian. For an exact T they are the same at every point of the torus; for a learned one they
 * vary, so they are averaged along the action-angle motion itself: starting from the rates at x0, the angles are
 * advanced by the current rates over the longest period of the planes that move (`samples` points), the rates
 * averaged there, and again (`iterations` times). Averaging as sum_s (P Q' - Q P') / sum_s (Q^2 + P^2) keeps a
 * plane of radius ~0 from dividing by zero. (Averaging over the whole torus instead would visit angle combinations
 * no trajectory of the data reaches where some planes do not move: FPUT's translation mode, Kepler's eccentricity
 * plane; there the learned map is an extrapolation.)
 */
export async function frequenciesFromK(
  model: CanonicalFlow,
  dynamics: Dynamics,
  x0: ArrayLike<number>,
  samples = 32,
  iterations = 3,
): Promise<Float64Array> {
  const n = model.dof;
  const start = await toActionAngles(model, x0, 1);
  const startLatent = actionAnglesToLatent(start, n);
  const first = await angularVelocities(model, dynamics, startLatent, Float32Array.from(x0), 1);
  let omega = Float64Array.from(first.num, (v, j) => (first.den[j] > 0 ? v / first.den[j] : 0));
  for (let it = 0; it < iterations; it++) {
    const fastest = Math.max(...Array.from(omega, Math.abs));
    if (!(fastest > 0)) break;
    const slowest = Math.min(...Array.from(omega, Math.abs).filter((w) => w > 0.05 * fastest));
    const span = (2 * Math.PI) / slowest;
    const aa: ActionAngles = { count: samples, actions: new Float64Array(samples * n), angles: new Float64Array(samples * n) };
    for (let s = 0; s < samples; s++) {
      const t = (span * (s + 0.5)) / samples;
      for (let j = 0; j < n; j++) {
        aa.actions[s * n + j] = start.actions[j];
        aa.angles[s * n + j] = start.angles[j] + omega[j] * t;
      }
    }
    const latent = actionAnglesToLatent(aa, n);
    const { num, den } = await angularVelocities(model, dynamics, latent, await inverseStates(model, latent, samples), samples);
    omega = Float64Array.from(num, (v, j) => (den[j] > 0 ? v / den[j] : 0));
  }
  return omega;
}

/** Rates from one trajectory of latent states [points, 2n] spaced dt: least-squares slope of the unwrapped angles. */
export function frequenciesFromLatentTrajectory(latent: ArrayLike<number>, points: number, n: number, dt: number): Float64Array {
  const out = new Float64Array(n);
  const tMean = ((points - 1) * dt) / 2;
  for (let j = 0; j < n; j++) {
    let previous = 0;
    let unwrapped = 0;
    let sxy = 0;
    let sxx = 0;
    let mean = 0;
    const theta = new Float64Array(points);
    for (let t = 0; t < points; t++) {
      const a = Math.atan2(latent[t * 2 * n + j], latent[t * 2 * n + n + j]);
      if (t === 0) unwrapped = a;
      else {
        let step = a - previous;
        while (step > Math.PI) step -= 2 * Math.PI;
        while (step <= -Math.PI) step += 2 * Math.PI;
        unwrapped += step;
      }
      previous = a;
      theta[t] = unwrapped;
      mean += unwrapped / points;
    }
    for (let t = 0; t < points; t++) {
      sxy += (t * dt - tMean) * (theta[t] - mean);
      sxx += (t * dt - tMean) ** 2;
    }
    out[j] = sxx > 0 ? sxy / sxx : 0;
  }
  return out;
}

/**
 * The motion in action-angle space from x0: I fixed, theta(t) = theta0 + omega t for t = 0, dt, ...; mapped back by
 * T^-1. Returns [frames, 2n] physical states (compare them with the true trajectory).
 */
export async function integrateActionAngles(
  model: CanonicalFlow,
  x0: ArrayLike<number>,
  omega: ArrayLike<number>,
  frames: number,
  dt: number,
): Promise<Float64Array> {
  const n = model.dof;
  const start = await toActionAngles(model, x0, 1);
  const aa: ActionAngles = { count: frames, actions: new Float64Array(frames * n), angles: new Float64Array(frames * n) };
  for (let t = 0; t < frames; t++) {
    for (let j = 0; j < n; j++) {
      aa.actions[t * n + j] = start.actions[j];
      aa.angles[t * n + j] = start.angles[j] + omega[j] * t * dt;
    }
  }
  return fromActionAngles(model, aa);
}
