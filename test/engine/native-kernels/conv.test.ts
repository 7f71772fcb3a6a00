// The oneDNN convolutions on the wasm backend against the cpu backend: the shared conv cases (first and second
// order, transposed), fused bias + activation, a layer of HGN's size, errors for bad buffers, and no leaks.
// Where the addon is not built the suite is skipped, unless HS_REQUIRE_NATIVE=1 (CI) says it must be there.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { initBackend } from '../../../main/engine/backends';
import { loadOneDnnAddon } from '../../../main/engine/native-kernels/addon';
import { nativeKernelsStatus, setNativeThreads } from '../../../main/engine/native-kernels';
import { GROUPS } from '../conv-cases';
import { normal, onCpuAndWasm, relativeError } from '../wasm-kernels/compare';

const load = loadOneDnnAddon();
const required = process.env.HS_REQUIRE_NATIVE === '1';

describe('the oneDNN addon', () => {
  it('is built where CI requires it', () => {
    if (required) expect(load.ok ? 'loaded' : load.reason).toBe('loaded');
  });
});

type Activation = 'linear' | 'relu' | 'sigmoid';
const FUSED: { name: string; x: number[]; f: number[]; stride: number; pad: 'same' | 'valid'; activation: Activation }[] = [
  { name: 'relu + bias, 3x3 same', x: [2, 8, 8, 5], f: [3, 3, 5, 7], stride: 1, pad: 'same', activation: 'relu' },
  { name: 'sigmoid + bias, 3x3 same (decoder output)', x: [3, 8, 8, 16], f: [3, 3, 16, 3], stride: 1, pad: 'same', activation: 'sigmoid' },
  { name: 'linear + bias, 3x3 s2 same (transformer)', x: [2, 9, 9, 6], f: [3, 3, 6, 4], stride: 2, pad: 'same', activation: 'linear' },
  { name: 'relu, 1x1 valid', x: [2, 4, 4, 16], f: [1, 1, 16, 8], stride: 1, pad: 'valid', activation: 'relu' },
];

function fused(c: (typeof FUSED)[number], seed: number): () => tf.Tensor[] {
  return () => {
    const x = normal(c.x, seed) as tf.Tensor4D;
    const f = normal(c.f, seed + 1) as tf.Tensor4D;
    const bias = normal([c.f[3]], seed + 2) as tf.Tensor1D;
    return [tf.fused.conv2d({ x, filter: f, bias, strides: c.stride, pad: c.pad, activation: c.activation })];
  };
}

/** A decoder layer of HGN's width: 32 channels in and out at 16x16, forward and both gradients. */
function hgnLayer(): tf.Tensor[] {
  const x = normal([4, 16, 16, 32], 7);
  const f = tf.mul(normal([3, 3, 32, 32], 8), 0.1);
  const r = normal([4, 16, 16, 32], 9);
  const loss = (xv: tf.Tensor, fv: tf.Tensor): tf.Scalar => tf.sum(tf.mul(tf.relu(tf.conv2d(xv as tf.Tensor4D, fv as tf.Tensor4D, 1, 'same')), r));
  return [tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, 1, 'same'), ...tf.grads(loss)([x, f])];
}

