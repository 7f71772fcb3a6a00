// HGN training checkpoints (core/models/hgn/checkpoint.ts) <-> project checkpoints: parameters become the
// checkpoint's weights, Adam moments its state ("adam.m/<name>", "adam.v/<name>"), the rest its meta. Round trips
// exactly, so training continues from a reopened project as it would have from memory.
import type { HgnCheckpoint } from '../../core/models/hgn/checkpoint';
import type { NamedArrays } from '../../core/training/named-arrays';
import { ProjectError } from '../errors';
import type { JsonObject } from '../json';
import type { NamedTensors } from '../tensors';
import type { Checkpoint } from '../types';

function toTensors(arrays: NamedArrays, prefix = ''): NamedTensors {
  const out: NamedTensors = {};
  for (const [name, a] of Object.entries(arrays)) out[prefix + name] = { dtype: 'float32', shape: [...a.shape], values: a.values };
  return out;
}

function fromTensors(tensors: NamedTensors, prefix: string, where: string): NamedArrays {
  const out: NamedArrays = {};
  for (const [name, t] of Object.entries(tensors)) {
    if (!name.startsWith(prefix)) continue;
    if (!(t.values instanceof Float32Array)) throw new ProjectError('invalid', `${where}: tensor "${name}" is ${t.dtype}, an HGN checkpoint holds float32`);
    out[name.slice(prefix.length)] = { shape: [...t.shape], values: t.values };
  }
  return out;
}

export function checkpointFromHgn(c: HgnCheckpoint, opts: { id?: string; createdAt?: number } = {}): Checkpoint {
  const meta = {
    format: c.format,
    version: c.version,
    config: c.config,
    step: c.step,
    cursor: c.cursor,
    geco: c.geco,
    curriculum: c.curriculum ?? null,
    optimizer: c.optimizer && { step: c.optimizer.step, learningRate: c.optimizer.learningRate },
  } as unknown as JsonObject;
  return {
    id: opts.id ?? `step-${c.step}`,
    step: c.step,
    createdAt: opts.createdAt ?? Date.now(),
    meta,
    weights: toTensors(c.params),
    state: c.optimizer ? { ...toTensors(c.optimizer.m, 'adam.m/'), ...toTensors(c.optimizer.v, 'adam.v/') } : {},
  };
}

export function hgnFromCheckpoint(cp: Checkpoint): HgnCheckpoint {
  const m = cp.meta as Record<string, unknown>;
  const where = `checkpoint "${cp.id}"`;
  if (m.format !== 'hgn-checkpoint' || m.version !== 1) throw new ProjectError('invalid', `${where} is not an HGN checkpoint (format ${JSON.stringify(m.format)})`);
  const optimizer = m.optimizer as { step: number; learningRate: number } | null;
  return {
    format: 'hgn-checkpoint',
    version: 1,
    config: m.config as HgnCheckpoint['config'],
    step: cp.step,
    cursor: typeof m.cursor === 'number' ? m.cursor : cp.step,
    params: fromTensors(cp.weights, '', where),
    optimizer: optimizer && { ...optimizer, m: fromTensors(cp.state, 'adam.m/', where), v: fromTensors(cp.state, 'adam.v/', where) },
    geco: m.geco as HgnCheckpoint['geco'],
    // Without it a resumed run would restart its rollout curriculum from the shortest rollouts.
    ...(m.curriculum ? { curriculum: m.curriculum as HgnCheckpoint['curriculum'] } : {}),
  };
}
