// Shared by the wasm-kernel tests: seeded inputs and running the same computation on the cpu and wasm backends.
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../main/engine/backends';
import { gaussian, makeRng } from '../../../main/core/random';

/** Seeded standard-normal values: the same numbers on both backends. */
export function normal(shape: number[], seed: number): tf.Tensor {
  const rng = makeRng(seed);
  const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < values.length; i++) values[i] = gaussian(rng);
  return tf.tensor(values, shape);
}

/** Runs `compute` (which builds its inputs itself) and returns every output as a plain array. */
export function evaluate(compute: () => tf.Tensor[]): Float32Array[] {
  const outs = tf.tidy(compute);
  const values = outs.map((t) => t.dataSync() as Float32Array);
  tf.dispose(outs);
  return values;
}

/** The same cases evaluated on the cpu backend (the reference) and on wasm with the registered kernels. */
export async function onCpuAndWasm(cases: ReadonlyArray<() => tf.Tensor[]>): Promise<{ cpu: Float32Array[][]; wasm: Float32Array[][] }> {
  await initBackend('cpu');
  const cpu = cases.map(evaluate);
  await initBackend('wasm');
  const wasm = cases.map(evaluate);
  return { cpu, wasm };
}

/** max |got - want| / max |want|: one scale for the whole tensor, so tiny entries do not dominate. */
export function relativeError(got: Float32Array, want: Float32Array): number {
  if (got.length !== want.length) return Infinity;
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < want.length; i++) {
    if (!Number.isFinite(got[i])) return Infinity;
    diff = Math.max(diff, Math.abs(got[i] - want[i]));
    scale = Math.max(scale, Math.abs(want[i]));
  }
  return scale === 0 ? diff : diff / scale;
}
