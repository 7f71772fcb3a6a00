// What a Hamiltonian system is, for data generation: plain Float64Array numerics, no tfjs, no allocation per call.
import type { Rng } from '../random';

export const SYSTEM_IDS = [
  'mass-spring',
  'pendulum',
  'two-body',
  'three-body',
  'double-pendulum',
  'mass-spring-friction',
  'pendulum-friction',
  'fput',
  'kepler',
] as const;
export type SystemId = (typeof SYSTEM_IDS)[number];

/** One tunable physical constant, with the paper default and the range the UI offers. */
export interface ParamSpec {
  name: string;
  default: number;
  min: number;
  max: number;
  description: string;
}

/** Resolved parameter values by name (every spec'd parameter present; see `resolveParams`). */
export type Params = Readonly<Record<string, number>>;

/**
 * How initial states are drawn: a phase-space circle of radius r ~ U(radius[0], radius[1]), then Gaussian noise of
 * std `noise`. Where the noise goes is a named option because sources disagree (docs/science.md section 2):
 * - 'initial' (default; the HGN text): noise on the sampled initial state, so every stored state is an
 *   exact trajectory of the system and the frames show exactly the stored states;
 * - 'observation' (the RS replication's code): i.i.d. noise added to the positions drawn in every frame, while the
 *   stored states stay the clean trajectory.
 */
export type NoiseMode = 'initial' | 'observation';
export interface SamplingSpec {
  radius: readonly [number, number];
  noise: number;
  noiseMode: NoiseMode;
}

/**
 * The dynamics of a system at fixed parameters, built once by `system.dynamics(params)` so inner loops only do
 * arithmetic. State layout is always [q_0..q_{n-1}, p_0..p_{n-1}] with n = dim / 2.
 */
export interface Dynamics {
  readonly dim: number;
  /** The Hamiltonian (total energy; for friction variants the conservative part). */
  H(s: Float64Array): number;
  /**
   * The size of the energy for relative errors: sum of the magnitudes of its terms (|T| + |V|). Defaults to |H|,
   * which is the same when every term is >= 0; n-body needs it (T and V cancel, H can be near 0).
   */
  energyScale?(s: Float64Array): number;
  /** out[0..n) = dH/dq, out[n..2n) = dH/dp. */
  gradH(s: Float64Array, out: Float64Array): void;
  /** Time derivative of the state: (dH/dp, -dH/dq - friction dH/dp). */
  field(s: Float64Array, out: Float64Array): void;
  /** Present when H = T(p) + V(q) and there is no friction: what the symplectic integrators need. */
  readonly separable?: {
    /** out[0..n) = dT/dp (the velocity of q), reading s[n..2n). */
    dTdp(s: Float64Array, out: Float64Array): void;
    /** out[0..n) = dV/dq (minus the force on p), reading s[0..n). */
    dVdq(s: Float64Array, out: Float64Array): void;
  };
}

/** Which ground-truth integrator a system uses by default, and how finely the symplectic one subdivides dt. */
export interface GroundTruthSpec {
  method: 'symplectic' | 'adaptive';
  /** Largest symplectic substep (time units) that keeps rollouts at the accuracy the tests demand; for the adaptive
   * method, its first trial step. */
  maxSubstep: number;
  /** Relative and absolute tolerance of the adaptive method. */
  tolerance: number;
}

/** Where and how to draw the bodies: per-body colour index and radius (world units) for each style. */
export interface DrawSpec {
  bodies: number;
  /** Index into the RS palette (0 yellow, 1 red, 2 green); DM maps it to a hue. */
  colours: Uint8Array;
  /** Number of distinct colours (DM spreads hues over this many). */
  colourCount: number;
  radius: { rs: Float64Array; dm: Float64Array };
  /** World half-size of the square canvas for each style. */
  halfSize: { rs: number; dm: number };
  /** Writes the 2D position (x right, y up) of every body: out[2b], out[2b + 1]. */
  positions(s: Float64Array, out: Float64Array): void;
  /**
   * The inverse of `positions` where a picture determines the state's q: out[0..dim/2) from the bodies' positions
   * (an angle comes back in (-pi, pi]). Lets the true energy be read from frames (render/energy-from-frames.ts).
   */
  coordinates?(positions: Float64Array, out: Float64Array): void;
}

export interface HamiltonianSystem {
  id: SystemId;
  label: string;
  description: string;
  /** Phase-space dimension (2 x degrees of freedom). */
  dim: number;
  params: readonly ParamSpec[];
  /** False for the friction variants: energy decays, and they are flagged as not Hamiltonian. */
  conservative: boolean;
  /** Indices of the q coordinates that are angles (defined modulo 2 pi): phase portraits wrap them to (-pi, pi]. */
  angles?: readonly number[];
  /** Symmetries worth checking: total linear and angular momentum (n-body only). */
  conserves: { momentum: boolean; angularMomentum: boolean };
  sampling: SamplingSpec;
  /** Named parameter sets from the literature, e.g. 'hnn-ideal' (HNN paper: spring k = m = 1). */
  presets: Readonly<Record<string, Readonly<Record<string, number>>>>;
  groundTruth: GroundTruthSpec;
  dynamics(params: Params): Dynamics;
  /** Writes one initial state (noise in 'initial' mode included) into out[0..dim). */
  sampleInitial(rng: Rng, params: Params, sampling: SamplingSpec, out: Float64Array): void;
  draw(params: Params): DrawSpec;
}
