// Ground truth: energy, time reversal, momenta, agreement with analytic solutions and between integrators.
import { describe, expect, it } from 'vitest';
import {
  SYSTEMS,
  SYSTEM_IDS,
  angularMomentum,
  getSystem,
  makeSimulator,
  resolveParams,
  resolveSampling,
  simulate,
  totalMomentum,
} from '../../../main/core/physics';
import { energyScale, relativeEnergyDrift, sampleTrajectory } from '../../../main/core/physics/trajectory';
import { makeSymplecticStepper } from '../../../main/core/physics/integrators/symplectic';
import { makeRng } from '../../../main/core/random';

const DT = 0.125;
const FRAMES = 61; // 60 steps
const SAMPLES = 8;

/** SAMPLES gated trajectories of a system, as the dataset generator draws them. */
function trajectories(id: (typeof SYSTEM_IDS)[number], seed = 5) {
  const system = SYSTEMS[id];
  const params = resolveParams(system);
  const sim = makeSimulator(system, params);
  const req = { system, params, sampling: resolveSampling(system), sim, frames: FRAMES, dt: DT };
  const rng = makeRng(seed);
  return Array.from({ length: SAMPLES }, () => {
    const y0 = new Float64Array(system.dim);
    const out = new Float64Array(FRAMES * system.dim);
    sampleTrajectory(req, rng, y0, out, 0);
    return { y0, out, sim, system, params };
  });
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
};

describe.each(SYSTEM_IDS)('%s ground truth over 60 steps at dt = 0.125', (id) => {
  const runs = trajectories(id);

  it('keeps the relative energy error below 1e-6 (conservative) or dissipates it (friction)', () => {
    for (const { out, sim, system } of runs) {
      const scratch = new Float64Array(system.dim);
      if (system.conservative) {
        expect(relativeEnergyDrift(sim.dynamics, out, 0, FRAMES, scratch)).toBeLessThan(1e-6);
      } else {
        let previous = Infinity;
        for (let t = 0; t < FRAMES; t++) {
          const h = sim.dynamics.H(out.subarray(t * system.dim, (t + 1) * system.dim));
          expect(h).toBeLessThanOrEqual(previous + 1e-12);
          previous = h;
        }
        const first = sim.dynamics.H(out.subarray(0, system.dim));
        expect(previous).toBeLessThan(first);
      }
    }
  });

  it('returns to the start within 1e-6 when integrated back with -dt', () => {
    for (const { y0, out, sim, system } of runs) {
      const back = out.slice((FRAMES - 1) * system.dim);
      for (let t = 1; t < FRAMES; t++) sim.advance(back, -DT);
      expect(maxAbsDiff(back, y0)).toBeLessThan(1e-6);
    }
  });

  it('conserves total momentum and angular momentum where the system has them', () => {
    const { system } = runs[0];
    if (!system.conserves.momentum) return;
    const bodies = system.dim / 4;
    for (const { out, sim } of runs) {
      const s0 = out.subarray(0, system.dim);
      const scale = Math.sqrt(energyScale(sim.dynamics, s0));
      const [px0, py0] = totalMomentum(s0, bodies);
      // Sampled in the centre-of-mass frame, as the literature's rollouts are.
      expect(Math.hypot(px0, py0)).toBeLessThan(1e-12);
      const l0 = angularMomentum(s0, bodies);
      for (let t = 1; t < FRAMES; t++) {
        const s = out.subarray(t * system.dim, (t + 1) * system.dim);
        const [px, py] = totalMomentum(s, bodies);
        expect(Math.hypot(px - px0, py - py0)).toBeLessThan(1e-9 * scale);
        expect(Math.abs(angularMomentum(s, bodies) - l0)).toBeLessThan(1e-9 * scale);
      }
    }
  });

  it('agrees with an independent reference within 1e-6', () => {
    // Symplectic ground truth is checked against DOP853; adaptive ground truth against itself at 100x tighter
    // tolerance (fixed-step symplectic cannot follow three-body near-collisions: that is why it is adaptive).
    const { system, params, sim } = runs[0];
    // (Capped at 2e-15: DOP853 cannot be asked for less than double precision.)
    const tol = Math.max(system.groundTruth.tolerance / 100, 2e-15);
    const reference = makeSimulator(system, params, { method: 'adaptive', adaptive: { rtol: tol, atol: tol } });
    expect(sim.method).toBe(system.groundTruth.method);
    for (const { y0, out } of runs.slice(0, 4)) {
      const ref = new Float64Array(out.length);
      reference.rollout(y0, FRAMES, DT, ref);
      expect(maxAbsDiff(out, ref)).toBeLessThan(1e-6);
    }
  });

  it('is deterministic: the same start gives the same bits, whatever ran before', () => {
    const { y0, out, sim } = runs[runs.length - 1];
    const again = new Float64Array(out.length);
    sim.rollout(y0, FRAMES, DT, again);
    expect(Buffer.from(again.buffer).equals(Buffer.from(out.buffer))).toBe(true);
  });
});

