// What the latent integrators need from a Hamiltonian: its value per sample and its gradients by autodiff.
// Any H fits, learned or analytic (tests plug in the mass-spring H to check the integrators).
import * as tf from '@tensorflow/tfjs-core';

/** One energy per sample: q, p [batch, ...] -> [batch]. */
export type EnergyFn = (q: tf.Tensor, p: tf.Tensor) => tf.Tensor1D;
export type PartFn = (x: tf.Tensor) => tf.Tensor1D;
/** A gradient written out as plain differentiable ops (the loss still differentiates through it). */
export type GradFn = (x: tf.Tensor) => tf.Tensor;
export type BothGradFn = (q: tf.Tensor, p: tf.Tensor) => { dq: tf.Tensor; dp: tf.Tensor };

/**
 * The optional explicit gradients replace autodiff inside the rollout: tfjs scans the whole active tape for
 * every nested gradient call, which grows quadratically over a 30-step rollout (0.5 s of a paper-size step).
 */
export type Hamiltonian = (
  | { form: 'general'; energy: EnergyFn; gradient?: BothGradFn }
  /** H = K(p) + U(q): dH/dq depends on q only, dH/dp on p only. */
  | { form: 'separable'; kinetic: PartFn; potential: PartFn; kineticGrad?: GradFn; potentialGrad?: GradFn }
) & {
  /** target + coef * dH/d(wrt) at (q, p) as one op (energy-kick.ts); target null: the scaled gradient alone. */
  kick?: KickFn;
  /** The same Hamiltonian with its weights prepared once for a whole pass (packed for the kick kernels). */
  bind?: () => Hamiltonian;
};

export type KickFn = (target: tf.Tensor | null, coef: number, q: tf.Tensor, p: tf.Tensor, wrt: 'q' | 'p') => tf.Tensor;

export function energy(h: Hamiltonian, q: tf.Tensor, p: tf.Tensor): tf.Tensor1D {
  return h.form === 'general' ? h.energy(q, p) : (tf.add(h.kinetic(p), h.potential(q)) as tf.Tensor1D);
}

// Samples are independent, so the gradient of the batch sum is the per-sample gradient. Whatever tape is
// active records these ops too: the loss can be differentiated through dH (second order).
function gradOf(f: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor): tf.Tensor {
  return tf.grad((xi: tf.Tensor) => tf.sum(f(xi)))(x);
}

/** dH/dq at (q, p). */
export function gradQ(h: Hamiltonian, q: tf.Tensor, p: tf.Tensor): tf.Tensor {
  if (h.form === 'separable') return h.potentialGrad ? h.potentialGrad(q) : gradOf(h.potential, q);
  return h.gradient ? h.gradient(q, p).dq : gradOf((qi) => h.energy(qi, p), q);
}

/** dH/dp at (q, p). */
export function gradP(h: Hamiltonian, q: tf.Tensor, p: tf.Tensor): tf.Tensor {
  if (h.form === 'separable') return h.kineticGrad ? h.kineticGrad(p) : gradOf(h.kinetic, p);
  return h.gradient ? h.gradient(q, p).dp : gradOf((pi) => h.energy(q, pi), p);
}

/**
 * target + coef * dH/d(wrt) at (q, p): one fused op where the Hamiltonian has one (the learned networks),
 * otherwise the gradient and an axpy (analytic and MLP Hamiltonians).
 */
export function kick(h: Hamiltonian, target: tf.Tensor | null, coef: number, q: tf.Tensor, p: tf.Tensor, wrt: 'q' | 'p'): tf.Tensor {
  if (h.kick) return h.kick(target, coef, q, p, wrt);
  const g = wrt === 'q' ? gradQ(h, q, p) : gradP(h, q, p);
  const scaled = tf.mul(g, coef);
  return target ? tf.add(target, scaled) : scaled;
}

/** The Hamiltonian prepared for one pass (weights packed once), or itself. */
export function bound(h: Hamiltonian): Hamiltonian {
  return h.bind ? h.bind() : h;
}

/** Both gradients at one point; a general H gets them from a single backward pass. */
export function gradBoth(h: Hamiltonian, q: tf.Tensor, p: tf.Tensor): { dq: tf.Tensor; dp: tf.Tensor } {
  if (h.form === 'separable') return { dq: gradQ(h, q, p), dp: gradP(h, q, p) };
  if (h.gradient) return h.gradient(q, p);
  const [dq, dp] = tf.grads((qi: tf.Tensor, pi: tf.Tensor) => tf.sum(h.energy(qi, pi)))([q, p]);
  return { dq, dp };
}
