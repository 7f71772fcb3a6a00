// Trajectory data for the canonical transformation: initial states drawn over an energy range (or the system's own
// sampler), integrated by the system's ground-truth integrator (Yoshida 6 or DOP853 at 1e-12), stored in float64
// with the exact conserved quantities of each trajectory. Train, validation and test come from independent seeds:
// hyperparameters are chosen on validation, metrics reported on test.
import { deriveSeed, makeRng, uniform, type Rng } from '../../random';
import { getSystem, makeSimulator, resolveParams, resolveSampling } from '../../physics';
import { FPUT_SITES } from '../../physics/systems/fput';
import { keplerPeriod, keplerStateFromElements } from '../../physics/systems/kepler';
import type { HamiltonianSystem, Params, SystemId } from '../../physics/types';
import { CANONICAL_DATA_DEFAULTS, CANONICAL_SPLIT_DEFAULTS, dataRangeProblems, type CanonicalDataDefaults } from './config';
import { chainNormalModes, keplerActions, massSpringAction, modeEnergies, pendulumAction } from './truth';

export interface CanonicalDataSpec {
  system: SystemId;
  params?: Record<string, number>;
  /** Energy range of the trajectories (mass-spring, pendulum: below the separatrix 2 m g l; Kepler: E < 0). */
  energy?: [number, number];
  /** Kepler: eccentricity range. */
  eccentricity?: [number, number];
  /** Kepler: 'prograde' (L > 0, the default: one chart of action-angle variables) or 'both' senses of rotation. */
  sense?: 'prograde' | 'both';
  /** Other systems (FPUT...): the system's sampler at this phase-space radius range, without noise. */
  amplitude?: [number, number];
  /** States per trajectory (tau + 1) and their spacing. */
  points: number;
  dt: number;
  train: number;
  validation: number;
  test: number;
  seed: number;
}

export interface TrajectorySet {
  count: number;
  points: number;
  dim: number;
  dt: number;
  /** [count, points, dim] row-major, float64 from the integrator. */
  states: Float64Array;
  /** Exact conserved quantities (and frequencies where known) per trajectory, by name. */
  truth: Record<string, Float64Array>;
}

export interface CanonicalData {
  spec: CanonicalDataSpec;
  system: HamiltonianSystem;
  params: Params;
  train: TrajectorySet;
  validation: TrajectorySet;
  test: TrajectorySet;
}

/** The defaults the bench, the app and the CLI start from, per system (config.ts: CANONICAL_DATA_DEFAULTS). */
export function defaultDataSpec(system: SystemId): CanonicalDataSpec {
  const { train, validation, test, seed } = CANONICAL_SPLIT_DEFAULTS;
  const base = { train, validation, test, seed };
  const d = (CANONICAL_DATA_DEFAULTS as Partial<Record<SystemId, CanonicalDataDefaults>>)[system];
  if (!d) return { ...base, system, points: 64, dt: 0.1 };
  const spec: CanonicalDataSpec = { ...base, system, points: d.points, dt: d.dt };
  if (d.params) spec.params = { ...d.params };
  if (d.energy) spec.energy = [...d.energy];
  if (d.eccentricity) {
    spec.eccentricity = [...d.eccentricity];
    spec.sense = 'prograde';
  }
  if (d.amplitude) spec.amplitude = [...d.amplitude];
  return spec;
}

function initialState(
  system: HamiltonianSystem,
  params: Params,
  spec: CanonicalDataSpec,
  rng: Rng,
  out: Float64Array,
): { advance: number } {
  const [e0, e1] = spec.energy ?? [0, 0];
  switch (system.id) {
    case 'mass-spring': {
      const energy = uniform(rng, e0, e1);
      const { frequency } = massSpringAction(params, energy);
      out[0] = 0;
      out[1] = Math.sqrt(2 * params.m * energy);
      return { advance: (2 * Math.PI * rng()) / frequency };
    }
    case 'pendulum': {
      const energy = uniform(rng, e0, e1);
      const { frequency } = pendulumAction(params, energy);
      out[0] = 0;
      out[1] = Math.sqrt(2 * params.m * params.l * params.l * energy);
      return { advance: (2 * Math.PI * rng()) / frequency };
    }
    case 'kepler': {
      const k = params.k;
      const energy = uniform(rng, e0, e1);
      if (!(energy < 0)) throw new Error('Kepler trajectories need a negative energy range (bound orbits)');
      const [ecc0, ecc1] = spec.eccentricity ?? [0, 0.6];
      const sense = spec.sense === 'both' && rng() < 0.5 ? -1 : 1;
      keplerStateFromElements(k, -k / (2 * energy), uniform(rng, ecc0, ecc1), 2 * Math.PI * rng(), 0, sense, out);
      return { advance: rng() * keplerPeriod(k, energy) };
    }
    default: {
      const sampling = resolveSampling(system, spec.amplitude ? { radius: spec.amplitude, noise: 0 } : {});
      system.sampleInitial(rng, params, sampling, out);
      return { advance: 0 };
    }
  }
}

