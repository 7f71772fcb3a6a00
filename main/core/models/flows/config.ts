// The flows' published settings and names as plain constants (no tfjs), so the job schema
// (preload/jobs/flow.ts) offers exactly these values. EHF: the Equivariant Hamiltonian Flows paper (docs/science.md).
export const FLOW_MODELS = ['hamiltonian', 'realnvp'] as const;
export type FlowModelKind = (typeof FLOW_MODELS)[number];

export const BASE_KINDS = ['normal', 'soft-uniform'] as const;
export type BaseKind = (typeof BASE_KINDS)[number];

/** Symmetry constraints: none, SO(2) rotations, translations along each axis, or typed generator expressions. */
export const CONSTRAINT_KINDS = ['none', 'so2', 'translation', 'expr'] as const;
export type ConstraintKind = (typeof CONSTRAINT_KINDS)[number];

/** Every HamiltonianFlowConfig field but dim (hamiltonian-flow.ts says what each means). */
export const HAMILTONIAN_FLOW_DEFAULTS = {
  hamiltonians: 2,
  leapfrogSteps: 2,
  hidden: 128,
  kineticPrior: 1,
  potentialPrior: 1,
  dt: 0.5,
  learnDt: true,
  dtMax: 2,
  base: 'normal' as BaseKind,
  softUniformWidth: 6,
  softUniformSharpness: 4,
};
