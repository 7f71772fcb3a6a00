// Seeded building blocks of fuzz inputs: every case is a pure function of (seed, case number), so a crash found
// once is found again with the same seed.
import { deriveSeed, makeRng, type Rng } from '../../main/core/random';

export type { Rng };

/** The generator of case `i` of a run seeded `seed` (independent of every other case). */
export function caseRng(seed: number, i: number): Rng {
  return makeRng(deriveSeed(seed, i));
}

export const int = (rng: Rng, n: number): number => Math.floor(rng() * n);
export const chance = (rng: Rng, p: number): boolean => rng() < p;
export const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[int(rng, xs.length)];

export function randomBytes(rng: Rng, n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = int(rng, 256);
  return b;
}

/** A string of `n` characters from `alphabet` (default: printable ASCII). */
export function randomText(rng: Rng, n: number, alphabet = ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~'): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[int(rng, alphabet.length)];
  return s;
}

/** A length skewed towards small values, sometimes at the boundaries that matter (0, 1, 125, 126, 65535, ...). */
export function size(rng: Rng, max: number): number {
  if (chance(rng, 0.1)) return pick(rng, [0, 1, 2, 125, 126, 127, 255, 256, 1023, 1024, 65535, 65536].filter((n) => n <= max));
  return Math.min(max, Math.floor(Math.exp(rng() * Math.log(max + 1))));
}

const ODD_STRINGS = ['', ' ', '\u0000', '__proto__', 'constructor', 'prototype', 'toString', '../../etc/passwd', 'C:\\\\Windows', '%s%n', '\u202e', '\ud800', 'NaN', '-0', '1e309', 'job-1', 'job-999999999', '💥'];
const ODD_NUMBERS = [0, -0, 1, -1, 0.5, Number.NaN, Infinity, -Infinity, 2 ** 31, 2 ** 32, 2 ** 53, -(2 ** 53), 1e308, -1e308, 5e-324, Number.MAX_SAFE_INTEGER + 2];

/**
 * What a transport can carry: 'json' values; 'wire' adds typed arrays (msgpack, browser mode); 'ipc' adds dates,
 * BigInts, Maps and Sets (Electron's structured clone).
 */
export type Carrier = 'json' | 'wire' | 'ipc';

/** Any value a transport could carry. */
export function hostileValue(rng: Rng, depth = 0, carrier: Carrier = 'ipc'): unknown {
  const k = int(rng, depth > 3 ? 6 : 11);
  switch (k) {
    case 0:
      return null;
    case 1:
      return chance(rng, 0.5) ? pick(rng, ODD_NUMBERS) : (rng() - 0.5) * 10 ** int(rng, 12);
    case 2:
      return chance(rng, 0.5) ? pick(rng, ODD_STRINGS) : randomText(rng, size(rng, 300));
    case 3:
      return chance(rng, 0.5);
    case 4:
      return undefined;
    case 5:
      if (carrier === 'json') return int(rng, 100);
      if (carrier === 'wire') return pick(rng, [new Float32Array(int(rng, 8)), new Uint8Array(int(rng, 8)), new Float64Array(1), new Int32Array(3)]);
      return pick(rng, [new Float32Array(int(rng, 8)), new Uint8Array(int(rng, 8)), new Float64Array(1), BigInt(int(rng, 1000)), new Date(int(rng, 2 ** 40)), new Map([[1, 2]]), new Set([1])]);
    case 6:
    case 7:
      return Array.from({ length: size(rng, 12) }, () => hostileValue(rng, depth + 1, carrier));
    case 8:
      // A long array of one value (what "huge arrays" test without costing the generator much).
      return new Array(size(rng, 20_000)).fill(hostileValue(rng, 4, carrier));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = 0, n = size(rng, 8); i < n; i++) {
        const key = chance(rng, 0.3) ? pick(rng, ODD_STRINGS) : randomText(rng, 1 + int(rng, 12), 'abcdefghijklmnopqrstuvwxyz');
        // Own properties, "__proto__" included, as a decoder or JSON.parse produces them.
        Object.defineProperty(o, key, { value: hostileValue(rng, depth + 1, carrier), enumerable: true, writable: true, configurable: true });
      }
      return o;
    }
  }
}

/** `value` with one random change somewhere inside: a field retyped, removed, or added. Returns a new value. */
export function mutate(rng: Rng, value: unknown, carrier: Carrier = 'ipc'): unknown {
  const copy = structuredClone(value);
  const slots: Array<{ parent: Record<string, unknown> | unknown[]; key: string | number }> = [];
  const stack: unknown[] = [copy];
  while (stack.length) {
    const v = stack.pop();
    if (Array.isArray(v)) v.forEach((x, i) => (slots.push({ parent: v, key: i }), stack.push(x)));
    else if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      for (const [k, x] of Object.entries(v)) slots.push({ parent: v as Record<string, unknown>, key: k }), stack.push(x);
    }
  }
  if (slots.length === 0 || chance(rng, 0.05)) return hostileValue(rng, 0, carrier);
  const { parent, key } = pick(rng, slots);
  const op = int(rng, 4);
  if (op === 0 && !Array.isArray(parent)) delete parent[key as string];
  else if (op === 1 && !Array.isArray(parent)) {
    // An own property, even for "__proto__" (what JSON.parse or a decoder would produce).
    Object.defineProperty(parent, pick(rng, ['extra', '__proto__', 'constructor', 'zz']), { value: hostileValue(rng, 2, carrier), enumerable: true, writable: true, configurable: true });
  }
  else if (Array.isArray(parent)) parent[key as number] = hostileValue(rng, 1, carrier);
  else Object.defineProperty(parent, key, { value: hostileValue(rng, 1, carrier), enumerable: true, writable: true, configurable: true });
  return copy;
}