function truthOf(system: HamiltonianSystem, params: Params, states: Float64Array, points: number): Record<string, number> {
  const dim = system.dim;
  const s0 = states.subarray(0, dim);
  const energy = system.dynamics(params).H(s0);
  switch (system.id) {
    case 'mass-spring':
      return { energy, ...massSpringAction(params, energy) };
    case 'pendulum':
      return { energy, ...pendulumAction(params, energy) };
    case 'kepler': {
      const a = keplerActions(params.k, s0);
      return {
        energy,
        angular_momentum: a.angularMomentum,
        lrl: a.lrl,
        lambda: a.lambda,
        radial_action: a.radialAction,
        frequency: a.frequency,
      };
    }
    case 'fput': {
      const modes = chainNormalModes(FPUT_SITES);
      const mean = new Array<number>(modes.vectors.length).fill(0);
      for (let t = 0; t < points; t++) {
        modeEnergies(modes, states.subarray(t * dim, (t + 1) * dim)).forEach((e, k) => (mean[k] += e / points));
      }
      const out: Record<string, number> = { energy };
      for (let k = 1; k < mean.length; k++) out[`mode_energy_${k}`] = mean[k];
      for (let g = 1; g <= Math.max(...modes.group); g++) {
        out[`group_energy_${g}`] = mean.reduce((s, e, k) => s + (modes.group[k] === g ? e : 0), 0);
      }
      return out;
    }
    default:
      return { energy };
  }
}

/** `count` trajectories from the stream `seed`. */
export function makeTrajectories(
  system: HamiltonianSystem,
  params: Params,
  spec: CanonicalDataSpec,
  count: number,
  seed: number,
): TrajectorySet {
  const dim = system.dim;
  const { points, dt } = spec;
  const sim = makeSimulator(system, params);
  const rng = makeRng(seed);
  const states = new Float64Array(count * points * dim);
  const y0 = new Float64Array(dim);
  const rows: Record<string, number>[] = [];
  for (let i = 0; i < count; i++) {
    const { advance } = initialState(system, params, spec, rng, y0);
    if (advance > 0) sim.advance(y0, advance); // a random phase along the orbit
    const offset = i * points * dim;
    sim.rollout(y0, points, dt, states, offset);
    for (let k = offset; k < offset + points * dim; k++) {
      if (!Number.isFinite(states[k])) throw new Error(`${system.id}: a trajectory left the finite numbers (energy range too wide?)`);
    }
    rows.push(truthOf(system, params, states.subarray(offset, offset + points * dim), points));
  }
  const truth: Record<string, Float64Array> = {};
  for (const name of Object.keys(rows[0] ?? {})) truth[name] = Float64Array.from(rows, (r) => r[name]);
  return { count, points, dim, dt, states, truth };
}

export function makeCanonicalData(spec: CanonicalDataSpec): CanonicalData {
  const system = getSystem(spec.system);
  if (!system.conservative) throw new Error(`${system.id} is not Hamiltonian (friction): it has no action-angle variables`);
  if (!(spec.points >= 2) || !(spec.dt > 0)) throw new Error('trajectories need at least 2 points and dt > 0');
  const problems = dataRangeProblems(spec);
  if (problems.length > 0) throw new Error(`${system.label}: ${problems.map((p) => p.message).join('; ')}`);
  const params = resolveParams(system, spec.params ?? {});
  const make = (count: number, label: string) => makeTrajectories(system, params, spec, count, deriveSeed(spec.seed, label));
  return {
    spec,
    system,
    params,
    train: make(spec.train, 'canonical/train'),
    validation: make(spec.validation, 'canonical/validation'),
    test: make(spec.test, 'canonical/test'),
  };
}

/** The states of trajectories `indices` as float32 [indices.length, points, dim] (a training batch). */
export function gatherTrajectories(set: TrajectorySet, indices: ArrayLike<number>, out?: Float32Array): Float32Array {
  const span = set.points * set.dim;
  const buf = out ?? new Float32Array(indices.length * span);
  for (let b = 0; b < indices.length; b++) {
    const from = indices[b] * span;
    for (let k = 0; k < span; k++) buf[b * span + k] = set.states[from + k];
  }
  return buf;
}
