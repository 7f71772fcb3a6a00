// The planar Kepler problem (seed 002): one body of unit mass about a fixed centre, H = |p|^2 / 2 - k / |q|.
// State [x, y, px, py]. Superintegrable: besides H, the angular momentum L = x py - y px and the Laplace-Runge-Lenz
// vector A = p x L - k q / |q| are conserved, with A . L = 0 and |A|^2 = k^2 + 2 H L^2 (main/core/physics/invariants.ts).
// Separable, but eccentric orbits speed up near the centre: the ground truth is the adaptive DOP853 at 1e-12.
import { gaussian, uniform, type Rng } from '../../random';
import type { Dynamics, HamiltonianSystem, Params, SamplingSpec } from '../types';

export function keplerDynamics(params: Params): Dynamics {
  const { k } = params;
  const dVdq = (s: Float64Array, out: Float64Array): void => {
    const r2 = s[0] * s[0] + s[1] * s[1];
    const f = k / (r2 * Math.sqrt(r2));
    out[0] = f * s[0];
    out[1] = f * s[1];
  };
  const dTdp = (s: Float64Array, out: Float64Array): void => {
    out[0] = s[2];
    out[1] = s[3];
  };
  return {
    dim: 4,
    H: (s) => 0.5 * (s[2] * s[2] + s[3] * s[3]) - k / Math.hypot(s[0], s[1]),
    // T and V have opposite signs (H < 0 on bound orbits, near 0 close to escape): scale relative errors by |T| + |V|.
    energyScale: (s) => 0.5 * (s[2] * s[2] + s[3] * s[3]) + k / Math.hypot(s[0], s[1]),
    gradH(s, out) {
      const r2 = s[0] * s[0] + s[1] * s[1];
      const f = k / (r2 * Math.sqrt(r2));
      out[0] = f * s[0];
      out[1] = f * s[1];
      out[2] = s[2];
      out[3] = s[3];
    },
    field(s, out) {
      const r2 = s[0] * s[0] + s[1] * s[1];
      const f = k / (r2 * Math.sqrt(r2));
      out[0] = s[2];
      out[1] = s[3];
      out[2] = -f * s[0];
      out[3] = -f * s[1];
    },
    separable: { dTdp, dVdq },
  };
}

/**
 * Writes the state [x, y, px, py] of the bound orbit with semi-major axis a, eccentricity e (0 <= e < 1), perihelion
 * direction `omega` (angle of A from the x axis), sense +1 (anticlockwise, L > 0) or -1, at true anomaly `nu`.
 */
export function keplerStateFromElements(
  k: number,
  a: number,
  e: number,
  omega: number,
  nu: number,
  sense: 1 | -1,
  out: Float64Array,
): void {
  const l = Math.sqrt(k * a * (1 - e * e)); // |L|
  const r = (a * (1 - e * e)) / (1 + e * Math.cos(nu));
  // Perifocal frame: radial and transverse velocity components.
  const vr = (k / l) * e * Math.sin(nu);
  const vt = (k / l) * (1 + e * Math.cos(nu));
  const theta = omega + sense * nu;
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  out[0] = r * c;
  out[1] = r * s;
  out[2] = vr * c - sense * vt * s;
  out[3] = vr * s + sense * vt * c;
}

/** Orbital period 2 pi sqrt(a^3 / k) of the bound orbit of energy h < 0. */
export function keplerPeriod(k: number, h: number): number {
  const a = -k / (2 * h);
  return 2 * Math.PI * Math.sqrt((a * a * a) / k);
}

/**
 * Pixel-dataset sampler, as for the n-body systems: distance r ~ U(radius) at a random angle, the circular speed
 * sqrt(k / r) perpendicular to it in a random sense, then Gaussian noise of std `noise` on the state. A noisy
 * draw that would leave the canvas (apocentre beyond 2 r_max, or unbound) or dive at the centre (pericentre under
 * r_min / 4) draws its noise again, from the same stream (deterministic).
 */
function sampleKepler(rng: Rng, params: Params, sampling: SamplingSpec, out: Float64Array): void {
  const { k } = params;
  const [rMin, rMax] = sampling.radius;
  const r = uniform(rng, rMin, rMax);
  const theta = 2 * Math.PI * rng();
  const sense = rng() < 0.5 ? -1 : 1;
  const speed = Math.sqrt(k / Math.max(r, 1e-6));
  const base = [r * Math.cos(theta), r * Math.sin(theta), -sense * speed * Math.sin(theta), sense * speed * Math.cos(theta)];
  const addNoise = sampling.noiseMode === 'initial' && sampling.noise > 0;
  for (let attempt = 0; attempt < 64; attempt++) {
    for (let i = 0; i < 4; i++) out[i] = base[i] + (addNoise ? sampling.noise * gaussian(rng) : 0);
    if (!addNoise) return;
    const h = 0.5 * (out[2] * out[2] + out[3] * out[3]) - k / Math.hypot(out[0], out[1]);
    if (!(h < 0)) continue;
    const a = -k / (2 * h);
    const l = out[0] * out[3] - out[1] * out[2];
    const e = Math.sqrt(Math.max(0, 1 + (2 * h * l * l) / (k * k)));
    if (a * (1 + e) <= 2 * rMax && a * (1 - e) >= rMin / 4) return;
  }
  for (let i = 0; i < 4; i++) out[i] = base[i]; // the noiseless circular orbit, if no draw in 64 qualified
}

export const kepler: HamiltonianSystem = {
  id: 'kepler',
  label: 'Kepler problem',
  description: 'A planet about a fixed sun, H = |p|^2/2 - k/r (planar, unit mass); conserves L and the Laplace-Runge-Lenz vector.',
  dim: 4,
  params: [{ name: 'k', default: 1, min: 0.1, max: 10, description: 'gravitational parameter G M of the sun' }],
  conservative: true,
  // L is conserved, but about the fixed sun: the n-body checks (total momentum, several bodies) do not apply.
  conserves: { momentum: false, angularMomentum: false },
  sampling: { radius: [0.5, 1.5], noise: 0.05, noiseMode: 'initial' },
  presets: {},
  groundTruth: { method: 'adaptive', maxSubstep: 0.01, tolerance: 1e-12 },
  dynamics: keplerDynamics,
  sampleInitial: sampleKepler,
  draw() {
    // The sun (yellow, fixed at the origin) and the planet (red), painted last so it passes in front.
    return {
      bodies: 2,
      colours: Uint8Array.of(0, 1),
      colourCount: 2,
      radius: { rs: Float64Array.of(0.3, 0.2), dm: Float64Array.of(0.3, 0.2) },
      halfSize: { rs: 3, dm: 3 },
      positions(s, out) {
        out[0] = 0;
        out[1] = 0;
        out[2] = s[0];
        out[3] = s[1];
      },
    };
  },
};
