// Double pendulum (DM suite): absolute angles q1, q2 from the downward vertical, canonical momenta p1, p2.
// H = [m2 l2^2 p1^2 + (m1+m2) l1^2 p2^2 - 2 m2 l1 l2 p1 p2 cos(q1-q2)] / [2 m2 l1^2 l2^2 (m1 + m2 sin^2(q1-q2))]
//     + (m1+m2) g l1 (1 - cos q1) + m2 g l2 (1 - cos q2)
// DM writes the potential as -(...) cos q; the constant shift makes H >= 0 so relative energy errors mean something.
// Not separable (the kinetic term depends on q1 - q2), so its ground truth is the adaptive integrator.
import { circlePoint, addNoise } from '../sampling';
import type { Dynamics, HamiltonianSystem, Params } from '../types';

export function doublePendulumDynamics(params: Params): Dynamics {
  const { m1, m2, l1, l2, g } = params;
  const a1 = m2 * l2 * l2;
  const a2 = (m1 + m2) * l1 * l1;
  const a3 = 2 * m2 * l1 * l2;
  const b1 = 2 * m2 * l1 * l1 * l2 * l2;
  const c1 = (m1 + m2) * g * l1;
  const c2 = m2 * g * l2;
  const gradH = (s: Float64Array, out: Float64Array): void => {
    const [q1, q2, p1, p2] = [s[0], s[1], s[2], s[3]];
    const sn = Math.sin(q1 - q2);
    const cs = Math.cos(q1 - q2);
    const num = a1 * p1 * p1 + a2 * p2 * p2 - a3 * p1 * p2 * cs;
    const den = b1 * (m1 + m2 * sn * sn);
    const dNum = a3 * p1 * p2 * sn;
    const dDen = b1 * m2 * 2 * sn * cs;
    const dK = (dNum * den - num * dDen) / (den * den);
    out[0] = dK + c1 * Math.sin(q1);
    out[1] = -dK + c2 * Math.sin(q2);
    out[2] = (2 * a1 * p1 - a3 * p2 * cs) / den;
    out[3] = (2 * a2 * p2 - a3 * p1 * cs) / den;
  };
  const grad = new Float64Array(4);
  return {
    dim: 4,
    H(s) {
      const [q1, q2, p1, p2] = [s[0], s[1], s[2], s[3]];
      const sn = Math.sin(q1 - q2);
      const kinetic = (a1 * p1 * p1 + a2 * p2 * p2 - a3 * p1 * p2 * Math.cos(q1 - q2)) / (b1 * (m1 + m2 * sn * sn));
      return kinetic + c1 * (1 - Math.cos(q1)) + c2 * (1 - Math.cos(q2));
    },
    gradH,
    field(s, out) {
      gradH(s, grad);
      out[0] = grad[2];
      out[1] = grad[3];
      out[2] = -grad[0];
      out[3] = -grad[1];
    },
  };
}

export const doublePendulum: HamiltonianSystem = {
  id: 'double-pendulum',
  label: 'Double pendulum',
  description: 'Two pendulums in series (chaotic, non-separable); DM suite parameters m = 0.5, l = 1, g = 3.',
  dim: 4,
  params: [
    { name: 'm1', default: 0.5, min: 0.05, max: 5, description: 'upper bob mass' },
    { name: 'm2', default: 0.5, min: 0.05, max: 5, description: 'lower bob mass' },
    { name: 'l1', default: 1, min: 0.1, max: 3, description: 'upper rod length' },
    { name: 'l2', default: 1, min: 0.1, max: 3, description: 'lower rod length' },
    { name: 'g', default: 3, min: 0.1, max: 20, description: 'gravitational acceleration' },
  ],
  conservative: true,
  angles: [0, 1],
  conserves: { momentum: false, angularMomentum: false },
  // DM: each (q_i, p_i) pair on its own circle of radius U(1.3, 2.3), no added noise.
  sampling: { radius: [1.3, 2.3], noise: 0, noiseMode: 'initial' },
  presets: {},
  // Chaotic: at 1e-14 time reversal over 60 steps at dt = 0.125 stays within 5e-8 on 1000 samples (1e-13: 6e-6).
  groundTruth: { method: 'adaptive', maxSubstep: 0.01, tolerance: 1e-14 },
  dynamics: doublePendulumDynamics,
  sampleInitial(rng, _params, sampling, out) {
    circlePoint(rng, sampling.radius[0], sampling.radius[1], out, 0, 2);
    circlePoint(rng, sampling.radius[0], sampling.radius[1], out, 1, 3);
    if (sampling.noiseMode === 'initial') addNoise(rng, sampling.noise, out, 0, 4);
  },
  draw(params) {
    const { m1, m2, l1, l2 } = params;
    const rs = Float64Array.of(0.6 * m1, 0.6 * m2);
    const dm = Float64Array.of(Math.sqrt(m1 / Math.PI), Math.sqrt(m2 / Math.PI));
    return {
      bodies: 2,
      colours: Uint8Array.of(0, 1),
      colourCount: 2,
      radius: { rs, dm },
      halfSize: { rs: Math.max(2.5, l1 + l2 + rs[1]), dm: l1 + l2 + Math.max(dm[0], dm[1]) },
      positions(s, out) {
        out[0] = l1 * Math.sin(s[0]);
        out[1] = -l1 * Math.cos(s[0]);
        out[2] = out[0] + l2 * Math.sin(s[1]);
        out[3] = out[1] - l2 * Math.cos(s[1]);
      },
    };
  },
};
