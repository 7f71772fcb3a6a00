// The HNN paper's ideal mass-spring task (docs/science.md, "HNN"): 25 train + 25 test trajectories of 30 points in
// phase space. The system is the physics suite's mass-spring (its 'hnn-ideal' preset, k = m = 1): its energy and
// vector field are used here; only the exact solution (the spring is linear) is this file's.
import { massSpring, massSpringDynamics } from '../../physics/systems/mass-spring';
import { gaussian, makeRng, deriveSeed } from '../../random';

export interface SpringParams {
  k: number;
  m: number;
}

export interface PhaseData {
  /** [n, 2] states (q, p), noisy as in the paper. */
  x: Float32Array;
  /** [n, 2] exact time derivatives at the clean states. */
  dxdt: Float32Array;
  n: number;
  /** The clean initial state of each trajectory, for rollouts. */
  initial: Float64Array;
  trajectories: number;
}

export interface SpringDataSpec {
  trajectories: number;
  points: number;
  tEnd: number;
  noise: number;
  seed: number;
  params: SpringParams;
}

const IDEAL = massSpring.presets['hnn-ideal'];

export const HNN_SPRING_DEFAULTS: Omit<SpringDataSpec, 'seed' | 'trajectories'> = {
  points: 30,
  tEnd: 3,
  noise: 0.1,
  params: { k: IDEAL.k, m: IDEAL.m },
};

export function springEnergy([q, p]: readonly number[], params: SpringParams): number {
  return massSpringDynamics({ ...params }).H(Float64Array.of(q, p));
}

/** The exact solution: the spring is linear, so no integrator error enters the data. */
export function springExact(q0: number, p0: number, t: number, { k, m }: SpringParams): [number, number] {
  const w = Math.sqrt(k / m);
  const c = Math.cos(w * t);
  const s = Math.sin(w * t);
  return [q0 * c + (p0 / (m * w)) * s, p0 * c - q0 * m * w * s];
}

/** Initial states on a phase-space circle of radius U(0.1, 1.0), as greydanus/hamiltonian-nn does. */
export function makeSpringData(spec: SpringDataSpec): PhaseData {
  const rng = makeRng(deriveSeed(spec.seed, 'spring'));
  const n = spec.trajectories * spec.points;
  const x = new Float32Array(n * 2);
  const dxdt = new Float32Array(n * 2);
  const initial = new Float64Array(spec.trajectories * 2);
  const field = massSpringDynamics({ ...spec.params }).field;
  const clean = new Float64Array(2);
  const derivative = new Float64Array(2);
  for (let j = 0; j < spec.trajectories; j++) {
    const r = 0.1 + 0.9 * rng();
    const theta = 2 * Math.PI * rng();
    const q0 = r * Math.cos(theta);
    const p0 = r * Math.sin(theta);
    initial.set([q0, p0], j * 2);
    for (let i = 0; i < spec.points; i++) {
      const t = (spec.tEnd * i) / (spec.points - 1);
      const [q, p] = springExact(q0, p0, t, spec.params);
      const row = (j * spec.points + i) * 2;
      clean[0] = q;
      clean[1] = p;
      field(clean, derivative);
      dxdt.set(derivative, row);
      x[row] = q + spec.noise * gaussian(rng);
      x[row + 1] = p + spec.noise * gaussian(rng);
    }
  }
  return { x, dxdt, n, initial, trajectories: spec.trajectories };
}
