// The leapfrog integrator for separable Hamiltonians, and the flow made of T Hamiltonians of L steps each.
// Each step is a composition of shears, so it preserves volume and running it with -dt undoes it exactly
// (up to float rounding) for any dt: log p(s_n) = log pi(s_0), no Jacobian term.
import * as tf from '@tensorflow/tfjs-core';
import { dHdp, dHdq, packHamiltonian, kineticKick, potentialKick, type SeparableHamiltonian } from './hamiltonian';

export interface PhaseState {
  q: tf.Tensor2D;
  p: tf.Tensor2D;
}

export type TimeStep = tf.Scalar | number;

/**
 * L leapfrog steps of one Hamiltonian: kick p by -dt/2 dU/dq, drift q by dt dK/dp, kick again. The closing kick
 * of a step and the opening kick of the next use the same dU/dq, computed once. `states` collects the state after
 * every step (for animations and the constraint's evaluation points).
 */
export function leapfrog(h: SeparableHamiltonian, s: PhaseState, dt: TimeStep, steps: number, states?: PhaseState[]): PhaseState {
  const packed = packHamiltonian(h);
  if (packed) {
    // Fused kicks (nn/mlp-kick.ts): K and U's weights packed once for the whole pass.
    let { q, p } = s;
    if (typeof dt === 'number') {
      let halfKick = potentialKick(h, packed, q, null, -dt / 2);
      for (let i = 0; i < steps; i++) {
        const pHalf: tf.Tensor2D = tf.add(p, halfKick);
        q = kineticKick(h, packed, pHalf, q, dt);
        halfKick = potentialKick(h, packed, q, null, -dt / 2);
        p = tf.add(pHalf, halfKick);
        states?.push({ q, p });
      }
    } else {
      // A learned step size gets its gradient through the ops that apply it: the kicks give the bare gradients.
      const half = tf.mul(dt, 0.5);
      let force = potentialKick(h, packed, q, null, 1);
      for (let i = 0; i < steps; i++) {
        const pHalf: tf.Tensor2D = tf.sub(p, tf.mul(half, force));
        q = tf.add(q, tf.mul(dt, kineticKick(h, packed, pHalf, null, 1)));
        force = potentialKick(h, packed, q, null, 1);
        p = tf.sub(pHalf, tf.mul(half, force));
        states?.push({ q, p });
      }
    }
    return { q, p };
  }
  const half = tf.mul(dt, 0.5);
  let { q, p } = s;
  let force = dHdq(h, q);
  for (let i = 0; i < steps; i++) {
    const pHalf: tf.Tensor2D = tf.sub(p, tf.mul(half, force));
    q = tf.add(q, tf.mul(dt, dHdp(h, pHalf)));
    force = dHdq(h, q);
    p = tf.sub(pHalf, tf.mul(half, force));
    states?.push({ q, p });
  }
  return { q, p };
}

export function negate(dt: TimeStep): TimeStep {
  return typeof dt === 'number' ? -dt : tf.neg(dt);
}

export interface FlowBlock {
  readonly hamiltonian: SeparableHamiltonian;
  readonly dt: TimeStep;
  readonly steps: number;
}

/** Generative direction: s_0 (base) -> s_n (data), through H_1 then H_2 ... */
export function flowForward(blocks: readonly FlowBlock[], s0: PhaseState, states?: PhaseState[]): PhaseState {
  let s = s0;
  for (const b of blocks) s = leapfrog(b.hamiltonian, s, b.dt, b.steps, states);
  return s;
}

/**
 * Inference direction: s_n -> s_0, undoing H_n first. `entries` receives, for each Hamiltonian (in the order
 * H_n, ..., H_1), the state it is undone from: a point on that Hamiltonian's own trajectory.
 */
export function flowInverse(blocks: readonly FlowBlock[], sn: PhaseState, entries?: PhaseState[]): PhaseState {
  let s = sn;
  for (let i = blocks.length - 1; i >= 0; i--) {
    entries?.push(s);
    s = leapfrog(blocks[i].hamiltonian, s, negate(blocks[i].dt), blocks[i].steps);
  }
  return s;
}
