// The exact quantities the learned actions are compared with, and the trajectory data: elliptic integrals, the
// pendulum's action as the area of its orbit / 2 pi and its period, Kepler's actions, the FPUT normal modes;
// seeded, split, in range.
import { describe, expect, it } from 'vitest';
import {
  chainNormalModes,
  defaultDataSpec,
  ellipticKE,
  epochOrder,
  keplerActions,
  makeCanonicalData,
  modeEnergies,
  pendulumAction,
} from '../../../main/core/models/canonical';
import { getSystem, makeSimulator, resolveParams } from '../../../main/core/physics';
import { FPUT_SITES } from '../../../main/core/physics/systems/fput';

describe('exact actions', () => {
  it('complete elliptic integrals match known values', () => {
    expect(ellipticKE(0).K).toBeCloseTo(Math.PI / 2, 14);
    expect(ellipticKE(0).E).toBeCloseTo(Math.PI / 2, 14);
    // K(1/2) = Gamma(1/4)^2 / (4 sqrt(pi)), E(1/2) = K/2 + pi / (4 K).
    const k = 3.625609908221908 ** 2 / (4 * Math.sqrt(Math.PI));
    expect(ellipticKE(0.5).K).toBeCloseTo(k, 12);
    expect(ellipticKE(0.5).E).toBeCloseTo(k / 2 + Math.PI / (4 * k), 12);
    expect(ellipticKE(0.9).K).toBeCloseTo(2.5780921133481733, 12);
  });

  it('the pendulum action is the area of its orbit / 2 pi, and its frequency matches the simulated period', () => {
    const system = getSystem('pendulum');
    const params = resolveParams(system);
    const sim = makeSimulator(system, params);
    for (const energy of [0.05, 1, 2.25, 2.9]) {
      const { action, frequency } = pendulumAction(params, energy);
      const period = (2 * Math.PI) / frequency;
      const frames = 4001;
      const out = new Float64Array(frames * 2);
      sim.rollout(Float64Array.of(0, Math.sqrt(2 * params.m * params.l ** 2 * energy)), frames, period / (frames - 1), out);
      let area = 0; // shoelace over one period: the closed orbit in (q, p)
      for (let t = 0; t + 1 < frames; t++) area += out[2 * t] * out[2 * t + 3] - out[2 * t + 2] * out[2 * t + 1];
      expect(Math.abs(area) / 2 / (2 * Math.PI)).toBeCloseTo(action, 5);
      // One period later it is back where it started.
      expect(Math.abs(out[2 * (frames - 1)])).toBeLessThan(1e-8);
      expect(out[2 * (frames - 1) + 1]).toBeCloseTo(out[1], 8);
    }
    // Small amplitude: I = E / omega0.
    expect(pendulumAction(params, 1e-6).action).toBeCloseTo(1e-6 / Math.sqrt(params.g / params.l), 12);
    expect(() => pendulumAction(params, 3)).toThrow(/libration/);
  });

  it("Kepler's Lambda and radial action: circular orbits have J_r = 0, frequency 2 pi / period", () => {
    const a = keplerActions(1, [1, 0, 0, 1]); // circular, r = 1, v = 1
    expect(a.energy).toBeCloseTo(-0.5, 14);
    expect(a.lambda).toBeCloseTo(1, 14);
    expect(a.radialAction).toBeCloseTo(0, 14);
    expect(a.frequency).toBeCloseTo(1, 14);
  });

  it('FPUT: orthonormal normal modes with omega = 2 sin(pi k / 5), in two degenerate groups', () => {
    const modes = chainNormalModes(FPUT_SITES);
    expect(modes.vectors).toHaveLength(5);
    for (const [i, u] of modes.vectors.entries()) {
      for (const [j, v] of modes.vectors.entries()) expect(u.reduce((s, x, k) => s + x * v[k], 0)).toBeCloseTo(i === j ? 1 : 0, 12);
      // Eigenvector of the ring Laplacian with eigenvalue omega^2.
      const lap = u.map((x, k) => 2 * x - u[(k + 1) % 5] - u[(k + 4) % 5]);
      lap.forEach((y, k) => expect(y).toBeCloseTo(modes.frequencies[i] ** 2 * u[k], 12));
    }
    expect(modes.group).toEqual([0, 1, 1, 2, 2]);
    expect(modes.frequencies[1]).toBeCloseTo(2 * Math.sin(Math.PI / 5), 14);
    // The harmonic energies add up to the quadratic part of H.
    const s = [0.1, -0.2, 0.05, 0.3, -0.25, 0.02, 0.1, -0.3, 0.15, 0.03];
    const quadratic = s.slice(5).reduce((a, p) => a + 0.5 * p * p, 0) + s.slice(0, 5).reduce((a, q, k) => a + 0.5 * (q - s[(k + 1) % 5]) ** 2, 0);
    expect(modeEnergies(modes, s).reduce((a, e) => a + e, 0)).toBeCloseTo(quadratic, 12);
  });
});

describe('trajectory data', () => {
  it.each(['mass-spring', 'pendulum', 'kepler', 'fput'] as const)('%s: seeded, split apart, in range, with its truth', (system) => {
    const spec = { ...defaultDataSpec(system), train: 12, validation: 4, test: 6 };
    const a = makeCanonicalData(spec);
    const b = makeCanonicalData(spec);
    expect(Buffer.from(a.train.states.buffer).equals(Buffer.from(b.train.states.buffer))).toBe(true);
    expect(a.train.states.slice(0, 8)).not.toEqual(a.test.states.slice(0, 8));
    expect(a.test.count).toBe(6);
    expect(a.train.states.length).toBe(12 * spec.points * a.system.dim);
    const energy = a.train.truth.energy;
    if (spec.energy) for (const e of energy) expect(e >= spec.energy[0] - 1e-9 && e <= spec.energy[1] + 1e-9).toBe(true);
    const other = makeCanonicalData({ ...spec, seed: 1 });
    expect(other.train.states[1]).not.toBe(a.train.states[1]);
    if (system === 'kepler') {
      for (const l of a.train.truth.angular_momentum) expect(l).toBeGreaterThan(0); // prograde
      for (const e of a.train.truth.lrl) expect(e).toBeLessThanOrEqual(0.6 + 1e-9);
    }
    if (system === 'fput') {
      expect(Object.keys(a.train.truth)).toEqual(expect.arrayContaining(['mode_energy_1', 'group_energy_1', 'group_energy_2']));
      // The sampler removes the translation mode: centred q and p.
      for (let t = 0; t < spec.points; t += 7) {
        const s = a.train.states.subarray(t * 10, t * 10 + 10);
        expect(Math.abs(s.slice(0, 5).reduce((x, y) => x + y, 0))).toBeLessThan(1e-12);
      }
    }
  });

  it('shuffles every epoch differently, each a permutation, the same for the same seed', () => {
    const e0 = epochOrder(50, 0, 3);
    const e1 = epochOrder(50, 1, 3);
    expect([...e0].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(e0).not.toEqual(e1);
    expect(epochOrder(50, 1, 3)).toEqual(e1);
  });
});
