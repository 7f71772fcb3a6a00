// `npm run bench -- kernels [--reps N] [--cpu-reps N] [--skip-cpu]`: conv forward / grad-input / grad-filter on wasm (with the registered
// training kernels), with the oneDNN kernels (where built) and on cpu, at batch 16, 32x32x32 -> 32 channels, 3x3,
// stride 1, same; plus matMul 512^2 and the flows' MLP product 256x128x128 (oneDNN and wasm); plus oneDNN at the
// paper HGN decoder's size (480 frames, 32x32x64 -> 64).
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../main/engine/backends';
import { registerWasmTrainingKernels, restoreStockWasmKernels } from '../main/engine/wasm-kernels';
import { nativeKernelsStatus, useNativeKernels } from '../main/engine/native-kernels';
import type { Bench } from './run';

interface ConvShape {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number;
  pad: 'same' | 'valid';
}

const MAIN: ConvShape = { x: [16, 32, 32, 32], filter: [3, 3, 32, 32], strides: 1, pad: 'same' };
// The HGN transformer's shape (stride 2), to see what the zero-spread of dy costs in grad-input.
const STRIDE2: ConvShape = { x: [16, 32, 32, 32], filter: [3, 3, 32, 64], strides: 2, pad: 'same' };
// The paper HGN decoder's widest layer over a batch of 16 sequences x 30 frames.
const DECODER: ConvShape = { x: [480, 32, 32, 64], filter: [3, 3, 64, 64], strides: 1, pad: 'same' };
// A hidden layer of the flows' MLPs over a training batch (64 points x 4 momentum draws): [256, 128] x [128, 128].
const MLP: [number, number, number] = [256, 128, 128];

