import { describe, expect, it } from 'vitest';
import { deriveSeed, gaussian, makeRng } from '../../main/core/random';

describe('seeded randomness', () => {
  it('repeats from a seed and differs between seeds', () => {
    const a = makeRng(42);
    const b = makeRng(42);
    const seqA = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(seqA);
    expect(Array.from({ length: 5 }, makeRng(43))).not.toEqual(seqA);
  });
  it('derives distinct child seeds, with no collisions between nearby seeds and labels', () => {
    const seen = new Set<number>();
    for (let seed = 0; seed < 200; seed++) for (let label = 0; label < 50; label++) seen.add(deriveSeed(seed, label));
    expect(seen.size).toBe(200 * 50);
    expect(deriveSeed(2, 1)).not.toBe(deriveSeed(3, 0));
    expect(deriveSeed(7, 'train')).toBe(deriveSeed(7, 'train'));
  });
  it('draws standard normals', () => {
    const rng = makeRng(1);
    const xs = Array.from({ length: 20000 }, () => gaussian(rng));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const varc = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(varc - 1)).toBeLessThan(0.05);
  });
});
