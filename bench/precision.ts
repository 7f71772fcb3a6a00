// `npm run bench -- precision [--runs pendulum:8,three-body:30] --jobs 2`: does the opt-in bf16 convolution setting
// train as well as fp32 in the same wall-clock time? The `laptop` HGN on each system for its minutes (hgn-train's
// data, training and evaluation), once in fp32 and once with bf16 convolutions, two processes side by side
// (--jobs 2: each system's pair runs together, so both see the same machine; the longest pair first). Metrics:
// {system}_{fp32,bf16}_test_mse_e4, _vpt, _h_drift, _steps, {system}_mean_frame_mse_e4 (the floor) and
// {system}_minutes. Needs a CPU with AMX or AVX-512 BF16 (bf16 is refused elsewhere).
import { bf16Isa, setBf16Convs } from '../main/engine/native-kernels/precision';
import hgnTrain from './hgn-train';
import { arg, withArg, type Bench, type Shards } from './run';

const KEPT = ['test_mse_e4', 'vpt', 'h_drift', 'steps'];

/** [system, minutes] pairs of --runs, longest first. */
function runsOf(args: string[]): [string, number][] {
  const runs = arg(args, 'runs', 'pendulum:8')
    .split(',')
    .map((r) => {
      const [system, minutes] = r.split(':');
      const m = Number(minutes);
      if (!system || !(m > 0)) throw new Error(`--runs takes system:minutes pairs (e.g. pendulum:8), not '${r}'`);
      return [system, m] as [string, number];
    });
  return runs.sort((a, b) => b[1] - a[1]);
}

const bench: Bench = async (args) => {
  const precisions = arg(args, 'precisions', 'fp32,bf16').split(',');
  if (precisions.includes('bf16') && !bf16Isa()) throw new Error('this CPU has no native bf16 (AMX or AVX-512 BF16): nothing to compare');
  const metrics: Record<string, number> = {};
  let backend = '';
  for (const [system, minutes] of runsOf(args)) {
    const key = system.replace(/-/g, '_');
    for (const p of precisions) {
      setBf16Convs(p === 'bf16');
      const r = await hgnTrain(['--systems', system, '--models', 'hgn', '--minutes', String(minutes)]);
      backend = r.backend;
      for (const k of KEPT) metrics[`${key}_${p}_${k}`] = r.metrics[`${key}_${k}`];
      metrics[`${key}_mean_frame_mse_e4`] = r.metrics[`${key}_mean_frame_mse_e4`];
      metrics[`${key}_minutes`] = minutes;
    }
  }
  setBf16Convs(false);
  return { backend, metrics };
};

/** With --jobs 2: each system's fp32 and bf16 runs side by side, the longest system first. */
export const shards: Shards = (args) =>
  runsOf(args).flatMap(([system, minutes]) =>
    ['fp32', 'bf16'].map((p) => withArg(withArg(args, 'runs', `${system}:${minutes}`), 'precisions', p)),
  );

export default bench;
