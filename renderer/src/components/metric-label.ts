// A metric's name as a researcher reads it on a result card: "test MSE ×1e4" for final_test_mse_e4, "H drift" for
// final_h_drift, "energy MSE" for energy_mse. The result's own name stays in the card's title (and in exports).
// Pure (tested in test/renderer/metric-label.test.ts).

/** Words spelt as the papers spell them. */
const WORDS: Record<string, string> = {
  mse: 'MSE', nll: 'NLL', iwae: 'IWAE', elbo: 'ELBO', vpt: 'VPT', kl: 'KL', geco: 'GECO', lr: 'learning rate', ms: 'ms',
  h: 'H', r2: 'R²', rsq: 'R²', symetric: 'SyMetric', corr: 'correlation', stderr: 'std. error', aa: 'action-angle', rel: 'relative', e4: '×1e4',
};

/** Names whose words alone would read badly. */
const NAMES: Record<string, string> = {
  final_vpt: 'VPT (frames)',
  final_vpt_relative: 'VPT (fraction of frames)',
  test_vpt: 'test VPT (frames)',
  test_vpt_relative: 'test VPT (fraction of frames)',
  sequencesPerSecond: 'sequences per second',
  steps_per_second: 'steps per second',
  final_gap: 'train-test gap',
  final_gap_stderr: 'gap std. error',
};

/** The label of a metric (results, curves): "final_" dropped (a result is the final value), words spelt out. */
export function metricLabel(key: string): string {
  if (NAMES[key]) return NAMES[key];
  const words = key.replace(/^final_/, '').split('_').filter(Boolean);
  return words.map((w) => WORDS[w] ?? w).join(' ');
}
