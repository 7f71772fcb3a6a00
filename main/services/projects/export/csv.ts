// Metrics and samples as CSV. Numbers use JavaScript's shortest round-trip form (NaN and Infinity spelled out);
// text cells are quoted, and those a spreadsheet would run as a formula are defused.
import { ProjectError, type RunMetricRow, type Tensor } from '../../../project';

export function csvCell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
  const text = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(text) || text !== v ? `"${text.replace(/"/g, '""')}"` : text;
}

const line = (cells: Array<string | number | null | undefined>) => cells.map(csvCell).join(',') + '\n';

/** One row per metric row: step, then every metric in order of first appearance; missing values are empty. */
export function metricsCsv(rows: readonly RunMetricRow[]): string {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r.values)) if (!seen.has(k)) seen.add(k), names.push(k);
  let out = line(['step', ...names]);
  for (const r of rows) out += line([r.step, ...names.map((n) => r.values[n])]);
  return out;
}

/** Points [N, D] as rows x0..x(D-1); trajectories [N, T, D] as rows sample, t, x0..x(D-1). */
export function samplesCsv(t: Tensor): string {
  const v = t.values;
  if (t.shape.length === 2) {
    const [n, d] = t.shape;
    let out = line(Array.from({ length: d }, (_, j) => `x${j}`));
    for (let i = 0; i < n; i++) out += line(Array.from(v.subarray(i * d, (i + 1) * d)));
    return out;
  }
  if (t.shape.length === 3) {
    const [n, steps, d] = t.shape;
    let out = line(['sample', 't', ...Array.from({ length: d }, (_, j) => `x${j}`)]);
    for (let i = 0; i < n; i++) for (let s = 0; s < steps; s++) out += line([i, s, ...Array.from(v.subarray((i * steps + s) * d, (i * steps + s + 1) * d))]);
    return out;
  }
  throw new ProjectError('invalid', `samples must have shape [N, D] or [N, T, D], not [${t.shape.join(', ')}]`);
}