describe.skipIf(!load.ok)('oneDNN conv kernels vs cpu', () => {
  const flat = GROUPS.flatMap((g, gi) => g.cases.map((c, ci) => ({ group: g, c, run: g.make(c, 1000 * gi + 10 * ci) })));
  const runs = [...flat.map((f) => f.run), ...FUSED.map((c, i) => fused(c, 500 + 10 * i)), hgnLayer];
  let results: Awaited<ReturnType<typeof onCpuAndWasm>>;

  beforeAll(async () => {
    results = await onCpuAndWasm(runs);
  });

  it('are the kernels wasm runs with', () => {
    expect(tf.getBackend()).toBe('wasm');
    expect(nativeKernelsStatus()).toMatchObject({ active: true, description: expect.stringMatching(/^oneDNN \d+\.\d+\.\d+ convs \+ matmul, 1 thread$/) });
  });

  describe.each(GROUPS)('$label', (group) => {
    it.each(group.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      const i = flat.findIndex((f) => f.group === group && f.c === c);
      group.outputs.forEach((label, k) => {
        expect(Math.max(...results.cpu[i][k].map(Math.abs)), `${label} reference is all zero`).toBeGreaterThan(1e-3);
        expect(relativeError(results.wasm[i][k], results.cpu[i][k]), label).toBeLessThan(1e-4);
      });
    });
  });

  it.each(FUSED.map((c, i) => [c.name, i] as const))('fused conv: %s', (_name, i) => {
    const k = flat.length + i;
    expect(relativeError(results.wasm[k][0], results.cpu[k][0])).toBeLessThan(1e-5);
  });

  it('a layer of HGN width: forward, dx and dfilter', () => {
    const k = runs.length - 1;
    for (let j = 0; j < 3; j++) expect(relativeError(results.wasm[k][j], results.cpu[k][j]), `output ${j}`).toBeLessThan(1e-4);
  });
});

describe.skipIf(!load.ok)('oneDNN kernels in use', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('leak nothing over many fused and plain training steps', () => {
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const w = tf.variable(tf.mul(normal([3, 3, 4, 8], 1), 0.2));
    const b = tf.variable(tf.zeros([8]));
    const step = () =>
      tf.tidy(() => {
        const x = normal([2, 8, 8, 4], 2) as tf.Tensor4D;
        const { grads, value } = tf.variableGrads(
          () => tf.sum(tf.square(tf.fused.conv2d({ x, filter: w as tf.Tensor4D, bias: b, pad: 'same', strides: 1, activation: 'relu' }))),
          [w, b],
        );
        tf.dispose(grads);
        return value;
      }).dispose();
    step();
    const tensors = tf.memory().numTensors;
    const ids = backend.numDataIds();
    for (let i = 0; i < 30; i++) step();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(ids);
    w.dispose();
    b.dispose();
  });

  it('use the threads the settings give a job, with the same results', () => {
    const run = () => tf.tidy(() => tf.conv2d(normal([8, 16, 16, 32], 3) as tf.Tensor4D, normal([3, 3, 32, 32], 4) as tf.Tensor4D, 1, 'same').dataSync() as Float32Array);
    const one = run();
    setNativeThreads(2);
    try {
      expect(nativeKernelsStatus().description).toMatch(/, 2 threads$/);
      expect(relativeError(run(), one)).toBeLessThan(1e-5);
    } finally {
      setNativeThreads(1);
    }
    expect(nativeKernelsStatus().description).toMatch(/, 1 thread$/);
  });

  it('refuse buffers smaller than the shape says, with a clear error', () => {
    if (!load.ok) return;
    const shape = Int32Array.from([1, 4, 4, 2, 3, 3, 2, 4, 4, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0]);
    const small = new Float32Array(3);
    expect(() => load.addon.convForward(small, new Float32Array(36), null, new Float32Array(32), shape)).toThrow(
      'oneDNN kernels: x holds 3 floats, needs 32',
    );
    expect(() => load.addon.convForward(new Float32Array(32), new Float32Array(36), null, new Float32Array(32), Int32Array.from([1, 2]))).toThrow(
      'the conv shape must have 20 fields',
    );
  });

  it('stay in place when a process switches to another backend and back to wasm', async () => {
    if (!load.ok) return;
    await initBackend('cpu');
    await initBackend('wasm');
    const calls = (['convForward', 'convBackwardData', 'convBackwardWeights'] as const).map((m) => vi.spyOn(load.addon, m));
    try {
      const x = normal([2, 8, 8, 4], 1) as tf.Tensor4D;
      const f = normal([3, 3, 4, 4], 2) as tf.Tensor4D;
      tf.dispose([x, f, ...tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same')))([x, f])]);
      calls.forEach((c) => expect(c).toHaveBeenCalled());
    } finally {
      calls.forEach((c) => c.mockRestore());
    }
    expect(nativeKernelsStatus().active).toBe(true);
  });
});
