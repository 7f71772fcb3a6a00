// Angles in a phase portrait: a pendulum that goes over the top has q growing without bound (q = -24 after a few
// turns), which squashes every other trajectory into a sliver. Wrapped to (-pi, pi], it is a band across the
// plot like the textbook portrait; the line breaks where the angle jumps from pi to -pi. Pure.

/** q wrapped to (-pi, pi]. */
export function wrapAngle(q: number): number {
  const w = q - 2 * Math.PI * Math.floor((q + Math.PI) / (2 * Math.PI));
  return w === -Math.PI ? Math.PI : w;
}

/** Points [q, p] of one trajectory with q wrapped, and a gap ('-', echarts' empty value) at each jump. */
export function wrappedPath(points: ReadonlyArray<readonly [number, number]>): Array<[number, number] | ['-', '-']> {
  const out: Array<[number, number] | ['-', '-']> = [];
  let prev: number | null = null;
  for (const [q, p] of points) {
    const w = wrapAngle(q);
    if (prev !== null && Math.abs(w - prev) > Math.PI) out.push(['-', '-']);
    out.push([w, p]);
    prev = w;
  }
  return out;
}

/** Axis labels of a wrapped angle: multiples of pi/2. */
export function piLabel(x: number): string {
  const k = Math.round((2 * x) / Math.PI);
  if (Math.abs(x - (k * Math.PI) / 2) > 1e-6) return x.toFixed(2);
  const names: Record<number, string> = { [-2]: '−π', [-1]: '−π/2', 0: '0', 1: 'π/2', 2: 'π' };
  return names[k] ?? `${k / 2}π`;
}
