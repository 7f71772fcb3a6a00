// What the HGN step benches measure, on any backend: step time (median after warm-up, reads asynchronous so it
// also runs on WebGPU), kernels per step (tf.profile), and the step's arithmetic counted from the layer shapes of
// the kernels it runs (convolutions, matrix products and the fused latent kicks).
import * as tf from '@tensorflow/tfjs-core';
import { hgnConfig, latentChannels, latentSize, type HgnConfig, type HgnPresetName } from '../main/core/models/hgn/config';
import { createHgn, disposeHgn } from '../main/core/models/hgn/model';
import { batchArrays, disposeBatch, toBatch } from '../main/core/models/hgn/batch';
import { trainStep } from '../main/core/models/hgn/train-step';
import { KICK_GRAD_KERNEL, KICK_KERNEL } from '../main/core/nn/energy-kick';
import { CONV_BACKWARD_KERNEL } from '../main/core/nn/conv-backward';
import { kickGeometry } from '../main/engine/webgpu/kernels/kick-shader';
import { Adam } from '../main/core/training/adam';
import { makeRng } from '../main/core/random';
import type { PixelSequences } from '../main/core/training/sequences';

/** The benches' step: 34-frame sequences, 5 encoder frames, 30 decoded (RS's setting), full rollouts. */
export function stepConfig(preset: HgnPresetName, batch: number): HgnConfig {
  return hgnConfig(preset, { batchSize: batch, encoderFrames: 5, rolloutFrames: 30, anchor: 'last', curriculum: 'none', curriculumSteps: 0 });
}

