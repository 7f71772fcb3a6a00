// Friction variants (DM suite): dq/dt = dH/dp, dp/dt = -dH/dq - friction * dH/dp, so dH/dt = -friction |dH/dp|^2.
// Not Hamiltonian any more: flagged `conservative: false`, integrated with the adaptive (non-symplectic) method.
import type { Dynamics, HamiltonianSystem, Params, SystemId } from '../types';

export const DEFAULT_FRICTION = 0.05;

function frictionDynamics(base: Dynamics, friction: number): Dynamics {
  const n = base.dim / 2;
  const grad = new Float64Array(base.dim);
  return {
    dim: base.dim,
    H: base.H,
    energyScale: base.energyScale,
    gradH: base.gradH,
    field(s, out) {
      base.gradH(s, grad);
      for (let i = 0; i < n; i++) {
        out[i] = grad[n + i];
        out[n + i] = -grad[i] - friction * grad[n + i];
      }
    },
  };
}

export function withFriction(base: HamiltonianSystem, id: SystemId, label: string): HamiltonianSystem {
  return {
    ...base,
    id,
    label,
    description: `${base.label} with friction (damping ${DEFAULT_FRICTION}, DM suite); not energy-conserving.`,
    params: [
      ...base.params,
      { name: 'friction', default: DEFAULT_FRICTION, min: 0, max: 2, description: 'damping coefficient' },
    ],
    conservative: false,
    groundTruth: { method: 'adaptive', maxSubstep: base.groundTruth.maxSubstep, tolerance: 1e-12 },
    dynamics: (params: Params) => frictionDynamics(base.dynamics(params), params.friction),
  };
}
