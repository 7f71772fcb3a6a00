// HNN vs baseline on the ideal mass-spring (HNN paper Table 1 setup): energy MSE of RK4 rollouts over
// t in [0, 20] from the 25 test initial states, averaged over several seeds (one run is mostly luck of the
// draw for the baseline). Paper: 0.38e-3 (HNN) vs 170e-3 (baseline). `--seeds N` (default 5).
import { initBackend } from '../main/engine/backends';
import { HNN_DEFAULTS, trainHnn, type HnnResult } from '../main/core/models/hnn/train';
import { disposeMlp } from '../main/core/nn/mlp';
import type { Bench } from './run';

async function run(model: 'hnn' | 'baseline', seed: number): Promise<Omit<HnnResult, 'model'> & { seconds: number }> {
  const t0 = performance.now();
  const gen = trainHnn({ ...HNN_DEFAULTS, model, seed });
  for (;;) {
    const next = await gen.next();
    if (next.done) {
      const { model: m, ...rest } = next.value;
      disposeMlp(m.net);
      return { ...rest, seconds: (performance.now() - t0) / 1000 };
    }
  }
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const geomean = (xs: number[]) => Math.exp(mean(xs.map(Math.log)));

const bench: Bench = async (args) => {
  const i = args.indexOf('--seeds');
  const seeds = i >= 0 ? Number(args[i + 1]) : 5;
  const backend = await initBackend('wasm');
  const perSeed: Record<string, number> = {};
  const hnn: number[] = [];
  const base: number[] = [];
  const tests: number[][] = [[], []];
  for (let seed = 0; seed < seeds; seed++) {
    const h = await run('hnn', seed);
    const b = await run('baseline', seed);
    hnn.push(h.energyMse);
    base.push(b.energyMse);
    tests[0].push(h.testLoss);
    tests[1].push(b.testLoss);
    perSeed[`energy_mse_hnn_seed${seed}`] = h.energyMse;
    perSeed[`energy_mse_baseline_seed${seed}`] = b.energyMse;
    console.error(`seed ${seed}: hnn ${h.energyMse.toExponential(2)} baseline ${b.energyMse.toExponential(2)}`);
  }
  return {
    backend: backend.name,
    metrics: {
      energy_mse_hnn: mean(hnn),
      energy_mse_baseline: mean(base),
      energy_mse_ratio_baseline_over_hnn: mean(base) / mean(hnn),
      energy_mse_ratio_geomean: geomean(base.map((b, k) => b / hnn[k])),
      test_loss_hnn: mean(tests[0]),
      test_loss_baseline: mean(tests[1]),
      seeds,
      steps: HNN_DEFAULTS.steps,
      ...perSeed,
    },
  };
};

export default bench;