describe('analytic checks', () => {
  it('mass-spring matches q0 cos(wt) + p0/(mw) sin(wt), symplectic and adaptive', () => {
    const system = getSystem('mass-spring');
    const params = resolveParams(system);
    const { m, k } = params;
    const w = Math.sqrt(k / m);
    const y0 = Float64Array.of(0.7, -0.4);
    for (const method of ['symplectic', 'adaptive'] as const) {
      const out = simulate(system, params, y0, FRAMES, DT, { method });
      for (let t = 0; t < FRAMES; t++) {
        const time = t * DT;
        const q = y0[0] * Math.cos(w * time) + (y0[1] / (m * w)) * Math.sin(w * time);
        const p = -y0[0] * m * w * Math.sin(w * time) + y0[1] * Math.cos(w * time);
        expect(Math.abs(out[2 * t] - q)).toBeLessThan(1e-8);
        expect(Math.abs(out[2 * t + 1] - p)).toBeLessThan(1e-8);
      }
    }
  });

  it('damped spring matches the underdamped closed form', () => {
    const system = getSystem('mass-spring-friction');
    const params = resolveParams(system);
    const { m, k, friction } = params;
    const beta = friction / (2 * m);
    const wd = Math.sqrt(k / m - beta * beta);
    const y0 = Float64Array.of(0.9, 0.3);
    const v0 = y0[1] / m;
    const out = simulate(system, params, y0, FRAMES, DT);
    for (let t = 0; t < FRAMES; t++) {
      const time = t * DT;
      const decay = Math.exp(-beta * time);
      const q = decay * (y0[0] * Math.cos(wd * time) + ((v0 + beta * y0[0]) / wd) * Math.sin(wd * time));
      expect(Math.abs(out[2 * t] - q)).toBeLessThan(1e-9);
    }
  });

  it('Yoshida compositions converge at orders 4 and 6', () => {
    const system = getSystem('pendulum');
    const dyn = system.dynamics(resolveParams(system));
    const y0 = Float64Array.of(2.0, 0.5);
    const ref = simulate(system, resolveParams(system), y0, 2, 1.0, { method: 'adaptive', adaptive: { rtol: 1e-14, atol: 1e-14 } });
    const error = (composition: 'yoshida4' | 'yoshida6', steps: number): number => {
      const s = y0.slice();
      makeSymplecticStepper(dyn, composition).advance(s, 1 / steps, steps);
      return Math.hypot(s[0] - ref[2], s[1] - ref[3]);
    };
    const ratio4 = error('yoshida4', 10) / error('yoshida4', 20);
    const ratio6 = error('yoshida6', 5) / error('yoshida6', 10);
    expect(ratio4).toBeGreaterThan(2 ** 4 * 0.7);
    expect(ratio4).toBeLessThan(2 ** 4 * 1.4);
    expect(ratio6).toBeGreaterThan(2 ** 6 * 0.7);
    expect(ratio6).toBeLessThan(2 ** 6 * 1.4);
  });

  it('refuses symplectic integration of a non-separable system', () => {
    const system = getSystem('double-pendulum');
    expect(() => makeSimulator(system, resolveParams(system), { method: 'symplectic' })).toThrow(/separable/);
  });
});
