// `npm run bench -- precision [--system pendulum] [--minutes 8] --jobs 2`: does the opt-in bf16 convolution setting
// train as well as fp32 in the same wall-clock time? The `laptop` HGN on one system (hgn-train's data, training
// and evaluation) once in fp32 and once with bf16 convolutions, two processes side by side (--jobs 2), so both
// see the same machine. Metrics: {fp32,bf16}_test_mse_e4, _vpt, _h_drift, _steps. Needs a CPU with AMX or AVX-512 BF16 (bf16 is refused elsewhere).
import { bf16Isa, setBf16Convs } from '../main/engine/native-kernels/precision';
import hgnTrain from './hgn-train';
import { withArg, type Bench, type Shards } from './run';

function arg(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
}

const KEPT = ['test_mse_e4', 'vpt', 'h_drift', 'steps'];

const bench: Bench = async (args) => {
  const system = arg(args, 'system', 'pendulum');
  const precisions = arg(args, 'precisions', 'fp32,bf16').split(',');
  if (precisions.includes('bf16') && !bf16Isa()) throw new Error('this CPU has no native bf16 (AMX or AVX-512 BF16): nothing to compare');
  const metrics: Record<string, number> = {};
  let backend = '';
  for (const p of precisions) {
    setBf16Convs(p === 'bf16');
    const r = await hgnTrain(['--systems', system, '--models', 'hgn', '--minutes', arg(args, 'minutes', '8')]);
    backend = r.backend;
    const key = system.replace(/-/g, '_');
    for (const k of KEPT) metrics[`${p}_${k}`] = r.metrics[`${key}_${k}`];
  }
  setBf16Convs(false);
  return { backend, metrics };
};

/** With --jobs 2: fp32 and bf16 side by side. */
export const shards: Shards = (args) => [withArg(args, 'precisions', 'fp32'), withArg(args, 'precisions', 'bf16')];

export default bench;
