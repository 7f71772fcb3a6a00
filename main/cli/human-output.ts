// What the CLI prints for people: numbers to 3-4 significant digits, aligned evaluation lines and tables, long
// series in rows, durations; terse metric labels for a terminal's columns (`--json` prints the raw names).
/** 3-4 significant digits; integers as integers; very small or large numbers with an exponent. */
export function num(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x) && Math.abs(x) < 1e7) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return x.toExponential(2);
  return String(Number(x.toPrecision(4)));
}

const LABELS: Record<string, string> = {
  test_mse_e4: 'test MSE x1e4', final_test_mse_e4: 'test MSE x1e4', test_vpt: 'VPT', final_vpt: 'VPT', test_vpt_relative: 'VPT relative',
  final_vpt_relative: 'VPT relative', test_h_drift: 'H drift', final_h_drift: 'H drift', test_h_drift_spread: 'H drift spread',
  final_h_drift_spread: 'H drift spread', test_mean_frame_mse_e4: 'mean-frame MSE x1e4', mean_frame_mse_e4: 'mean-frame MSE x1e4',
  steps: 'steps', rollbacks: 'rollbacks', recon_e4: 'recon x1e4', rollout_frames: 'frames', vpt: 'VPT', vpt_relative: 'VPT relative',
  h_drift: 'H drift', h_drift_spread: 'H drift spread',
};
const label = (k: string) => LABELS[k] ?? k.replace(/_/g, ' ');

/** One evaluation on one line: "step   250  test MSE x1e4   94.62  VPT      12  ...", columns aligned. */
export function evaluationLine(step: number, values: Record<string, number>, stepWidth = 6): string {
  const cells = Object.entries(values).map(([k, v]) => `${label(k)} ${num(v).padStart(8)}`);
  return `step ${String(step).padStart(stepWidth)}  ${cells.join('  ')}`;
}

/** A block of "label   value" lines, labels padded to one width. */
export function table(values: Record<string, number | string>, indent = '  '): string {
  const rows = Object.entries(values).map(([k, v]) => [label(k), typeof v === 'number' ? num(v) : v] as const);
  const w = Math.max(0, ...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${indent}${k.padEnd(w)}  ${v}`).join('\n');
}

/** A long series as rows of ten: "  frames   1-10: 1.23 4.56 ...". */
export function seriesLines(name: string, values: ArrayLike<number>, perRow = 10): string {
  const lines = [`${name} (${values.length}):`];
  for (let i = 0; i < values.length; i += perRow) {
    const row = Array.from({ length: Math.min(perRow, values.length - i) }, (_, j) => num(values[i + j]).padStart(8));
    lines.push(`  ${`${i + 1}-${Math.min(values.length, i + perRow)}`.padStart(9)}: ${row.join(' ')}`);
  }
  return lines.join('\n');
}


/** "4 min", "35 s", "1.2 h". */
export function duration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  return seconds > 5400 ? `${(seconds / 3600).toFixed(1)} h` : `${Math.round(seconds / 60)} min`;
}

