// The true energy of a sequence of frames, read back from its pixels: the bodies' positions in each frame (the blob
// reader), the state's q from them (the system's `coordinates`, angles unwrapped over time), q's velocity by central
// differences over the frame interval, p from that velocity (p = M dq/dt, M from the kinetic term), and H(q, p).
// A physically sensible sequence, real or generated, keeps this energy nearly constant; frames that do not show a
// system moving as it can make it wander. The read-out has its own error (32-pixel frames, finite differences), so
// the same measure on real frames is the floor any model's frames are compared with.
import { Matrix, solve } from 'ml-matrix';
import type { HamiltonianSystem, Params } from '../types';
import { makeBlobReader } from './blob-positions';
import type { RenderStyle } from './palette';

export interface FrameEnergyOptions {
  size: number;
  style: RenderStyle;
  /** Time between consecutive frames. */
  dt: number;
}

export interface FrameEnergies {
  /** [sequences, frames - 2]: H at every frame with a neighbour on each side; NaN where a body was not found. */
  energy: Float64Array;
  /** Per sequence: the standard deviation of its energy over time divided by its energy scale (|T| + |V| on
   * average); Infinity when fewer than half the frames show every body. */
  relativeSpread: Float64Array;
}

/** Reads the energy of `sequences` x `frames` frames ([sequences, frames, size, size, 3] floats in [0, 1]). */
export function energyFromFrames(system: HamiltonianSystem, params: Params, images: ArrayLike<number>, sequences: number, frames: number, o: FrameEnergyOptions): FrameEnergies {
  const draw = system.draw(params);
  if (!draw.coordinates) throw new Error(`${system.label}: its frames do not determine its coordinates`);
  const dyn = system.dynamics(params);
  if (!dyn.separable) throw new Error(`${system.label}: reading the energy from frames needs a kinetic term T(p)`);
  if (frames < 3) throw new Error('reading the energy from frames needs at least 3 frames per sequence');
  const n = system.dim / 2;
  const massMatrix = kineticMass(system, params);
  const reader = makeBlobReader(system, params, { size: o.size, style: o.style });
  const px = o.size * o.size * 3;
  const positions = new Float64Array(2 * reader.bodies);
  const q = new Float64Array(frames * n);
  const found = new Uint8Array(frames);
  const state = new Float64Array(system.dim);
  const inner = frames - 2;
  const energy = new Float64Array(sequences * inner);
  const relativeSpread = new Float64Array(sequences);
  const angles = new Set(system.angles ?? []);
  for (let s = 0; s < sequences; s++) {
    for (let t = 0; t < frames; t++) {
      reader.read(images, (s * frames + t) * px, positions);
      found[t] = positions.every((v) => Number.isFinite(v)) ? 1 : 0;
      if (found[t]) draw.coordinates(positions, q.subarray(t * n, (t + 1) * n));
    }
    const values: number[] = [];
    const scales: number[] = [];
    for (let t = 1; t <= inner; t++) {
      let e = NaN;
      if (found[t - 1] && found[t] && found[t + 1]) {
        const qdot = new Array<number>(n);
        for (let i = 0; i < n; i++) {
          let d = q[(t + 1) * n + i] - q[(t - 1) * n + i];
          // An angle crossing +-pi between the two frames: the short way round.
          if (angles.has(i)) d = Math.atan2(Math.sin(d), Math.cos(d));
          qdot[i] = d / (2 * o.dt);
          state[i] = q[t * n + i];
        }
        const p = massMatrix.mmul(Matrix.columnVector(qdot)).getColumn(0);
        for (let i = 0; i < n; i++) state[n + i] = p[i];
        e = dyn.H(state);
        values.push(e);
        scales.push(dyn.energyScale ? dyn.energyScale(state) : Math.abs(e));
      }
      energy[s * inner + t - 1] = e;
    }
    if (values.length < inner / 2) {
      relativeSpread[s] = Infinity;
      continue;
    }
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    const scale = scales.reduce((a, b) => a + b, 0) / scales.length;
    relativeSpread[s] = scale > 0 ? sd / scale : Infinity;
  }
  return { energy, relativeSpread };
}

/** The median of the finite-or-infinite values (NaN ignored): a few unreadable sequences do not decide it. */
export function medianSpread(spread: Float64Array): number {
  const v = Array.from(spread).filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** M with p = M dq/dt: the inverse of dT/dp's matrix (T quadratic in p, as for every system drawn here). */
function kineticMass(system: HamiltonianSystem, params: Params): Matrix {
  const n = system.dim / 2;
  const dyn = system.dynamics(params);
  const s = new Float64Array(system.dim);
  const out = new Float64Array(n);
  const inv = new Matrix(n, n);
  for (let j = 0; j < n; j++) {
    s.fill(0);
    s[n + j] = 1;
    dyn.separable!.dTdp(s, out);
    for (let i = 0; i < n; i++) inv.set(i, j, out[i]);
  }
  return solve(inv, Matrix.eye(n));
}
