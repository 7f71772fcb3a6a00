// The flows' published settings and names as plain constants (no tfjs), so the job schema
// (preload/jobs/flow.ts) offers exactly these values. EHF: the Equivariant Hamiltonian Flows paper (docs/science.md).
export const FLOW_MODELS = ['hamiltonian', 'realnvp'] as const;
export type FlowModelKind = (typeof FLOW_MODELS)[number];

export const BASE_KINDS = ['normal', 'soft-uniform', 'mixture'] as const;
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
  baseComponents: 8,
};

/** The fields a tuned run sets on top of the job's defaults. */
export interface TunedFlowSettings {
  batchSize: number;
  learningRate: number;
  trainSamples?: number;
  hamiltonians?: number;
  leapfrogSteps?: number;
  hidden?: number;
  base?: BaseKind;
  baseComponents?: number;
}

/**
 * The Hamiltonian flow as the README's results were measured (bench/flows-nll.ts, 10 minutes on one core, where the
 * trials behind each choice are recorded): 6 Hamiltonians of one leapfrog step each at width 80 (RealNVP's size,
 * about 100k parameters), batch 512 x 4 momentum draws (an IWAE-4 bound), learning rate 2e-3.
 */
const TUNED_HAMILTONIAN = { batchSize: 512, trainSamples: 4, learningRate: 2e-3, hamiltonians: 6, leapfrogSteps: 1, hidden: 80 } as const;

/**
 * The learned mixture base's components on the four densities it was measured on, each the best of a few
 * 10-minute trials (bench/flows-nll.ts records them): more components helped checkerboard's 32 squares up to 256
 * and rings' thin circles up to 96 (in the trials 8 left rings 0.5 nats from its entropy, 96 left 0.04).
 * Elsewhere N(0, I), as before: the EHF paper's densities are the ones trained with symmetry constraints, which
 * need a symmetric base.
 */
const MIXTURE_COMPONENTS: Record<string, number> = { '8gaussians': 8, checkerboard: 256, moons: 32, rings: 96 };

/** What the README's flow results used and the Flows page's "Tuned" preset gives, per model and density. */
export function tunedFlowSettings(model: FlowModelKind, density: string): TunedFlowSettings {
  if (model === 'realnvp') return { batchSize: 256, learningRate: 1e-3 };
  const components = MIXTURE_COMPONENTS[density];
  return { ...TUNED_HAMILTONIAN, ...(components ? { base: 'mixture', baseComponents: components } : { base: 'normal' }) };
}
