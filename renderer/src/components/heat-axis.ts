// Axis labels of a heatmap drawn on a grid of cells: round values (-4, -2, 0, 2, 4), each on the cell that holds
// it, instead of the centres of every k-th cell (-3.9, -1.8, 0.3, 2.4). Pure (tested in test/renderer/heat-axis.test.ts).

/** A round step (1, 2 or 5 times a power of ten) giving about `count` ticks over [lo, hi]. */
export function niceStep(lo: number, hi: number, count = 5): number {
  const raw = Math.abs(hi - lo) / Math.max(1, count - 1);
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

/** A number as an axis shows it: no float noise (0.30000000000000004), no "-0". */
export function tickText(v: number): string {
  const r = Number(v.toPrecision(6));
  return Object.is(r, -0) || r === 0 ? '0' : String(r);
}

/**
 * For n cells spanning [lo, hi]: the label of each cell that holds a round tick value (by cell index), the rest
 * unlabelled. A tick on a cell border goes to the cell above it.
 */
export function cellTicks(lo: number, hi: number, n: number, count = 5): Map<number, string> {
  const out = new Map<number, string>();
  if (!(n > 0) || !(hi > lo)) return out;
  const step = niceStep(lo, hi, count);
  const w = (hi - lo) / n;
  for (let t = Math.ceil(lo / step - 1e-9) * step; t <= hi + 1e-9 * step; t += step) {
    const i = Math.min(n - 1, Math.max(0, Math.floor((t - lo) / w + 1e-9)));
    if (!out.has(i)) out.set(i, tickText(t));
  }
  return out;
}
