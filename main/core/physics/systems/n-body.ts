// Planar gravitational n-body: H = sum |p_i|^2 / (2m) - sum_{i<j} g m^2 / |q_i - q_j| (docs/science.md section 6).
// State: [x0, y0, x1, y1, ..., px0, py0, px1, py1, ...]. Equal masses, as in HGN, RS and DM.
import { addNoise, rotate2, toCentreOfMassFrame } from '../sampling';
import { uniform } from '../../random';
import type { Dynamics, HamiltonianSystem, Params, SamplingSpec } from '../types';
import type { Rng } from '../../random';

export function nBodyDynamics(n: number, params: Params): Dynamics {
  const { m, g } = params;
  const dim = 4 * n;
  const half = 2 * n;
  const gmm = g * m * m;
  const dVdq = (s: Float64Array, out: Float64Array): void => {
    out.fill(0, 0, half);
    for (let i = 0; i < n; i++) {
      const xi = s[2 * i];
      const yi = s[2 * i + 1];
      for (let j = i + 1; j < n; j++) {
        const dx = xi - s[2 * j];
        const dy = yi - s[2 * j + 1];
        const r2 = dx * dx + dy * dy;
        const f = gmm / (r2 * Math.sqrt(r2));
        out[2 * i] += f * dx;
        out[2 * i + 1] += f * dy;
        out[2 * j] -= f * dx;
        out[2 * j + 1] -= f * dy;
      }
    }
  };
  const dTdp = (s: Float64Array, out: Float64Array): void => {
    for (let i = 0; i < half; i++) out[i] = s[half + i] / m;
  };
  const scratch = new Float64Array(half);
  return {
    dim,
    H(s) {
      let kinetic = 0;
      for (let i = half; i < dim; i++) kinetic += s[i] * s[i];
      let potential = 0;
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          potential -= gmm / Math.hypot(s[2 * i] - s[2 * j], s[2 * i + 1] - s[2 * j + 1]);
        }
      }
      return kinetic / (2 * m) + potential;
    },
    energyScale(s) {
      let kinetic = 0;
      for (let i = half; i < dim; i++) kinetic += s[i] * s[i];
      let potential = 0;
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          potential += gmm / Math.hypot(s[2 * i] - s[2 * j], s[2 * i + 1] - s[2 * j + 1]);
        }
      }
      return kinetic / (2 * m) + potential;
    },
    gradH(s, out) {
      dVdq(s, scratch);
      for (let i = 0; i < half; i++) {
        out[i] = scratch[i];
        out[half + i] = s[half + i] / m;
      }
    },
    field(s, out) {
      dVdq(s, scratch);
      for (let i = 0; i < half; i++) {
        out[i] = s[half + i] / m;
        out[half + i] = -scratch[i];
      }
    },
    separable: { dTdp, dVdq },
  };
}

/**
 * The literature's sampler (RS's code, DM's suite): body 0 at distance r ~ U(rMin, rMax) from the centre at a random
 * angle, the others at the rotations by 2 pi / n, velocities of the circular orbit of that regular polygon, random
 * sense of rotation; then Gaussian noise on the state and, as the literature's rollouts are centred, a move to the
 * centre-of-mass frame (zero total momentum, so the system stays on the canvas).
 */
function sampleRegularPolygonOrbit(n: number, rng: Rng, params: Params, sampling: SamplingSpec, out: Float64Array): void {
  const { m, g } = params;
  const r = uniform(rng, sampling.radius[0], sampling.radius[1]);
  const theta = 2 * Math.PI * rng();
  const sense = rng() < 0.5 ? -1 : 1;
  // Circular speed: v^2 / r = (net pull toward the centre) / m; for two bodies g m / (2r)^2, for an equilateral
  // triangle of circumradius r (side r sqrt 3) 2 cos(30 deg) g m / (3 r^2) = g m / (sqrt(3) r^2).
  const pull = n === 2 ? (g * m) / (4 * r * r) : n === 3 ? (g * m) / (Math.sqrt(3) * r * r) : 0;
  if (pull === 0) throw new Error(`no circular-orbit sampler for ${n} bodies`);
  const speed = Math.sqrt(pull * r);
  const half = 2 * n;
  for (let b = 0; b < n; b++) {
    const angle = theta + (2 * Math.PI * b) / n;
    out[2 * b] = r * Math.cos(angle);
    out[2 * b + 1] = r * Math.sin(angle);
    out[half + 2 * b] = sense * m * speed;
    out[half + 2 * b + 1] = 0;
    rotate2(out, half + 2 * b, angle + Math.PI / 2);
  }
  if (sampling.noiseMode === 'initial') addNoise(rng, sampling.noise, out, 0, 2 * half);
  const masses = new Array<number>(n).fill(m);
  toCentreOfMassFrame(out, masses);
}

interface NBodyOptions {
  n: 2 | 3;
  id: 'two-body' | 'three-body';
  label: string;
  description: string;
  sampling: SamplingSpec;
  /** RS draws radius = factor * m (0.55 for two bodies, 0.25 for three) on a half-size 3 canvas. */
  rsRadiusFactor: number;
  colours: number[];
  dmHalfSize: number;
}

function makeNBody(o: NBodyOptions): HamiltonianSystem {
  return {
    id: o.id,
    label: o.label,
    description: o.description,
    dim: 4 * o.n,
    params: [
      { name: 'm', default: 1, min: 0.1, max: 5, description: 'mass of each body' },
      { name: 'g', default: 1, min: 0.1, max: 5, description: 'gravitational constant' },
    ],
    conservative: true,
    conserves: { momentum: true, angularMomentum: true },
    sampling: o.sampling,
    presets: {},
    // Adaptive: noisy samples can pass close to each other, where no fixed substep keeps 1e-6 accuracy.
    groundTruth: { method: 'adaptive', maxSubstep: 0.01, tolerance: 1e-12 },
    dynamics: (params) => nBodyDynamics(o.n, params),
    sampleInitial: (rng, params, sampling, out) => sampleRegularPolygonOrbit(o.n, rng, params, sampling, out),
    draw(params) {
      const n = o.n;
      return {
        bodies: n,
        colours: Uint8Array.from(o.colours),
        colourCount: n,
        radius: {
          rs: new Float64Array(n).fill(o.rsRadiusFactor * params.m),
          dm: new Float64Array(n).fill(Math.sqrt(params.m / Math.PI)),
        },
        halfSize: { rs: 3, dm: o.dmHalfSize },
        positions(s, out) {
          for (let i = 0; i < 2 * n; i++) out[i] = s[i];
        },
        coordinates(pos, out) {
          for (let i = 0; i < 2 * n; i++) out[i] = pos[i];
        },
      };
    },
  };
}

export const twoBody = makeNBody({
  n: 2,
  id: 'two-body',
  label: 'Two-body',
  description: 'Two equal masses under gravity on near-circular orbits; HGN parameters m = 1, g = 1.',
  sampling: { radius: [0.5, 1.5], noise: 0.05, noiseMode: 'initial' },
  rsRadiusFactor: 0.55,
  colours: [1, 0],
  dmHalfSize: 2.75,
});

export const threeBody = makeNBody({
  n: 3,
  id: 'three-body',
  label: 'Three-body',
  description: 'Three equal masses under gravity from a noisy equilateral orbit (chaotic); m = 1, g = 1.',
  sampling: { radius: [0.9, 1.2], noise: 0.2, noiseMode: 'initial' },
  rsRadiusFactor: 0.25,
  colours: [1, 0, 2],
  dmHalfSize: 3,
});
