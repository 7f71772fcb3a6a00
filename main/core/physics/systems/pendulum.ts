// Ideal pendulum: H = p^2 / (2 m l^2) + m g l (1 - cos q) (docs/science.md section 6); q = 0 hangs straight down.
import { addNoise, circlePoint } from '../sampling';
import type { Dynamics, HamiltonianSystem, Params } from '../types';

export function pendulumDynamics(params: Params): Dynamics {
  const { m, l, g } = params;
  const inertia = m * l * l;
  const mgl = m * g * l;
  return {
    dim: 2,
    H: (s) => (s[1] * s[1]) / (2 * inertia) + mgl * (1 - Math.cos(s[0])),
    gradH(s, out) {
      out[0] = mgl * Math.sin(s[0]);
      out[1] = s[1] / inertia;
    },
    field(s, out) {
      out[0] = s[1] / inertia;
      out[1] = -mgl * Math.sin(s[0]);
    },
    separable: {
      dTdp(s, out) {
        out[0] = s[1] / inertia;
      },
      dVdq(s, out) {
        out[0] = mgl * Math.sin(s[0]);
      },
    },
  };
}

export const pendulum: HamiltonianSystem = {
  id: 'pendulum',
  label: 'Pendulum',
  description: 'An ideal pendulum; HGN parameters m = 0.5, l = 1, g = 3.',
  dim: 2,
  params: [
    { name: 'm', default: 0.5, min: 0.05, max: 5, description: 'bob mass' },
    { name: 'l', default: 1, min: 0.1, max: 3, description: 'rod length' },
    { name: 'g', default: 3, min: 0.1, max: 20, description: 'gravitational acceleration' },
  ],
  conservative: true,
  angles: [0],
  conserves: { momentum: false, angularMomentum: false },
  sampling: { radius: [1.3, 2.3], noise: 0.1, noiseMode: 'initial' },
  presets: { 'hnn-ideal': { m: 1, l: 1, g: 3 } },
  groundTruth: { method: 'symplectic', maxSubstep: 0.03125, tolerance: 1e-12 },
  dynamics: pendulumDynamics,
  sampleInitial(rng, _params, sampling, out) {
    circlePoint(rng, sampling.radius[0], sampling.radius[1], out, 0, 1);
    if (sampling.noiseMode === 'initial') addNoise(rng, sampling.noise, out, 0, 2);
  },
  draw(params) {
    const { m, l } = params;
    const dmRadius = Math.sqrt(m / Math.PI);
    return {
      bodies: 1,
      colours: Uint8Array.of(0),
      colourCount: 1,
      // RS: radius = m on a half-size 2 canvas (grown only if a longer rod would leave it).
      radius: { rs: Float64Array.of(m), dm: Float64Array.of(dmRadius) },
      halfSize: { rs: Math.max(2, l + m), dm: l + dmRadius },
      positions(s, out) {
        out[0] = l * Math.sin(s[0]);
        out[1] = -l * Math.cos(s[0]);
      },
      coordinates(pos, out) {
        out[0] = Math.atan2(pos[0], -pos[1]);
      },
    };
  },
};
