// JSON values as they live in a project: plain data only, bounded in depth (and, for UI state, in size).
import { ProjectError } from './errors';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export const MAX_JSON_DEPTH = 64;

/**
 * Why `value` is not plain, bounded JSON (functions, typed arrays, NaN, cycles, deeper than `maxDepth`), or null
 * if it is. Iterative, so a hostile, deeply nested value cannot overflow the stack.
 */
export function jsonProblem(value: unknown, maxDepth = MAX_JSON_DEPTH): string | null {
  const stack: Array<{ v: unknown; depth: number; path: string }> = [{ v: value, depth: 0, path: '' }];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const { v, depth, path } = stack.pop()!;
    if (v === null || typeof v === 'boolean' || typeof v === 'string') continue;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return `${path || 'value'} is ${v}, which JSON cannot hold`;
      continue;
    }
    if (v === undefined) return `${path || 'value'} is missing`;
    if (typeof v !== 'object') return `${path || 'value'} is a ${typeof v}, not JSON`;
    if (depth >= maxDepth) return `${path || 'value'} is nested deeper than ${maxDepth} levels`;
    if (seen.has(v)) return `${path || 'value'} refers to itself`;
    seen.add(v);
    if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push({ v: item, depth: depth + 1, path: `${path}[${i}]` }));
      continue;
    }
    const proto = Object.getPrototypeOf(v) as unknown;
    if (proto !== Object.prototype && proto !== null) return `${path || 'value'} is not a plain object`;
    // JSON.parse makes "__proto__" an own key, which later object copies would turn into a prototype.
    if (Object.prototype.hasOwnProperty.call(v, '__proto__')) return `${path || 'value'} uses the reserved key "__proto__"`;
    // Properties set to undefined are tolerated: JSON.stringify drops them, as a reader would never see them.
    for (const [k, item] of Object.entries(v)) if (item !== undefined) stack.push({ v: item, depth: depth + 1, path: path ? `${path}.${k}` : k });
  }
  return null;
}

/** A short description of a value found where something else was expected. */
export function describeValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}...` : v);
  if (v === null || v === undefined || typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return String(v);
  return Array.isArray(v) ? 'a list' : `an ${typeof v}`;
}

export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Throws 'invalid' unless `value` is bounded JSON (and, if given, serialises to at most `maxBytes`). */
export function assertJson(value: unknown, where: string, maxBytes?: number): asserts value is JsonValue {
  const problem = jsonProblem(value);
  if (problem) throw new ProjectError('invalid', `${where}: ${problem}`);
  if (maxBytes !== undefined) {
    const bytes = Buffer.byteLength(JSON.stringify(value));
    if (bytes > maxBytes) throw new ProjectError('invalid', `${where}: ${bytes} bytes of JSON, more than the ${maxBytes} allowed`);
  }
}

/** Metric values may be NaN or infinite (a diverged loss is worth keeping); JSON holds those as strings. */
/** Negative zero too, so that histories come back bitwise identical (JSON writes -0 as 0). */
export const SPECIAL_NUMBERS = ['NaN', 'Infinity', '-Infinity', '-0'] as const;
export type EncodedNumber = number | (typeof SPECIAL_NUMBERS)[number];

export function encodeNumber(x: number): EncodedNumber {
  if (Object.is(x, -0)) return '-0';
  if (Number.isFinite(x)) return x;
  return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity';
}

export function decodeNumber(x: EncodedNumber): number {
  if (typeof x === 'number') return x;
  if (x === '-0') return -0;
  return x === 'NaN' ? Number.NaN : x === 'Infinity' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
}

export function encodeNumbers(values: Readonly<Record<string, number>>): Record<string, EncodedNumber> {
  const out: Record<string, EncodedNumber> = {};
  for (const [k, v] of Object.entries(values)) out[k] = encodeNumber(v);
  return out;
}

export function decodeNumbers(values: Readonly<Record<string, EncodedNumber>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(values)) out[k] = decodeNumber(v);
  return out;
}