function randomFrames(count: number, length: number): PixelSequences {
  const rng = makeRng(1);
  const frames = Float32Array.from({ length: count * length * 32 * 32 * 3 }, () => rng());
  return { count, length, height: 32, width: 32, channels: 3, frames };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** A model, optimiser and batch ready to step; `step()` runs one training step and resolves when it is done. */
export function stepper(preset: HgnPresetName, batch: number) {
  const c = stepConfig(preset, batch);
  const m = createHgn(c);
  const opt = new Adam(m.params, { learningRate: c.learningRate });
  const data = randomFrames(batch, 34);
  const seqs = Array.from({ length: batch }, (_, i) => i);
  const weight = c.klWeighting === 'geco' ? { kind: 'geco' as const, lambda: 1 } : { kind: 'beta' as const, beta: c.beta };
  let n = 0;
  return {
    config: c,
    async step(): Promise<void> {
      const b = toBatch(c, batchArrays(c, data, seqs));
      try {
        const r = await trainStep(m, opt, b, weight, c.stochastic ? ++n : null, c.gradClipNorm);
        if (!r.finite) throw new Error(`${preset}: non-finite step`);
      } finally {
        disposeBatch(b);
      }
    },
    dispose(): void {
      opt.dispose();
      disposeHgn(m);
    },
  };
}

export interface StepTiming {
  /** Median step time after warm-up. */
  ms: number;
  /** The first step's time (kernel setup, heap growth; on a GPU pipeline compilation). */
  firstMs: number;
  times: number[];
}

/** Times `reps` steps after `warmup` untimed ones (the first one's time is kept apart). */
export async function timeSteps(s: { step(): Promise<void> }, reps: number, warmup = 1, log?: (line: string) => void): Promise<StepTiming> {
  const times: number[] = [];
  let firstMs = 0;
  for (let i = 0; i < warmup + reps; i++) {
    const t0 = performance.now();
    await s.step();
    const dt = performance.now() - t0;
    if (i === 0) firstMs = dt;
    if (i >= warmup) times.push(dt);
    log?.(`step ${i}: ${dt.toFixed(0)} ms (tensors ${tf.memory().numTensors})`);
  }
  return { ms: median(times), firstMs, times };
}

const prod = (xs: number[]) => xs.reduce((a, b) => a * b, 1);

/** Multiply-adds of one conv from its output-side shape [N, Ho, Wo, Co] and its filter [k, k, Ci, Co]. */
function convMacs(out: number[], filter: number[]): number {
  return prod(out) * filter[0] * filter[1] * filter[2];
}

/** FLOPs of one kick forward and backward call of this model's H at this batch (the algorithm of energy-kick.ts). */
export function kickFlops(c: HgnConfig, batch: number): { forward: number; backward: number } {
  const L = latentChannels(c);
  const s = latentSize(c);
  const general = c.hamiltonianForm === 'general';
  // The energy network's convs as hamiltonian-net.ts builds them: hidden softplus layers, then one output channel.
  let cin = general ? 2 * L : L;
  const layers = [...c.hamiltonianFilters, 1].map((cout, i) => {
    const layer = { k: c.hamiltonianKernels[i], stride: c.hamiltonianStrides[i], padding: c.hamiltonianPadding[i], cin, cout };
    cin = cout;
    return layer;
  });
  const geo = kickGeometry({ layers, parts: general ? [L, L] : [L], wrt: 0, coef: 1, prior: 0 }, s, s);
  const macs = geo.layers.map((g) => batch * g.hout * g.wout * g.k * g.k * g.cin * g.cout);
  const all = macs.reduce((a, b) => a + b, 0);
  const hidden = all - macs[macs.length - 1];
  // Forward: the hidden layers, then the input gradient through every layer. Backward: tangent through every
  // layer, primal through the hidden ones, and a filter and an input gradient for each of those passes.
  return { forward: 2 * (hidden + all), backward: 2 * (3 * all + 3 * hidden) };
}

export interface StepCount {
  kernels: number;
  byKernel: Record<string, number>;
  gflop: number;
}

/** Kernels and arithmetic of one step, from tf.profile (after one step outside the profile, to warm up). */
export async function countStep(preset: HgnPresetName, batch: number): Promise<StepCount> {
  const s = stepper(preset, batch);
  await s.step();
  const profile = await tf.profile(async () => {
    await s.step();
  });
  const kick = kickFlops(s.config, batch);
  s.dispose();
  const byKernel: Record<string, number> = {};
  let flops = 0;
  for (const k of profile.kernels) {
    byKernel[k.name] = (byKernel[k.name] ?? 0) + 1;
    const ins = (k.inputShapes ?? []) as number[][];
    const out = (k.outputShapes?.[0] ?? []) as number[];
    if (k.name === 'Conv2D' || k.name === 'FusedConv2D') flops += 2 * convMacs(out, ins[1]);
    else if (k.name === 'Conv2DBackpropInput') flops += 2 * convMacs(ins[0], ins[1]);
    else if (k.name === 'Conv2DBackpropFilter') flops += 2 * convMacs(ins[1], out);
    // Both gradients in one kernel (core/nn/conv-backward.ts), inputs {x, dy, filter}: each as much as the forward.
    else if (k.name === CONV_BACKWARD_KERNEL) flops += 2 * 2 * convMacs(ins[1], ins[2]);
    else if (k.name === 'BatchMatMul') {
      // out [..., m, n]; a holds batch * m * k values whatever its transposition.
      const n = out[out.length - 1];
      flops += 2 * prod(out) * (prod(ins[0]) / (prod(out) / n));
    } else if (k.name === KICK_KERNEL) flops += kick.forward;
    else if (k.name === KICK_GRAD_KERNEL) flops += kick.backward;
  }
  return { kernels: profile.kernels.length, byKernel, gflop: flops / 1e9 };
}

/**
 * The single-core convolution rate this backend reaches at the paper decoder's widest layer (480 frames,
 * 32x32x64 -> 64, 3x3): forward, input gradient and filter gradient together, FLOPs over time.
 */
export async function convRateGflops(reps = 3): Promise<number> {
  const x = tf.randomNormal([480, 32, 32, 64], 0, 1, 'float32', 1) as tf.Tensor4D;
  const f = tf.randomNormal([3, 3, 64, 64], 0, 1, 'float32', 2) as tf.Tensor4D;
  const dy = tf.randomNormal([480, 32, 32, 64], 0, 1, 'float32', 3) as tf.Tensor4D;
  const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC' };
  const passes = [
    () => tf.conv2d(x, f, 1, 'same'),
    () => tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: f }, { ...attrs, inputShape: x.shape } as unknown as tf.NamedAttrMap) as tf.Tensor,
    () => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: f.shape } as unknown as tf.NamedAttrMap) as tf.Tensor,
  ];
  let total = 0;
  for (const pass of passes) {
    const times: number[] = [];
    for (let i = 0; i < reps + 1; i++) {
      const t0 = performance.now();
      const out = pass();
      await out.data();
      out.dispose();
      if (i > 0) times.push(performance.now() - t0);
    }
    total += median(times);
  }
  tf.dispose([x, f, dy]);
  const flops = 3 * 2 * 480 * 32 * 32 * 9 * 64 * 64;
  return flops / (total * 1e6);
}
