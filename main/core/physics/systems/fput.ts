// Fermi-Pasta-Ulam-Tsingou chain (seed 002): N = 5 unit masses on a ring of nonlinear springs,
// H = sum_i p_i^2 / 2 + x_i^2 / 2 + alpha x_i^3 / 3 + beta x_i^4 / 4,  x_i = q_i - q_{i+1} (periodic, q_N = q_0).
// Periodic, as in the talk (5 sites, 4 nonzero modes). alpha = 1/4 is FPUT's; a small beta keeps the well bounded
// below (alpha^2 < 4 beta: a single minimum), so noisy samples cannot escape over the cubic barrier.
import { gaussian, uniform } from '../../random';
import { addNoise } from '../sampling';
import type { Dynamics, HamiltonianSystem, Params } from '../types';

export const FPUT_SITES = 5;

export function fputDynamics(params: Params): Dynamics {
  const { alpha, beta } = params;
  const n = FPUT_SITES;
  const potential = (x: number): number => x * x * (0.5 + x * (alpha / 3 + (beta / 4) * x));
  const force = (x: number): number => x * (1 + x * (alpha + beta * x));
  const dVdq = (s: Float64Array, out: Float64Array): void => {
    for (let k = 0; k < n; k++) {
      const next = k + 1 === n ? 0 : k + 1;
      const prev = k === 0 ? n - 1 : k - 1;
      out[k] = force(s[k] - s[next]) - force(s[prev] - s[k]);
    }
  };
  const dTdp = (s: Float64Array, out: Float64Array): void => {
    for (let k = 0; k < n; k++) out[k] = s[n + k];
  };
  const scratch = new Float64Array(n);
  return {
    dim: 2 * n,
    H(s) {
      let h = 0;
      for (let k = 0; k < n; k++) h += 0.5 * s[n + k] * s[n + k] + potential(s[k] - s[k + 1 === n ? 0 : k + 1]);
      return h;
    },
    gradH(s, out) {
      dVdq(s, out);
      for (let k = 0; k < n; k++) out[n + k] = s[n + k];
    },
    field(s, out) {
      dVdq(s, scratch);
      for (let k = 0; k < n; k++) {
        out[k] = s[n + k];
        out[n + k] = -scratch[k];
      }
    },
    separable: { dTdp, dVdq },
  };
}

/** Subtracts the mean of out[from..from+n): removes the translation mode (zero frequency, drifts off-canvas). */
function removeMean(out: Float64Array, from: number, n: number): void {
  let mean = 0;
  for (let k = 0; k < n; k++) mean += out[from + k];
  mean /= n;
  for (let k = 0; k < n; k++) out[from + k] -= mean;
}

export const fput: HamiltonianSystem = {
  id: 'fput',
  label: 'FPUT chain',
  description: 'Fermi-Pasta-Ulam-Tsingou ring of 5 beads with nonlinear springs; drawn as beads on a line.',
  dim: 2 * FPUT_SITES,
  params: [
    { name: 'alpha', default: 0.25, min: -1, max: 1, description: 'cubic spring coefficient' },
    { name: 'beta', default: 0.25, min: 0, max: 2, description: 'quartic spring coefficient' },
  ],
  conservative: true,
  conserves: { momentum: false, angularMomentum: false },
  sampling: { radius: [0.5, 1.5], noise: 0.05, noiseMode: 'initial' },
  presets: {},
  groundTruth: { method: 'symplectic', maxSubstep: 0.015625, tolerance: 1e-12 },
  dynamics: fputDynamics,
  sampleInitial(rng, _params, sampling, out) {
    // The phase-space "circle" is the sphere of radius r in the nonzero modes: a random direction there.
    const n = FPUT_SITES;
    for (let i = 0; i < 2 * n; i++) out[i] = gaussian(rng);
    removeMean(out, 0, n);
    removeMean(out, n, n);
    let norm = 0;
    for (let i = 0; i < 2 * n; i++) norm += out[i] * out[i];
    const scale = uniform(rng, sampling.radius[0], sampling.radius[1]) / Math.sqrt(norm);
    for (let i = 0; i < 2 * n; i++) out[i] *= scale;
    if (sampling.noiseMode === 'initial') addNoise(rng, sampling.noise, out, 0, 2 * n);
    removeMean(out, 0, n);
    removeMean(out, n, n);
  },
  draw() {
    // Beads evenly spaced along x, displaced along y by q_i (drawn transversally so beads never overlap).
    const n = FPUT_SITES;
    const spacing = 1.2;
    const colours = new Uint8Array(n);
    for (let k = 0; k < n; k++) colours[k] = k % 3;
    return {
      bodies: n,
      colours,
      colourCount: 3,
      radius: { rs: new Float64Array(n).fill(0.35), dm: new Float64Array(n).fill(0.35) },
      halfSize: { rs: 3, dm: 3 },
      positions(s, out) {
        for (let k = 0; k < n; k++) {
          out[2 * k] = (k - (n - 1) / 2) * spacing;
          out[2 * k + 1] = s[k];
        }
      },
    };
  },
};
