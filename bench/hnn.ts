// HNN vs baseline on the ideal mass-spring (HNN paper Table 1 setup): energy MSE of RK4 rollouts over
// t in [0, 20] from the 25 test initial states. Paper: 0.38e-3 (HNN) vs 170e-3 (baseline).
import { initBackend } from '../main/engine/backends';
import { HNN_DEFAULTS, trainHnn, type HnnResult } from '../main/core/models/hnn/train';
import { disposeMlp } from '../main/core/models/hnn/mlp';
import type { Bench } from './run';

async function run(model: 'hnn' | 'baseline'): Promise<Omit<HnnResult, 'model'> & { seconds: number }> {
  const t0 = performance.now();
  const gen = trainHnn({ ...HNN_DEFAULTS, model });
  for (;;) {
    const next = await gen.next();
    if (next.done) {
      const { model: m, ...rest } = next.value;
      disposeMlp(m.net);
      return { ...rest, seconds: (performance.now() - t0) / 1000 };
    }
  }
}

const bench: Bench = async () => {
  const backend = await initBackend('wasm');
  const hnn = await run('hnn');
  const baseline = await run('baseline');
  return {
    backend: backend.name,
    metrics: {
      energy_mse_hnn: hnn.energyMse,
      energy_mse_baseline: baseline.energyMse,
      energy_mse_ratio_baseline_over_hnn: baseline.energyMse / hnn.energyMse,
      test_loss_hnn: hnn.testLoss,
      test_loss_baseline: baseline.testLoss,
      train_seconds_hnn: hnn.seconds,
      train_seconds_baseline: baseline.seconds,
      steps: HNN_DEFAULTS.steps,
    },
  };
};

export default bench;
