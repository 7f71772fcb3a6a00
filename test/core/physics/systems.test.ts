// Every system: paper defaults, parameter validation, gradients against finite differences, Hamilton's equations.
import { describe, expect, it } from 'vitest';
import { SYSTEMS, SYSTEM_IDS, getSystem, resolveParams, resolveSampling } from '../../../main/core/physics';
import { makeRng } from '../../../main/core/random';

describe('system registry', () => {
  it('holds every id, each under its own id', () => {
    expect(Object.keys(SYSTEMS).sort()).toEqual([...SYSTEM_IDS].sort());
    for (const id of SYSTEM_IDS) expect(SYSTEMS[id].id).toBe(id);
    expect(() => getSystem('nope')).toThrow(/unknown system 'nope'/);
  });

  it('uses the HGN paper parameters, radius ranges and noise (docs/science.md section 2)', () => {
    const table = {
      'mass-spring': { params: { m: 0.5, k: 2 }, radius: [0.1, 1.0], noise: 0.1 },
      pendulum: { params: { m: 0.5, l: 1, g: 3 }, radius: [1.3, 2.3], noise: 0.1 },
      'two-body': { params: { m: 1, g: 1 }, radius: [0.5, 1.5], noise: 0.05 },
      'three-body': { params: { m: 1, g: 1 }, radius: [0.9, 1.2], noise: 0.2 },
    } as const;
    for (const [id, want] of Object.entries(table)) {
      const system = getSystem(id);
      expect(resolveParams(system)).toEqual(want.params);
      expect(system.sampling.radius).toEqual(want.radius);
      expect(system.sampling.noise).toBe(want.noise);
    }
  });

  it('flags the friction variants as non-conservative with damping 0.05', () => {
    for (const id of ['mass-spring-friction', 'pendulum-friction']) {
      const system = getSystem(id);
      expect(system.conservative).toBe(false);
      expect(resolveParams(system).friction).toBe(0.05);
    }
    for (const id of SYSTEM_IDS.filter((i) => !i.endsWith('friction'))) expect(SYSTEMS[id].conservative).toBe(true);
  });

  it('validates overrides and offers the HNN ideal spring', () => {
    const spring = getSystem('mass-spring');
    expect(resolveParams(spring, spring.presets['hnn-ideal'])).toEqual({ m: 1, k: 1 });
    expect(() => resolveParams(spring, { q: 1 })).toThrow(/no parameter 'q'/);
    expect(() => resolveParams(spring, { k: -1 })).toThrow(/outside/);
    expect(() => resolveParams(spring, { k: Number.NaN })).toThrow(/outside/);
    expect(() => resolveSampling(spring, { radius: [2, 1] })).toThrow(/radius/);
  });

  it('describes every parameter with a default inside its range', () => {
    for (const system of Object.values(SYSTEMS)) {
      expect(system.dim % 2).toBe(0);
      for (const p of system.params) {
        expect(p.min).toBeLessThanOrEqual(p.default);
        expect(p.default).toBeLessThanOrEqual(p.max);
        expect(p.description.length).toBeGreaterThan(2);
      }
    }
  });
});

describe.each(SYSTEM_IDS)('%s dynamics', (id) => {
  const system = SYSTEMS[id];
  const params = resolveParams(system);
  const dyn = system.dynamics(params);
  const n = system.dim / 2;
  const states = (() => {
    const rng = makeRng(11);
    const sampling = resolveSampling(system);
    return Array.from({ length: 4 }, () => {
      const s = new Float64Array(system.dim);
      system.sampleInitial(rng, params, sampling, s);
      return s;
    });
  })();

  it('has gradients matching central finite differences of H', () => {
    const grad = new Float64Array(system.dim);
    for (const s of states) {
      dyn.gradH(s, grad);
      for (let i = 0; i < system.dim; i++) {
        const eps = 1e-6;
        const plus = s.slice();
        const minus = s.slice();
        plus[i] += eps;
        minus[i] -= eps;
        const fd = (dyn.H(plus) - dyn.H(minus)) / (2 * eps);
        expect(Math.abs(grad[i] - fd)).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
      }
    }
  });

  it('moves along Hamilton equations (plus friction where flagged)', () => {
    const grad = new Float64Array(system.dim);
    const field = new Float64Array(system.dim);
    const friction = system.conservative ? 0 : params.friction;
    for (const s of states) {
      dyn.gradH(s, grad);
      dyn.field(s, field);
      for (let i = 0; i < n; i++) {
        expect(field[i]).toBeCloseTo(grad[n + i], 12);
        expect(field[n + i]).toBeCloseTo(-grad[i] - friction * grad[n + i], 12);
      }
    }
  });

  it('exposes separable parts consistent with the gradient, when it claims to be separable', () => {
    if (!dyn.separable) {
      expect(['double-pendulum', 'mass-spring-friction', 'pendulum-friction']).toContain(id);
      return;
    }
    const grad = new Float64Array(system.dim);
    const part = new Float64Array(n);
    for (const s of states) {
      dyn.gradH(s, grad);
      dyn.separable.dVdq(s, part);
      for (let i = 0; i < n; i++) expect(part[i]).toBeCloseTo(grad[i], 12);
      dyn.separable.dTdp(s, part);
      for (let i = 0; i < n; i++) expect(part[i]).toBeCloseTo(grad[n + i], 12);
    }
  });
});
