// Issue 19: a number box keeps what is typed. Typed key by key, every prefix of "1.5e-4" and "-8" is either a
// number or still being typed (never rewritten to another number), and the complete text reads as typed.
import { describe, expect, it } from 'vitest';
import { formatNumber, isPartialNumber, parseNumber, sameNumber } from '../../renderer/src/components/number-text';

const prefixes = (s: string) => Array.from({ length: s.length }, (_, i) => s.slice(0, i + 1));

describe('number text', () => {
  it('keeps 1.5e-4 while it is typed key by key and reads it as 1.5e-4', () => {
    for (const p of prefixes('1.5e-4')) {
      const n = parseNumber(p);
      // "1", "1.", "1.5" are numbers already; "1.5e", "1.5e-" are partial (NaN, not "-4" or 1.5).
      if (Number.isNaN(n)) expect(isPartialNumber(p)).toBe(true);
      else expect(n).toBe(Number(p));
    }
    expect(parseNumber('1.5e')).toBeNaN();
    expect(parseNumber('1.5e-')).toBeNaN();
    expect(parseNumber('1.5e-4')).toBe(1.5e-4);
  });

  it('reads -8 as -8 (never 8), and "-" as unfinished', () => {
    expect(isPartialNumber('-')).toBe(true);
    expect(parseNumber('-')).toBeNaN();
    expect(parseNumber('-8')).toBe(-8);
  });

  it('is not fooled by text that is not a number', () => {
    for (const t of ['abc', '1O', '0x10', 'Infinity', '1e5e', '--1']) {
      expect(parseNumber(t)).toBeNaN();
      expect(isPartialNumber(t)).toBe(false);
    }
    expect(isPartialNumber('')).toBe(true);
  });

  it('writes values back as the papers print them, and reads them back the same', () => {
    expect(formatNumber(1.5e-4)).toBe('1.5e-4');
    expect(formatNumber(0.002)).toBe('0.002');
    expect(formatNumber(512)).toBe('512');
    expect(formatNumber(NaN)).toBe('');
    for (const v of [1.5e-4, 3e-4, 0.002, 512, -8, 0]) expect(parseNumber(formatNumber(v))).toBe(v);
    expect(sameNumber(NaN, NaN)).toBe(true);
    expect(sameNumber(1, NaN)).toBe(false);
  });
});
