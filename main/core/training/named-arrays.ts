// Plain typed-array snapshots of tensors: what checkpoints, artifacts and workers pass around.
import * as tf from '@tensorflow/tfjs-core';

export interface NamedArray {
  shape: number[];
  values: Float32Array;
}

/** Logical name -> array. Names are stable across runs (never tfjs's engine-wide variable names). */
export type NamedArrays = Record<string, NamedArray>;

/** Reads every tensor back, asynchronously (WebGPU in Node has no synchronous read), all requests in flight at once. */
export async function readTensors(tensors: Record<string, tf.Tensor>): Promise<NamedArrays> {
  const entries = Object.entries(tensors);
  const values = await Promise.all(entries.map(([, t]) => t.data()));
  const out: NamedArrays = {};
  entries.forEach(([name, t], i) => {
    out[name] = { shape: [...t.shape], values: Float32Array.from(values[i]) };
  });
  return out;
}

/** Assigns every array to the variable of the same name; shapes must match exactly. */
export function writeVariables(vars: Record<string, tf.Variable>, arrays: NamedArrays): void {
  for (const [name, v] of Object.entries(vars)) {
    const a = arrays[name];
    if (!a) throw new Error(`checkpoint has no array "${name}"`);
    if (a.shape.length !== v.shape.length || a.shape.some((d, i) => d !== v.shape[i])) {
      throw new Error(`checkpoint array "${name}" has shape [${a.shape}] but the model expects [${v.shape}]`);
    }
    const t = tf.tensor(a.values, a.shape, 'float32');
    v.assign(t);
    t.dispose();
  }
}

export function cloneArrays(arrays: NamedArrays): NamedArrays {
  const out: NamedArrays = {};
  for (const [name, a] of Object.entries(arrays)) out[name] = { shape: [...a.shape], values: a.values.slice() };
  return out;
}

export function allFinite(arrays: NamedArrays): boolean {
  for (const a of Object.values(arrays)) {
    for (let i = 0; i < a.values.length; i++) if (!Number.isFinite(a.values[i])) return false;
  }
  return true;
}
