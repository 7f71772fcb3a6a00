// Mass on a spring: H = p^2 / (2m) + k q^2 / 2 (docs/science.md section 6), drawn as a ball moving vertically.
import { addNoise, circlePoint } from '../sampling';
import type { Dynamics, HamiltonianSystem, Params } from '../types';

export function massSpringDynamics(params: Params): Dynamics {
  const { m, k } = params;
  return {
    dim: 2,
    H: (s) => (s[1] * s[1]) / (2 * m) + 0.5 * k * s[0] * s[0],
    gradH(s, out) {
      out[0] = k * s[0];
      out[1] = s[1] / m;
    },
    field(s, out) {
      out[0] = s[1] / m;
      out[1] = -k * s[0];
    },
    separable: {
      dTdp(s, out) {
        out[0] = s[1] / m;
      },
      dVdq(s, out) {
        out[0] = k * s[0];
      },
    },
  };
}

export const massSpring: HamiltonianSystem = {
  id: 'mass-spring',
  label: 'Mass-spring',
  description: 'A mass on an ideal spring (harmonic oscillator); HGN parameters m = 0.5, k = 2.',
  dim: 2,
  params: [
    { name: 'm', default: 0.5, min: 0.05, max: 5, description: 'mass' },
    { name: 'k', default: 2, min: 0.05, max: 20, description: 'spring constant' },
  ],
  conservative: true,
  conserves: { momentum: false, angularMomentum: false },
  sampling: { radius: [0.1, 1.0], noise: 0.1, noiseMode: 'initial' },
  presets: { 'hnn-ideal': { m: 1, k: 1 } },
  groundTruth: { method: 'symplectic', maxSubstep: 0.03125, tolerance: 1e-12 },
  dynamics: massSpringDynamics,
  sampleInitial(rng, _params, sampling, out) {
    circlePoint(rng, sampling.radius[0], sampling.radius[1], out, 0, 1);
    if (sampling.noiseMode === 'initial') addNoise(rng, sampling.noise, out, 0, 2);
  },
  draw(params) {
    // RS: ball radius = m world units on a half-size 2 canvas; DM: radius sqrt(m / pi), canvas r_max + radius.
    const dmRadius = Math.sqrt(params.m / Math.PI);
    return {
      bodies: 1,
      colours: Uint8Array.of(0),
      colourCount: 1,
      radius: { rs: Float64Array.of(params.m), dm: Float64Array.of(dmRadius) },
      halfSize: { rs: 2, dm: 1 + dmRadius },
      positions(s, out) {
        out[0] = 0;
        out[1] = s[0];
      },
      coordinates(pos, out) {
        out[0] = pos[1];
      },
    };
  },
};
