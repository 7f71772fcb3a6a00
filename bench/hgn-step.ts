// `npm run bench -- hgn-step [--backend wasm|cpu|webgpu|auto] [--reps N] [--batch B]`: one HGN training step
// (forward, backward through the second-order latent rollout, Adam) for the `paper` and `laptop` presets at batch
// 16, 34-frame sequences, 5 encoder frames, 30 decoded frames (RS's setting).
// Measured, in the same process and interleaved step by step: the step with the project's fused ops (the latent
// kicks, one kernel each way per leapfrog update, energy-kick.ts; the Adam update; the decoder's activation
// gradients with their bias sums, relu(a + b) and upsampling as single native passes) and without them (the same
// maths as written-out tfjs ops: the implementation before them, fused-kernels.ts). Also: kernels per step (tf.profile), the step's arithmetic counted
// from the layer shapes, and that arithmetic over the step time as a fraction of the single-core conv rate
// measured here at the paper decoder's size.
import { initBackend, type BackendChoice } from '../main/engine/backends';
import { fusedKernels } from './fused-kernels';
import type { HgnPresetName } from '../main/core/models/hgn/config';
import { convRateGflops, countStep, median, stepper } from './hgn-measure';
import { bf16Isa, setBf16Convs } from '../main/engine/native-kernels/precision';
import { arg, type Bench } from './run';

type Mode = 'fused' | 'composed' | 'bf16';

/** Untimed steps per mode first: the first pays for setup, and V8 compiles the JS kernels' loops over a few more. */
const WARMUP = 3;

/**
 * Median step times per mode, steps interleaved so every mode sees the same machine: `fused` (the fused ops, fp32),
 * `composed` (those ops as written-out tfjs ops: the implementation before them), `bf16` (fused, with the encoder
 * and decoder convolutions in bfloat16, where the CPU has it).
 */
async function interleaved(preset: HgnPresetName, batch: number, reps: number): Promise<Partial<Record<Mode, number>>> {
  const kernels = fusedKernels();
  const modes: Mode[] = ['fused', ...(kernels.present.length > 0 ? (['composed'] as const) : []), ...(bf16Isa() ? (['bf16'] as const) : [])];
  const s = stepper(preset, batch);
  const times: Record<Mode, number[]> = { fused: [], composed: [], bf16: [] };
  for (let i = 0; i < modes.length * (reps + WARMUP); i++) {
    const mode = modes[i % modes.length];
    if (mode === 'composed') kernels.off();
    else kernels.on();
    setBf16Convs(mode === 'bf16');
    const t0 = performance.now();
    await s.step();
    const dt = performance.now() - t0;
    if (i >= modes.length * WARMUP) times[mode].push(dt);
    console.error(`${preset} ${mode} step: ${dt.toFixed(0)} ms`);
  }
  kernels.on();
  setBf16Convs(false);
  s.dispose();
  return Object.fromEntries(modes.map((m) => [m, Math.round(median(times[m]))]));
}

const bench: Bench = async (args) => {
  const backend = await initBackend(arg(args, 'backend', 'wasm') as BackendChoice);
  const reps = Number(arg(args, 'reps', '5'));
  const batch = Number(arg(args, 'batch', '16'));
  const laptop = await interleaved('laptop', batch, reps);
  const paper = await interleaved('paper', batch, reps);
  const paperCount = await countStep('paper', batch);
  const laptopCount = await countStep('laptop', batch);
  const fused = fusedKernels();
  fused.off();
  const paperComposedCount = await countStep('paper', batch);
  const laptopComposedCount = await countStep('laptop', batch);
  fused.on();
  const convRate = await convRateGflops();
  const gflop = paperCount.gflop;
  const metrics: Record<string, number> = {
    paper_step_ms: paper.fused!,
    laptop_step_ms: laptop.fused!,
    paper_kernels_per_step: paperCount.kernels,
    laptop_kernels_per_step: laptopCount.kernels,
    paper_kernels_per_step_composed: paperComposedCount.kernels,
    laptop_kernels_per_step_composed: laptopComposedCount.kernels,
    paper_gflop_per_step: Number(gflop.toFixed(1)),
    conv_rate_gflops: Number(convRate.toFixed(1)),
    paper_fraction_of_peak: Number((gflop / (paper.fused! / 1000) / convRate).toFixed(3)),
    paper_step_ratio_to_pytorch_1852ms: Number((paper.fused! / 1852).toFixed(2)),
  };
  if (paper.composed != null && laptop.composed != null) {
    metrics.paper_step_ms_composed = paper.composed;
    metrics.laptop_step_ms_composed = laptop.composed;
    metrics.laptop_speedup_vs_composed = Number((laptop.composed / laptop.fused!).toFixed(2));
  }
  if (paper.bf16 != null && laptop.bf16 != null) {
    metrics.paper_step_ms_bf16 = paper.bf16;
    metrics.laptop_step_ms_bf16 = laptop.bf16;
    if (laptop.composed != null) metrics.laptop_speedup_bf16_vs_composed = Number((laptop.composed / laptop.bf16).toFixed(2));
  }
  return { backend: `${backend.name} (${backend.device})`, metrics };
};

export default bench;
