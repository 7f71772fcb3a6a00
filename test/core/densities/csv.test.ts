import { describe, expect, it } from 'vitest';
import { CsvError, parsePointsCsv, pointSetDensity, standardizePoints } from '../../../main/core/densities';
import { makeRng } from '../../../main/core/random';

describe('CSV point sets', () => {
  it('reads commas, semicolons, whitespace, comments, blank lines, CRLF and a header', () => {
    const set = parsePointsCsv('# my points\r\nx,y\r\n1,2\r\n\r\n-3.5, 4e-1\r\n.5,+6\r\n');
    expect(set.dim).toBe(2);
    expect(set.count).toBe(3);
    expect(set.header).toEqual(['x', 'y']);
    expect(Array.from(set.points)).toEqual([1, 2, -3.5, Math.fround(0.4), 0.5, 6]);
    expect(Array.from(parsePointsCsv('1;2;3\n4;5;6').points)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(parsePointsCsv('1 2\n3\t4\n').count).toBe(2);
  });

  it.each([
    ['1,2\n3\n', /line 2: expected 2 columns, found 1/],
    ['1,2\n3,abc\n', /line 2: column 2: "abc" is not a number/],
    ['x,y\n1,2\n3,y\n', /line 3: column 2: "y" is not a number/],
    ['1,2\n0x10,3\n', /line 2: column 1: "0x10" is not a number/],
    ['1,2\nInfinity,3\n', /"Infinity" is not a number/],
    ['1,2\nNaN,3\n', /"NaN" is not a number/],
    ['1,2\n1e999,3\n', /line 2: column 1: 1e999 is out of range/],
    ['1,abc\n2,3\n', /line 1: column 2: "abc" is not a number/],
    ['1,,2\n3,4,5\n', /line 1: column 2: "" is not a number/],
    ['', /found 0 data rows; at least 2/],
    ['# only a comment\nx,y\n', /found 0 data rows/],
    ['1,2\n', /found 1 data row;/],
    ['a,b,c\n1,2\n3,4\n', /line 2: the header has 3 columns but this row has 2/],
  ])('rejects %j with a clear error', (text, message) => {
    expect(() => parsePointsCsv(text)).toThrow(CsvError);
    expect(() => parsePointsCsv(text)).toThrow(message);
  });

  it('enforces its limits (columns, points, size) before doing much work', () => {
    const wide = Array.from({ length: 20 }, (_, i) => String(i)).join(',');
    expect(() => parsePointsCsv(`${wide}\n${wide}\n`)).toThrow(/20 columns; at most 16/);
    expect(() => parsePointsCsv('1,2\n3,4\n5,6\n', { maxPoints: 2 })).toThrow(/line 3: more than 2 points/);
    expect(() => parsePointsCsv('1,2\n'.repeat(100), { maxChars: 50 })).toThrow(/larger than 50 characters/);
    const huge = `${'9'.repeat(10_000)},1\n1,1\n`;
    expect(() => parsePointsCsv(huge)).toThrow(/out of range/);
  });

  it('standardises to zero mean and unit overall spread, keeping one scale for all axes', () => {
    const set = parsePointsCsv('10,100\n12,104\n14,96\n16,100\n');
    const s = standardizePoints(set);
    const xs = [0, 2, 4, 6].map((i) => s.points[i]);
    const ys = [1, 3, 5, 7].map((i) => s.points[i]);
    expect(xs.reduce((a, b) => a + b) / 4).toBeCloseTo(0, 6);
    expect(ys.reduce((a, b) => a + b) / 4).toBeCloseTo(0, 6);
    expect([...xs, ...ys].reduce((a, b) => a + b * b, 0) / 8).toBeCloseTo(1, 5);
    expect(s.shift).toEqual([13, 100]);
    // Back to the original units with one scale.
    expect(s.points[0] * s.scale + s.shift[0]).toBeCloseTo(10, 4);
    expect(s.points[1] * s.scale + s.shift[1]).toBeCloseTo(100, 4);
  });

  it('the empirical density resamples the given points, reproducibly', () => {
    const set = parsePointsCsv('1,2\n3,4\n5,6\n');
    const d = pointSetDensity(set);
    const a = d.sample(50, makeRng(1));
    expect(Array.from(a)).toEqual(Array.from(d.sample(50, makeRng(1))));
    for (let i = 0; i < 50; i++) expect([1, 3, 5]).toContain(a[2 * i]);
    for (let i = 0; i < 50; i++) expect(a[2 * i + 1]).toBe(a[2 * i] + 1);
  });
});
