// `npm run bench -- hgn-train [--minutes M] [--systems pendulum,mass-spring] [--backend wasm] [--set key=value]`:
// trains the `laptop` HGN for M minutes (default 30) per system on 2,000 sequences of 34 frames, then evaluates
// on 200 held-out sequences: pixel MSE x1e4 over the 30-frame rollout, VPT (steps), relative drift of the
// learned H over 60 latent steps, and the mean-training-frame baseline. Metric names: <system>_test_mse_e4,
// <system>_vpt, <system>_h_drift, <system>_h_drift_spread, <system>_mean_frame_mse_e4, <system>_steps, and SyMetric
// (<system>_symetric, _symetric_rsq, _symetric_sym) on 5 test trajectories.
import { initBackend, type BackendChoice } from '../main/engine/backends';
import { generateDatasetSync } from '../main/core/data/generate';
import { symetricValues } from '../main/jobs/pixel-results';
import { anchorFrame, createHgn, disposeHgn, evaluateHgn, hgnConfig, hgnLatentRollouts, HgnTrainer, sequenceFramesNeeded } from '../main/core/models/hgn';
import { meanFrame } from '../main/core/training/metrics';
import { framePixels, headSequences, sequencesFromSplit } from '../main/core/training/sequences';
import { overridesFrom } from '../main/cli/hgn';
import { withArg, type Bench, type Shards } from './run';

function arg(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
}

function allArgs(args: string[], name: string): string[] {
  return args.flatMap((a, i) => (a === `--${name}` && args[i + 1] ? [args[i + 1]] : []));
}

async function trainOne(system: string, minutes: number, args: string[]): Promise<Record<string, number>> {
  const config = hgnConfig('laptop', overridesFrom(allArgs(args, 'set')));
  const ds = generateDatasetSync({
    system,
    train: Number(arg(args, 'train', '2000')),
    test: Number(arg(args, 'test', '200')),
    steps: sequenceFramesNeeded(config),
    size: config.imageSize,
    seed: Number(arg(args, 'data-seed', '0')),
  });
  const train = sequencesFromSplit(ds.train, ds.meta.shapes);
  const test = sequencesFromSplit(ds.test, ds.meta.shapes);
  const m = createHgn(config);
  const trainer = new HgnTrainer(m, { train, test: headSequences(test, 32), steps: Infinity, checkpointEvery: 100 });
  const started = Date.now();
  const budget = minutes * 60_000;
  let nextReport = 60_000;
  let recent: number[] = [];
  for await (const ev of trainer.run()) {
    if (ev.type === 'nan-rollback') process.stderr.write(`${system}: ${ev.message}\n`);
    if (ev.type !== 'metrics') continue;
    recent.push(ev.values.recon);
    const elapsed = Date.now() - started;
    if (elapsed >= nextReport || elapsed >= budget) {
      const e = (await trainer.evaluate())!;
      const avg = (recent.reduce((a, b) => a + b, 0) / recent.length) * 1e4;
      process.stderr.write(
        `${system} ${(elapsed / 1000).toFixed(0)}s step ${ev.step} frames ${ev.values.rolloutFrames}: train ${avg.toFixed(1)} | test(32) mse_e4 ${e.mseE4.toFixed(1)} vpt ${e.vpt} drift ${e.hDrift.toExponential(2)}\n`,
      );
      recent = [];
      nextReport += 60_000;
      if (elapsed >= budget) break;
    }
  }
  const steps = trainer.step;
  trainer.dispose();
  const e = await evaluateHgn(m, test, {
    frames: Math.min(config.rolloutFrames, test.length - anchorFrame(config)),
    driftSteps: 60,
    meanFrame: meanFrame(train.frames, train.count * train.length, framePixels(train), 1 / 255),
  });
  const sy = await symetricValues(ds, anchorFrame(config), (n, frames) => hgnLatentRollouts(m, test, n, frames));
  disposeHgn(m);
  const key = system.replace(/-/g, '_');
  return {
    [`${key}_test_mse_e4`]: round(e.mseE4),
    [`${key}_vpt`]: e.vpt,
    [`${key}_vpt_relative`]: round(e.vptRelative),
    [`${key}_h_drift`]: Number(e.hDrift.toPrecision(3)),
    [`${key}_h_drift_spread`]: Number(e.hDriftSpread.toPrecision(3)),
    [`${key}_mean_frame_mse_e4`]: round(e.meanFrameMseE4 ?? NaN),
    [`${key}_steps`]: steps,
    ...(sy.final_symetric === undefined ? {} : { [`${key}_symetric`]: sy.final_symetric, [`${key}_symetric_rsq`]: round(sy.final_symetric_rsq), [`${key}_symetric_sym`]: Number(sy.final_symetric_sym.toPrecision(3)) }),
  };
}

function round(x: number): number {
  return Number(x.toFixed(2));
}

const bench: Bench = async (args) => {
  const backend = await initBackend(arg(args, 'backend', 'wasm') as BackendChoice);
  const minutes = Number(arg(args, 'minutes', '30'));
  const systems = arg(args, 'systems', 'pendulum,mass-spring').split(',');
  let metrics: Record<string, number> = { minutes_per_system: minutes };
  for (const system of systems) metrics = { ...metrics, ...(await trainOne(system, minutes, args)) };
  return { backend: `${backend.name} (${backend.device})`, metrics };
};

/** With --jobs 2, each system trains in its own process. */
export const shards: Shards = (args) =>
  arg(args, 'systems', 'pendulum,mass-spring')
    .split(',')
    .map((s) => withArg(args, 'systems', s));

export default bench;