/** GFLOP/s of a stride-1 'same' conv pass that took `ms`. */
function gflops(shape: ConvShape, ms: number): number {
  const [n, h, w, c] = shape.x;
  const [kh, kw, , co] = shape.filter;
  return Number(((2 * n * h * w * c * co * kh * kw) / (ms * 1e6)).toFixed(1));
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Median wall time of `f` (its result read back, so the work is done), after `warmup` untimed runs. */
function timeMs(f: () => tf.Tensor, reps: number, warmup: number): number {
  const times: number[] = [];
  for (let i = 0; i < warmup + reps; i++) {
    const t0 = performance.now();
    const out = f();
    out.dataSync();
    const dt = performance.now() - t0;
    out.dispose();
    if (i >= warmup) times.push(dt);
  }
  return Number(median(times).toFixed(2));
}

interface ConvTimes {
  fwd: number;
  gradInput: number;
  gradFilter: number;
}

function timeConv(shape: ConvShape, reps: number, warmup: number, filterWarmup = warmup): ConvTimes {
  const x = tf.randomNormal(shape.x, 0, 1, 'float32', 1) as tf.Tensor4D;
  const f = tf.randomNormal(shape.filter, 0, 1, 'float32', 2) as tf.Tensor4D;
  const y = tf.conv2d(x, f, shape.strides, shape.pad);
  const dy = tf.randomNormal(y.shape, 0, 1, 'float32', 3) as tf.Tensor4D;
  const attrs = { strides: shape.strides, pad: shape.pad, dataFormat: 'NHWC', dimRoundingMode: undefined };
  const run = (name: string, inputs: tf.NamedTensorMap, extra: tf.NamedAttrMap) => () =>
    tf.engine().runKernel(name, inputs, { ...attrs, ...extra } as unknown as tf.NamedAttrMap) as tf.Tensor;
  const times = {
    fwd: timeMs(() => tf.conv2d(x, f, shape.strides, shape.pad), reps, warmup),
    gradInput: timeMs(run('Conv2DBackpropInput', { dy, filter: f }, { inputShape: shape.x }), reps, warmup),
    gradFilter: timeMs(run('Conv2DBackpropFilter', { x, dy }, { filterShape: shape.filter }), reps, filterWarmup),
  };
  tf.dispose([x, f, y, dy]);
  return times;
}

function timeMatMul(transposeB: boolean, reps: number): number {
  const a = tf.randomNormal([512, 512], 0, 1, 'float32', 4);
  const b = tf.randomNormal([512, 512], 0, 1, 'float32', 5);
  const ms = timeMs(() => tf.matMul(a, b, false, transposeB), reps, 2);
  tf.dispose([a, b]);
  return ms;
}

/** Mean microseconds of one MLP-layer product (too short to time one at a time), over 20 rounds of 100. */
function timeMlpProductUs(): number {
  const [m, k, n] = MLP;
  const a = tf.randomNormal([m, k], 0, 1, 'float32', 4);
  const b = tf.randomNormal([k, n], 0, 1, 'float32', 5);
  const round = () => {
    const t0 = performance.now();
    for (let i = 0; i < 100; i++) tf.matMul(a, b).dispose();
    return ((performance.now() - t0) / 100) * 1000;
  };
  round();
  const us = median(Array.from({ length: 20 }, round));
  tf.dispose([a, b]);
  return Number(us.toFixed(1));
}

function argValue(args: string[], flag: string, fallback: number): number {
  const i = args.indexOf(flag);
  return i >= 0 && i + 1 < args.length ? Number(args[i + 1]) : fallback;
}

const bench: Bench = async (args) => {
  const reps = argValue(args, '--reps', 15);
  const cpuReps = argValue(args, '--cpu-reps', 3);

  // oneDNN first (its own rows), then the wasm kernels alone.
  await initBackend('wasm');
  const native = nativeKernelsStatus();
  const onednn = native.active ? timeConv(MAIN, reps, 3) : null;
  const decoder = native.active ? timeConv(DECODER, Math.min(reps, 3), 1) : null;
  const onednnMatmul = native.active ? [timeMatMul(false, reps), timeMatMul(true, reps), timeMlpProductUs()] : null;
  useNativeKernels(false);
  await initBackend('wasm');
  const wasm = timeConv(MAIN, reps, 3);
  const wasmS2 = timeConv(STRIDE2, reps, 3);
  const matmul = timeMatMul(false, reps);
  const matmulT = timeMatMul(true, reps);
  const mlpMatmul = timeMlpProductUs();
  // The stock kernels, for the record (the stock backend has no Conv2DBackpropFilter at all).
  restoreStockWasmKernels();
  const stockGradInput = timeMs(() => {
    const dy = tf.randomNormal([16, 32, 32, 32], 0, 1, 'float32', 3) as tf.Tensor4D;
    const f = tf.randomNormal(MAIN.filter, 0, 1, 'float32', 2) as tf.Tensor4D;
    const dx = tf.conv2dTranspose(dy, f, MAIN.x, 1, 'same');
    tf.dispose([dy, f]);
    return dx;
  }, Math.min(reps, 5), 1);
  const stockMatmulT = timeMatMul(true, Math.min(reps, 5));
  registerWasmTrainingKernels();

  // The cpu backend's Conv2DBackpropFilter is a scalar loop of ~20 s here: no warm-up run for it.
  await initBackend('cpu');
  const cpu = args.includes('--skip-cpu') ? { fwd: NaN, gradInput: NaN, gradFilter: NaN } : timeConv(MAIN, cpuReps, 1, 0);

  const onednnMetrics: Record<string, number> =
    onednn && decoder
      ? {
          conv_fwd_ms_onednn: onednn.fwd,
          conv_grad_input_ms_onednn: onednn.gradInput,
          conv_grad_filter_ms_onednn: onednn.gradFilter,
          decoder_conv_fwd_ms_onednn: decoder.fwd,
          decoder_conv_grad_input_ms_onednn: decoder.gradInput,
          decoder_conv_grad_filter_ms_onednn: decoder.gradFilter,
          decoder_conv_fwd_gflops_onednn: gflops(DECODER, decoder.fwd),
          decoder_conv_grad_input_gflops_onednn: gflops(DECODER, decoder.gradInput),
          decoder_conv_grad_filter_gflops_onednn: gflops(DECODER, decoder.gradFilter),
          ...(onednnMatmul
            ? { matmul_512_ms_onednn: onednnMatmul[0], matmul_512_transposed_b_ms_onednn: onednnMatmul[1], mlp_matmul_us_onednn: onednnMatmul[2] }
            : {}),
        }
      : {};
  return {
    backend: native.active ? `wasm+${native.description}+cpu` : 'wasm+cpu',
    metrics: {
      ...onednnMetrics,
      conv_fwd_ms_wasm: wasm.fwd,
      conv_grad_input_ms_wasm: wasm.gradInput,
      conv_grad_filter_ms_wasm: wasm.gradFilter,
      conv_fwd_ms_cpu: cpu.fwd,
      conv_grad_input_ms_cpu: cpu.gradInput,
      conv_grad_filter_ms_cpu: cpu.gradFilter,
      grad_filter_speedup_wasm_vs_cpu: Number((cpu.gradFilter / wasm.gradFilter).toFixed(1)),
      conv_s2_fwd_ms_wasm: wasmS2.fwd,
      conv_s2_grad_input_ms_wasm: wasmS2.gradInput,
      conv_s2_grad_filter_ms_wasm: wasmS2.gradFilter,
      conv_grad_input_ms_wasm_stock: stockGradInput,
      matmul_ms_wasm: matmul,
      matmul_transposed_ms_wasm: matmulT,
      matmul_transposed_ms_wasm_stock: stockMatmulT,
      mlp_matmul_us_wasm: mlpMatmul,
    },
  };
};

export default bench;
