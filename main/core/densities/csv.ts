// Point sets typed or loaded by the user: a strict CSV parser (every malformed line gets an error naming it)
// and a density that resamples the points.
import type { Rng } from '../random';
import type { Density } from './types';

export class CsvError extends Error {
  constructor(message: string, readonly line?: number) {
    super(line === undefined ? message : `line ${line}: ${message}`);
    this.name = 'CsvError';
  }
}

export interface CsvLimits {
  maxPoints: number;
  maxDim: number;
  minPoints: number;
  /** Refuse longer texts outright, before splitting anything. */
  maxChars: number;
}

export const CSV_LIMITS: CsvLimits = { maxPoints: 1_000_000, maxDim: 16, minPoints: 2, maxChars: 64 * 1024 * 1024 };

export interface PointSet {
  points: Float32Array;
  dim: number;
  count: number;
  /** Column names when the first row was a header. */
  header?: string[];
}

// A plain decimal number: no hex, no Infinity, no empty string (Number('') is 0).
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function splitFields(line: string): string[] {
  if (line.includes(',')) return line.split(',').map((f) => f.trim());
  if (line.includes(';')) return line.split(';').map((f) => f.trim());
  return line.trim().split(/\s+/);
}

function parseField(field: string, lineNo: number, col: number): number {
  const shown = field.length > 20 ? `${field.slice(0, 20)}...` : field;
  if (!NUMBER.test(field)) throw new CsvError(`column ${col}: "${shown}" is not a number`, lineNo);
  const v = Number(field);
  // Beyond float32 range the point would silently become Infinity.
  if (!Number.isFinite(v) || Math.abs(v) > 3e38) throw new CsvError(`column ${col}: ${shown} is out of range`, lineNo);
  return v;
}

/**
 * Parses rows of numbers separated by commas, semicolons or whitespace. Blank lines and lines starting with
 * `#` are skipped; a first row without any number is a header. Every row must have as many columns as the
 * first data row.
 */
export function parsePointsCsv(text: string, limits: Partial<CsvLimits> = {}): PointSet {
  const lim = { ...CSV_LIMITS, ...limits };
  if (typeof text !== 'string') throw new CsvError('expected the text of a CSV file');
  if (text.length > lim.maxChars) throw new CsvError(`the file is larger than ${lim.maxChars} characters`);
  const lines = text.split(/\r\n|\n|\r/);
  const values: number[] = [];
  let dim = 0;
  let header: string[] | undefined;
  let count = 0;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trim();
    if (raw === '' || raw.startsWith('#')) continue;
    const lineNo = i + 1;
    const fields = splitFields(raw);
    // A header has no numeric field at all; a row mixing numbers and text is a malformed data row.
    if (dim === 0 && header === undefined && fields.every((f) => !NUMBER.test(f))) {
      header = fields;
      continue;
    }
    if (dim === 0) {
      dim = fields.length;
      if (header && header.length !== dim) {
        throw new CsvError(`the header has ${header.length} columns but this row has ${dim}`, lineNo);
      }
      if (dim > lim.maxDim) throw new CsvError(`${dim} columns; at most ${lim.maxDim} are supported`, lineNo);
    } else if (fields.length !== dim) {
      throw new CsvError(`expected ${dim} columns, found ${fields.length}`, lineNo);
    }
    if (count >= lim.maxPoints) throw new CsvError(`more than ${lim.maxPoints} points`, lineNo);
    fields.forEach((f, c) => values.push(parseField(f, lineNo, c + 1)));
    count++;
  }
  if (count < lim.minPoints) {
    throw new CsvError(`found ${count} data row${count === 1 ? '' : 's'}; at least ${lim.minPoints} are needed`);
  }
  return { points: Float32Array.from(values), dim, count, header };
}

export interface Standardized {
  points: Float32Array;
  /** Per-column mean that was subtracted. */
  shift: number[];
  /** One scale for every column (keeps rotations rotations): original = points * scale + shift. */
  scale: number;
}

/** Centres the points and divides by their overall standard deviation, so a N(0, I) base fits them. */
export function standardizePoints(set: PointSet): Standardized {
  const { points, dim, count } = set;
  const shift = new Array<number>(dim).fill(0);
  for (let i = 0; i < count; i++) for (let j = 0; j < dim; j++) shift[j] += points[i * dim + j] / count;
  let ss = 0;
  for (let i = 0; i < count; i++) for (let j = 0; j < dim; j++) ss += (points[i * dim + j] - shift[j]) ** 2;
  const scale = Math.sqrt(ss / (count * dim)) || 1;
  const out = new Float32Array(points.length);
  for (let i = 0; i < count; i++) for (let j = 0; j < dim; j++) out[i * dim + j] = (points[i * dim + j] - shift[j]) / scale;
  return { points: out, shift, scale };
}

/** The empirical distribution of a point set: sampling resamples points with replacement. */
export function pointSetDensity(set: PointSet, name = 'csv'): Density {
  let extent = 0;
  for (const v of set.points) extent = Math.max(extent, Math.abs(v));
  return {
    name,
    dim: set.dim,
    extent: Math.max(1, extent * 1.1),
    sample: (n: number, rng: Rng) => {
      const out = new Float32Array(n * set.dim);
      for (let i = 0; i < n; i++) {
        const k = Math.floor(rng() * set.count);
        out.set(set.points.subarray(k * set.dim, (k + 1) * set.dim), i * set.dim);
      }
      return out;
    },
  };
}
