// Latent integrators for any Hamiltonian, gradients by autodiff. Every op is differentiable, so the training
// loss differentiates through whole rollouts (second order in H's weights).
import * as tf from '@tensorflow/tfjs-core';
import type { IntegratorName } from './config';
import { bound, kick, type Hamiltonian } from './hamiltonian';

export interface State {
  q: tf.Tensor;
  p: tf.Tensor;
}

export interface IntegratorOptions {
  method: IntegratorName;
  /** Signed step: a negative dt integrates backwards in time. */
  dt: number;
  /** Implicit-leapfrog fixed-point iterations for a general H (0 = the paper's explicit scheme). */
  leapfrogIterations?: number;
}

const axpy = (x: tf.Tensor, a: number, y: tf.Tensor): tf.Tensor => tf.add(x, tf.mul(y, a));

/**
 * Leapfrog. The paper's explicit scheme (docs/science.md section 1), dH/dp by autodiff at the half step; never dH/dp = p:
 *   p' = p - dt/2 dH/dq(q, p);  q1 = q + dt dH/dp(q, p');  p1 = p' - dt/2 dH/dq(q1, p').
 * For a separable H this is Stormer-Verlet: symplectic, and exactly undone by a step of -dt. For a general H
 * it is neither (a step of -dt undoes a step of dt only up to O(dt^2)); with `iterations` > 0 the first kick and the drift
 * solve the implicit generalised leapfrog by fixed-point iteration, which is symplectic and reversible:
 *   p' = p - dt/2 dH/dq(q, p');  q1 = q + dt/2 (dH/dp(q, p') + dH/dp(q1, p'));  p1 = p' - dt/2 dH/dq(q1, p').
 * Each update is one kick (hamiltonian.ts): a single op for the learned H.
 */
export function leapfrogStep(h: Hamiltonian, s: State, dt: number, iterations = 0): State {
  const half = dt / 2;
  let pHalf = kick(h, s.p, -half, s.q, s.p, 'q');
  let q1: tf.Tensor;
  if (h.form === 'separable' || iterations === 0) {
    q1 = kick(h, s.q, dt, s.q, pHalf, 'p');
  } else {
    for (let i = 0; i < iterations; i++) pHalf = kick(h, s.p, -half, s.q, pHalf, 'q');
    // q + dt/2 dH/dp(q, p'), the fixed part of every drift iterate.
    const base = kick(h, s.q, half, s.q, pHalf, 'p');
    q1 = tf.sub(tf.mul(base, 2), s.q);
    for (let i = 0; i < iterations; i++) q1 = kick(h, base, half, q1, pHalf, 'p');
  }
  const p1 = kick(h, pHalf, -half, q1, pHalf, 'q');
  return { q: q1, p: p1 };
}

/** Explicit Euler: both gradients at the current point. */
export function eulerStep(h: Hamiltonian, s: State, dt: number): State {
  return { q: kick(h, s.q, dt, s.q, s.p, 'p'), p: kick(h, s.p, -dt, s.q, s.p, 'q') };
}

/** Classic fourth-order Runge-Kutta on (dq/dt, dp/dt) = (dH/dp, -dH/dq). */
export function rk4Step(h: Hamiltonian, s: State, dt: number): State {
  const field = (q: tf.Tensor, p: tf.Tensor) => ({ vq: kick(h, null, 1, q, p, 'p'), vp: kick(h, null, -1, q, p, 'q') });
  const k1 = field(s.q, s.p);
  const k2 = field(axpy(s.q, dt / 2, k1.vq), axpy(s.p, dt / 2, k1.vp));
  const k3 = field(axpy(s.q, dt / 2, k2.vq), axpy(s.p, dt / 2, k2.vp));
  const k4 = field(axpy(s.q, dt, k3.vq), axpy(s.p, dt, k3.vp));
  const combine = (x: tf.Tensor, a: tf.Tensor, b: tf.Tensor, c: tf.Tensor, d: tf.Tensor) =>
    axpy(x, dt / 6, tf.addN([a, tf.mul(b, 2), tf.mul(c, 2), d]));
  return { q: combine(s.q, k1.vq, k2.vq, k3.vq, k4.vq), p: combine(s.p, k1.vp, k2.vp, k3.vp, k4.vp) };
}

// Yoshida (1990): three leapfrog substeps w1, w0, w1 make a fourth-order symmetric symplectic method.
const CBRT2 = Math.cbrt(2);
const YOSHIDA_W1 = 1 / (2 - CBRT2);
const YOSHIDA_W0 = -CBRT2 / (2 - CBRT2);

export function yoshidaStep(h: Hamiltonian, s: State, dt: number, iterations = 0): State {
  let x = leapfrogStep(h, s, YOSHIDA_W1 * dt, iterations);
  x = leapfrogStep(h, x, YOSHIDA_W0 * dt, iterations);
  return leapfrogStep(h, x, YOSHIDA_W1 * dt, iterations);
}

export function step(hamiltonian: Hamiltonian, s: State, o: IntegratorOptions): State {
  const h = bound(hamiltonian);
  switch (o.method) {
    case 'leapfrog':
      return leapfrogStep(h, s, o.dt, o.leapfrogIterations ?? 0);
    case 'euler':
      return eulerStep(h, s, o.dt);
    case 'rk4':
      return rk4Step(h, s, o.dt);
    case 'yoshida':
      return yoshidaStep(h, s, o.dt, o.leapfrogIterations ?? 0);
  }
}

/** The state after each of `steps` steps, the initial state first (steps + 1 entries). */
export function trajectory(hamiltonian: Hamiltonian, s0: State, steps: number, o: IntegratorOptions): State[] {
  // Weights prepared once for the whole rollout (step() would pack them again each step).
  const h = bound(hamiltonian);
  if (o.method === 'leapfrog' && h.form === 'separable') return separableLeapfrog(h, s0, steps, o.dt);
  const out: State[] = [s0];
  let s = s0;
  for (let i = 0; i < steps; i++) {
    s = step(h, s, o);
    out.push(s);
  }
  return out;
}

/** Leapfrog for K(p) + U(q): the closing kick's force dU/dq(q1) is the next step's opening force. Same numbers
 * as repeated leapfrogStep, one potential gradient fewer per step. */
function separableLeapfrog(h: Hamiltonian, s0: State, steps: number, dt: number): State[] {
  const out: State[] = [s0];
  let { q, p } = s0;
  // -dt/2 dU/dq, computed once per position and used by two half kicks.
  let halfKick = kick(h, null, -dt / 2, q, p, 'q');
  for (let i = 0; i < steps; i++) {
    const pHalf = tf.add(p, halfKick);
    q = kick(h, q, dt, q, pHalf, 'p');
    halfKick = kick(h, null, -dt / 2, q, pHalf, 'q');
    p = tf.add(pHalf, halfKick);
    out.push({ q, p });
  }
  return out;
}
