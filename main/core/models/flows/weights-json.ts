// Model weights as plain JSON (name, shape, values): what the CLI saves until project files exist.
// Loading checks every name, shape and value against the model, so a wrong or hostile file fails clearly.
import * as tf from '@tensorflow/tfjs-core';
import type { NamedVariable } from '../../nn/mlp';

export interface WeightEntry {
  name: string;
  shape: number[];
  values: number[];
}

export async function exportWeights(vars: readonly NamedVariable[]): Promise<WeightEntry[]> {
  return Promise.all(
    vars.map(async ({ name, variable }) => ({
      name,
      shape: [...variable.shape],
      values: Array.from(await variable.data()),
    })),
  );
}

function describe(v: unknown): string {
  return Array.isArray(v) ? 'a list' : v === null ? 'null' : typeof v;
}

/** Assigns saved weights to the model's variables; throws before assigning anything if the file does not fit. */
export function importWeights(vars: readonly NamedVariable[], saved: unknown): void {
  if (!Array.isArray(saved)) throw new Error(`weights: expected a list of {name, shape, values}, got ${describe(saved)}`);
  const byName = new Map<string, WeightEntry>();
  saved.forEach((e: unknown, i) => {
    if (typeof e !== 'object' || e === null) throw new Error(`weights[${i}]: expected an object, got ${describe(e)}`);
    const { name, shape, values } = e as Record<string, unknown>;
    if (typeof name !== 'string') throw new Error(`weights[${i}]: missing name`);
    if (!Array.isArray(shape) || !shape.every((s) => Number.isInteger(s) && s >= 0)) throw new Error(`weights "${name}": bad shape`);
    if (!Array.isArray(values) || !values.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      throw new Error(`weights "${name}": values must be finite numbers`);
    }
    if (byName.has(name)) throw new Error(`weights "${name}" appears twice`);
    byName.set(name, { name, shape: shape as number[], values: values as number[] });
  });
  for (const { name, variable } of vars) {
    const e = byName.get(name);
    if (!e) throw new Error(`weights: "${name}" is missing (the file was saved from a different model configuration?)`);
    if (e.shape.join('x') !== variable.shape.join('x')) {
      throw new Error(`weights "${name}": shape [${e.shape}] does not match the model's [${variable.shape}]`);
    }
    if (e.values.length !== variable.size) throw new Error(`weights "${name}": ${e.values.length} values for ${variable.size} entries`);
  }
  const extra = [...byName.keys()].filter((n) => !vars.some((v) => v.name === n));
  if (extra.length > 0) throw new Error(`weights: unknown entries ${extra.slice(0, 3).join(', ')}`);
  for (const { name, variable } of vars) {
    tf.tidy(() => variable.assign(tf.tensor(byName.get(name)!.values, variable.shape)));
  }
}
