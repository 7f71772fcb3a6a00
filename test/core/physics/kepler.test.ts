// The planar Kepler problem: its invariants (H, L, the Laplace-Runge-Lenz vector A with A.L = 0 and
// |A|^2 = k^2 + 2 H L^2) held by the simulator to 1e-9 over many orbits, orbital elements, the pixel sampler.
import { describe, expect, it } from 'vitest';
import { getSystem, keplerInvariants, keplerVectors3, makeSimulator, resolveParams, resolveSampling } from '../../../main/core/physics';
import { keplerPeriod, keplerStateFromElements } from '../../../main/core/physics/systems/kepler';
import { gaussian, makeRng } from '../../../main/core/random';

const system = getSystem('kepler');

describe('Kepler invariants', () => {
  it('A.L = 0 and |A|^2 = k^2 + 2 H L^2 on arbitrary 3D states (the formula, not the plane, makes A.L vanish)', () => {
    const rng = makeRng(3);
    for (let i = 0; i < 200; i++) {
      const k = 0.1 + 5 * rng();
      const q = [gaussian(rng), gaussian(rng), gaussian(rng)] as const;
      const p = [gaussian(rng), gaussian(rng), gaussian(rng)] as const;
      const { L, A } = keplerVectors3(q, p, k);
      const h = 0.5 * (p[0] ** 2 + p[1] ** 2 + p[2] ** 2) - k / Math.hypot(...q);
      const l2 = L[0] ** 2 + L[1] ** 2 + L[2] ** 2;
      const scale = k * k + Math.abs(2 * h * l2) + 1;
      expect(Math.abs(A[0] * L[0] + A[1] * L[1] + A[2] * L[2])).toBeLessThan(1e-12 * scale);
      expect(Math.abs(A[0] ** 2 + A[1] ** 2 + A[2] ** 2 - (k * k + 2 * h * l2))).toBeLessThan(1e-12 * scale);
    }
  });

  it('the planar invariants are the 3D ones with z = 0; A points to the pericentre with |A| = k e', () => {
    const k = 1.7;
    const s = new Float64Array(4);
    keplerStateFromElements(k, 1.3, 0.6, 0.4, 0, 1, s);
    const inv = keplerInvariants(s, k);
    const { L, A } = keplerVectors3([s[0], s[1], 0], [s[2], s[3], 0], k);
    expect(inv.angularMomentum).toBeCloseTo(L[2], 14);
    expect(inv.lrl[0]).toBeCloseTo(A[0], 12);
    expect(inv.lrl[1]).toBeCloseTo(A[1], 12);
    expect(Math.hypot(...inv.lrl)).toBeCloseTo(k * 0.6, 12);
    expect(Math.atan2(inv.lrl[1], inv.lrl[0])).toBeCloseTo(0.4, 12);
    expect(inv.energy).toBeCloseTo(-k / (2 * 1.3), 12);
  });

  it('orbital elements give the orbit they name, in both senses of rotation', () => {
    const k = 1;
    for (const sense of [1, -1] as const) {
      const s = new Float64Array(4);
      keplerStateFromElements(k, 0.9, 0.3, -1.1, 2.0, sense, s);
      const inv = keplerInvariants(s, k);
      expect(Math.sign(inv.angularMomentum)).toBe(sense);
      expect(Math.abs(inv.angularMomentum)).toBeCloseTo(Math.sqrt(k * 0.9 * (1 - 0.09)), 12);
      expect(Math.hypot(...inv.lrl)).toBeCloseTo(0.3, 12);
      expect(Math.atan2(inv.lrl[1], inv.lrl[0])).toBeCloseTo(-1.1, 12);
    }
  });
});

describe('Kepler simulation', () => {
  const params = resolveParams(system);
  const k = params.k;
  const sim = makeSimulator(system, params);

  it('integrates adaptively (DOP853) and holds H, L and A to 1e-9 over ten orbits, eccentricity up to 0.8', () => {
    expect(sim.method).toBe('adaptive');
    const rng = makeRng(7);
    for (const e of [0, 0.3, 0.6, 0.8]) {
      const s = new Float64Array(4);
      keplerStateFromElements(k, 0.6 + rng(), e, 2 * Math.PI * rng(), 2 * Math.PI * rng(), rng() < 0.5 ? 1 : -1, s);
      const start = keplerInvariants(s, k);
      const period = keplerPeriod(k, start.energy);
      const frames = 200;
      const out = new Float64Array(frames * 4);
      sim.rollout(s, frames, (10 * period) / (frames - 1), out);
      let worst = 0;
      let worstDot = 0;
      let worstCasimir = 0;
      for (let t = 0; t < frames; t++) {
        const inv = keplerInvariants(out.subarray(4 * t, 4 * t + 4), k);
        worst = Math.max(
          worst,
          Math.abs(inv.energy - start.energy),
          Math.abs(inv.angularMomentum - start.angularMomentum),
          Math.abs(inv.lrl[0] - start.lrl[0]),
          Math.abs(inv.lrl[1] - start.lrl[1]),
        );
        const { L, A } = keplerVectors3([out[4 * t], out[4 * t + 1], 0], [out[4 * t + 2], out[4 * t + 3], 0], k);
        worstDot = Math.max(worstDot, Math.abs(A[0] * L[0] + A[1] * L[1] + A[2] * L[2]));
        worstCasimir = Math.max(worstCasimir, Math.abs(A[0] ** 2 + A[1] ** 2 - k * k - 2 * inv.energy * L[2] ** 2));
      }
      expect(worst).toBeLessThan(1e-9);
      expect(worstDot).toBe(0);
      expect(worstCasimir).toBeLessThan(1e-12);
      // Ten periods later the orbit closes on itself (superintegrability): back to the start, up to the phase
      // error the integrator accumulates along the track (1.1e-8 at e = 0.8).
      for (let i = 0; i < 4; i++) expect(Math.abs(out[4 * (frames - 1) + i] - s[i])).toBeLessThan(1e-7);
    }
  });

  it('samples bound orbits on the canvas, both senses, deterministically', () => {
    const sampling = resolveSampling(system);
    const rng = makeRng(5);
    let prograde = 0;
    for (let i = 0; i < 300; i++) {
      const s = new Float64Array(4);
      system.sampleInitial(rng, params, sampling, s);
      const inv = keplerInvariants(s, k);
      expect(inv.energy).toBeLessThan(0);
      const a = -k / (2 * inv.energy);
      const e = Math.hypot(...inv.lrl) / k;
      expect(a * (1 + e)).toBeLessThanOrEqual(2 * sampling.radius[1] + 1e-9);
      expect(a * (1 - e)).toBeGreaterThanOrEqual(sampling.radius[0] / 4 - 1e-9);
      if (inv.angularMomentum > 0) prograde++;
    }
    expect(prograde).toBeGreaterThan(100);
    expect(prograde).toBeLessThan(200);
  });
});
