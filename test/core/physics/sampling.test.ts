// Initial-state samplers: radius ranges, noise, n-body orbits, determinism.
import { describe, expect, it } from 'vitest';
import { SYSTEMS, SYSTEM_IDS, getSystem, resolveParams, resolveSampling, angularMomentum } from '../../../main/core/physics';
import { makeRng } from '../../../main/core/random';

function draw(id: string, count: number, seed: number, overrides = {}): Float64Array[] {
  const system = getSystem(id);
  const params = resolveParams(system);
  const sampling = resolveSampling(system, overrides);
  const rng = makeRng(seed);
  return Array.from({ length: count }, () => {
    const s = new Float64Array(system.dim);
    system.sampleInitial(rng, params, sampling, s);
    return s;
  });
}

describe('phase-space circle samplers', () => {
  it.each(['mass-spring', 'pendulum'])('%s: radius ~ U(r_min, r_max) without noise, spread by sigma with it', (id) => {
    const [lo, hi] = getSystem(id).sampling.radius;
    const clean = draw(id, 2000, 1, { noise: 0 }).map((s) => Math.hypot(s[0], s[1]));
    expect(Math.min(...clean)).toBeGreaterThanOrEqual(lo - 1e-12);
    expect(Math.max(...clean)).toBeLessThanOrEqual(hi + 1e-12);
    const mean = clean.reduce((a, b) => a + b, 0) / clean.length;
    expect(Math.abs(mean - (lo + hi) / 2)).toBeLessThan(0.03 * (hi - lo) + 0.01);
    // Noise comes after the circle point in the stream: per-seed pairs differ by exactly the added noise.
    const system = getSystem(id);
    const params = resolveParams(system);
    const diffs: number[] = [];
    for (let seed = 0; seed < 2000; seed++) {
      const a = new Float64Array(2);
      const b = new Float64Array(2);
      system.sampleInitial(makeRng(seed), params, resolveSampling(system, { noise: 0 }), a);
      system.sampleInitial(makeRng(seed), params, resolveSampling(system), b);
      diffs.push(b[0] - a[0], b[1] - a[1]);
    }
    const std = Math.sqrt(diffs.reduce((acc, d) => acc + d * d, 0) / diffs.length);
    expect(Math.abs(std - system.sampling.noise)).toBeLessThan(0.05 * system.sampling.noise);
  });

  it('draws the angle uniformly: all four quadrants of (q, p) are hit evenly', () => {
    const counts = [0, 0, 0, 0];
    for (const s of draw('mass-spring', 4000, 2, { noise: 0 })) counts[(s[0] > 0 ? 0 : 1) + (s[1] > 0 ? 0 : 2)]++;
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(120);
  });

  it('double pendulum puts each (q_i, p_i) pair on its own circle', () => {
    const [lo, hi] = getSystem('double-pendulum').sampling.radius;
    for (const s of draw('double-pendulum', 200, 3)) {
      for (const r of [Math.hypot(s[0], s[2]), Math.hypot(s[1], s[3])]) {
        expect(r).toBeGreaterThanOrEqual(lo - 1e-12);
        expect(r).toBeLessThanOrEqual(hi + 1e-12);
      }
    }
  });
});

describe('n-body samplers', () => {
  it('two-body without noise: opposite bodies on a circular orbit (|v|^2 = g m / (4 r))', () => {
    const { m, g } = resolveParams(getSystem('two-body'));
    for (const s of draw('two-body', 50, 4, { noise: 0 })) {
      const r = Math.hypot(s[0], s[1]);
      expect(r).toBeGreaterThanOrEqual(0.5 - 1e-12);
      expect(r).toBeLessThanOrEqual(1.5 + 1e-12);
      expect(s[2]).toBeCloseTo(-s[0], 12);
      const v = Math.hypot(s[4], s[5]) / m;
      expect(v * v).toBeCloseTo((g * m) / (4 * r), 10);
      // Velocity perpendicular to the radius: circular, not elliptical.
      expect(Math.abs(s[0] * s[4] + s[1] * s[5])).toBeLessThan(1e-12);
    }
  });

  it('three-body without noise: an equilateral triangle with the circular-orbit speed', () => {
    const { m, g } = resolveParams(getSystem('three-body'));
    for (const s of draw('three-body', 50, 5, { noise: 0 })) {
      const r = Math.hypot(s[0], s[1]);
      const sides = [0, 1, 2].map((i) => {
        const j = (i + 1) % 3;
        return Math.hypot(s[2 * i] - s[2 * j], s[2 * i + 1] - s[2 * j + 1]);
      });
      for (const side of sides) expect(side).toBeCloseTo(r * Math.sqrt(3), 10);
      const v = Math.hypot(s[6], s[7]) / m;
      expect(v * v).toBeCloseTo((g * m) / (Math.sqrt(3) * r), 10);
    }
  });

  it('orbits in both senses of rotation', () => {
    const signs = draw('two-body', 200, 6, { noise: 0 }).map((s) => Math.sign(angularMomentum(s, 2)));
    expect(signs.filter((x) => x > 0).length).toBeGreaterThan(60);
    expect(signs.filter((x) => x < 0).length).toBeGreaterThan(60);
  });
});

describe('every sampler', () => {
  it.each(SYSTEM_IDS)('%s: same seed, same states; other seed, other states', (id) => {
    const a = draw(id, 5, 42);
    const b = draw(id, 5, 42);
    const c = draw(id, 5, 43);
    expect(a).toEqual(b);
    expect(a[0]).not.toEqual(c[0]);
    for (const s of a) for (const v of s) expect(Number.isFinite(v)).toBe(true);
  });

  it('puts no noise into the initial state in observation mode', () => {
    const clean = draw('pendulum', 3, 9, { noise: 0 });
    const observed = draw('pendulum', 3, 9, { noiseMode: 'observation' });
    expect(observed).toEqual(clean);
    expect(SYSTEMS.pendulum.sampling.noiseMode).toBe('initial');
  });
});
