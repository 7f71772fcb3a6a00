// Issue 19: what the loss chart decides (few curves at first, distinct colours, log then linear, "best" by the
// metric's direction), angles wrapped in phase portraits, heatmap ticks at round values, result labels in words.
import { describe, expect, it } from 'vitest';
import { METRICS } from '../../preload/contract';
import { PALETTE, bestValue, colourOf, markLineOf, shownAtFirst, valueText, yAxisOf } from '../../renderer/src/components/chart-series';
import { piLabel, wrapAngle, wrappedPath } from '../../renderer/src/components/phase-wrap';
import { cellTicks, niceStep } from '../../renderer/src/components/heat-axis';
import { metricLabel } from '../../renderer/src/components/metric-label';

/** The curves an HGN run reports (its training rows and test evaluations). */
const HGN_CURVES = ['recon', 'recon_e4', 'kl', 'total', 'objective', 'geco_lambda', 'grad_norm', 'lr', 'rollout_frames', 'step_ms', 'test_mse_e4', 'test_vpt', 'test_vpt_relative', 'test_h_drift', 'test_h_drift_spread', 'test_mean_frame_mse_e4'];

describe('loss chart', () => {
  it('shows the few HGN curves that matter at first, the rest one click away', () => {
    const shown = HGN_CURVES.filter((k) => shownAtFirst(k, 'hgn', [1, 0.5]));
    expect(shown).toEqual(['recon_e4', 'kl', 'test_mse_e4']);
    // KL is zero throughout without a stochastic encoder: not shown.
    expect(shownAtFirst('kl', 'hgn', [0, 0, 0])).toBe(false);
    // A chart given its own curves (the flows' bounds) shows them all.
    expect(shownAtFirst('train_elbo', undefined, [1])).toBe(true);
  });

  it('gives every curve of a run its own colour (recon_e4 and test_mse_e4 differ)', () => {
    expect(new Set(PALETTE).size).toBe(PALETTE.length);
    const colours = HGN_CURVES.map((_, i) => colourOf(i));
    expect(new Set(colours).size).toBe(HGN_CURVES.length);
  });

  it('draws log when asked, linear when not, and says why when log cannot be', () => {
    const curves = [{ name: 'recon_e4', raw: [90, 50] }];
    expect(yAxisOf(curves, true)).toEqual({ type: 'log', why: null });
    expect(yAxisOf(curves, false)).toEqual({ type: 'value', why: null });
    expect(yAxisOf(curves, true)).toEqual({ type: 'log', why: null });
    const zero = yAxisOf([...curves, { name: 'kl', raw: [0, 0] }], true);
    expect(zero.type).toBe('value');
    expect(zero.why).toContain('kl');
  });

  it('draws checkpoint marks as lines named on hover only (no pile of labels)', () => {
    const marks = Array.from({ length: 8 }, (_, i) => ({ kind: 'checkpoint', step: 3 * (i + 1) }));
    const line = markLineOf(marks)!;
    expect(line.label.show).toBe(false);
    expect(line.emphasis.label.show).toBe(true);
    expect(line.data.map((d) => d.name)).toContain('checkpoint at step 24');
    expect(line.data).toHaveLength(8);
    expect(markLineOf([])).toBeUndefined();
  });

  it("takes the best by each metric's direction, and none for settings", () => {
    expect(bestValue('test_vpt', [3, 12, 7])).toBe(12);
    expect(bestValue('test_elbo', [-5, -3, -4])).toBe(-3);
    expect(bestValue('test_iwae', [-5, -3, -4])).toBe(-3);
    expect(bestValue('recon_e4', [90, 50, 60])).toBe(50);
    expect(bestValue('lr', [1e-3, 2e-3])).toBeNull();
    expect(bestValue('rollout_frames', [6, 30])).toBeNull();
    expect(valueText(null)).toBe('—');
  });
});

describe('phase portrait', () => {
  it('wraps a rotating pendulum into (-pi, pi] with a break at each turn', () => {
    // One trajectory rotating backwards to q = -24, as a preview sampled it.
    const pts = Array.from({ length: 200 }, (_, i) => [-0.12 * i, 2] as const);
    const drawn = wrappedPath(pts);
    const qs = drawn.map(([q]) => q).filter((q): q is number => typeof q === 'number');
    expect(Math.max(...qs.map(Math.abs))).toBeLessThanOrEqual(Math.PI);
    // From 0 to -23.9 it passes -pi, -3pi, -5pi and -7pi: 4 breaks.
    expect(drawn.filter(([q]) => q === '-')).toHaveLength(4);
    expect(wrapAngle(-Math.PI)).toBe(Math.PI);
    expect(wrapAngle(3 * Math.PI / 2)).toBeCloseTo(-Math.PI / 2);
    expect(piLabel(Math.PI / 2)).toBe('π/2');
    expect(piLabel(-Math.PI)).toBe('−π');
  });
});

describe('heatmap axes', () => {
  it('labels round values, each on the cell that holds it', () => {
    const ticks = cellTicks(-4, 4, 64);
    expect([...ticks.values()]).toEqual(['-4', '-2', '0', '2', '4']);
    expect([...ticks.keys()]).toEqual([0, 16, 32, 48, 63]);
    expect([...cellTicks(-4.2, 4.2, 64).values()]).toEqual(['-4', '-2', '0', '2', '4']);
    expect([...cellTicks(-1.5, 1.5, 50).values()]).toEqual(['-1', '0', '1']);
    expect([...cellTicks(0, 1, 40).values()]).toEqual(['0', '0.2', '0.4', '0.6', '0.8', '1']);
    expect(niceStep(0, 0.3)).toBe(0.1);
  });
});

describe('result cards', () => {
  it('name every metric in words', () => {
    expect(metricLabel('final_test_mse_e4')).toBe('test MSE ×1e4');
    expect(metricLabel('final_h_drift')).toBe('H drift');
    expect(metricLabel('energy_mse')).toBe('energy MSE');
    expect(metricLabel('rollbacks')).toBe('rollbacks');
    for (const key of Object.keys(METRICS)) expect(metricLabel(key)).not.toContain('_');
  });

  it('write integers as integers', () => {
    expect(valueText(0)).toBe('0');
    expect(valueText(60)).toBe('60');
    expect(valueText(0.008646)).toBe('0.008646');
    expect(valueText(94.6213)).toBe('94.62');
  });
});
