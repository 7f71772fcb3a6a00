// What the loss chart decides about its curves, as pure functions (tested in test/renderer/chart-series.test.ts):
// which curves show at first, their colours (distinct for up to 20 curves), whether the y axis can be logarithmic,
// and the "best" column (only for metrics with a better direction).
import { bestOf, metricInfo, type JobKind } from '../../../preload/contract';

/** echarts' first colours, then more, all readable on the dark and the light theme: 20 distinct. */
export const PALETTE = [
  '#5470c6', '#91cc75', '#fac858', '#ee6666', '#73c0de', '#3ba272', '#fc8452', '#9a60b4', '#ea7ccc', '#d4a017',
  '#4fb3a9', '#c45e9a', '#8c9eff', '#b5d86c', '#ff9e80', '#7e8a97', '#e0c3fc', '#2f7ed8', '#c0a080', '#f05d7a',
];

/** Colour of the i-th curve a chart has met (in the order it met them, so a colour never moves). */
export const colourOf = (index: number): string => PALETTE[index % PALETTE.length];

/**
 * Whether a curve is drawn before the user asks for it: the contract marks the few that matter per job kind
 * (preload/results.ts), and a curve that is zero throughout (KL without a stochastic encoder) is not among them.
 * Without a kind (a chart given an explicit list of curves), every curve shows.
 */
export function shownAtFirst(key: string, kind: JobKind | undefined, values: readonly number[]): boolean {
  if (kind === undefined) return true;
  if (!metricInfo(key)?.shownFirst?.includes(kind)) return false;
  return values.some((v) => v !== 0);
}

/**
 * The y axis: logarithmic when asked for and every curve drawn has positive values to show (points <= 0 are left
 * out of a log plot, as gaps); linear otherwise. `why` says why a log scale cannot be drawn.
 */
export function yAxisOf(visible: ReadonlyArray<{ name: string; raw: readonly number[] }>, log: boolean): { type: 'log' | 'value'; why: string | null } {
  const bad = visible.filter((s) => !s.raw.some((v) => v > 0)).map((s) => s.name);
  if (!visible.length) return { type: log ? 'log' : 'value', why: null };
  if (bad.length) return { type: 'value', why: `no positive values to draw on a log scale: ${bad.join(', ')}` };
  return { type: log ? 'log' : 'value', why: null };
}

/** The best value of a curve by its metric's direction, or null when neither way is better (lr, frames). */
export const bestValue = (key: string, values: readonly number[]): number | null => (values.length ? bestOf(key, values) : null);

/** A value for the summary table: 4 significant digits, integers as they are. */
export function valueText(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (Number.isInteger(v) && Math.abs(v) < 1e6) return String(v);
  return v.toPrecision(4);
}

/**
 * A run's marks (checkpoints, rollbacks, rate changes) as echarts mark lines: thin dashed lines, each named only on
 * hover (labels drawn on every line piled up unreadably at the top of the chart); undefined when there are none.
 */
export function markLineOf(marks: ReadonlyArray<{ kind: string; step: number }>) {
  if (!marks.length) return undefined;
  const colour = (kind: string) => (kind === 'checkpoint' ? '#6b7480' : kind === 'nan-rollback' ? '#e05a4f' : '#e0b341');
  return {
    symbol: 'none',
    silent: false,
    label: { show: false },
    emphasis: { label: { show: true, formatter: (p: { name: string }) => p.name, color: '#c8ccd2' } },
    data: marks.map((m) => ({ name: `${m.kind} at step ${m.step}`, xAxis: m.step, lineStyle: { color: colour(m.kind), type: 'dashed' as const, width: 1, opacity: 0.7 } })),
  };
}
