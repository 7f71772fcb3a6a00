// Seeded randomness for everything in core: same seed, same numbers, on every backend and machine.

/** A uniform [0, 1) generator (mulberry32): tiny, fast, and good enough for sampling initial states. */
export type Rng = () => number;

export function makeRng(seed: number): Rng {
  let a = (seed >>> 0) ^ 0x9e3779b9;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Derives an independent child seed (for splits, workers, per-sequence streams) from a seed and a label. */
export function deriveSeed(seed: number, label: string | number): number {
  // Mix the seed first: raw seeds that differ only in their low byte would otherwise cancel against the label's
  // first character (deriveSeed(2, 1) === deriveSeed(3, 0)).
  let h = ((makeRng(seed)() * 4294967296) >>> 0) ^ 0x811c9dc5;
  for (const ch of String(label)) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return makeRng(h)() * 4294967296 >>> 0;
}

export function uniform(rng: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * rng();
}

/** Standard normal by Box-Muller (one draw per call; the pair's twin is dropped to keep streams simple). */
export function gaussian(rng: Rng): number {
  let u = rng();
  while (u <= Number.MIN_VALUE) u = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}
