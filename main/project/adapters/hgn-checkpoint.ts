// HGN training checkpoints (core/models/hgn/checkpoint.ts) <-> project checkpoints: parameters become the
// checkpoint's weights, Adam moments its state ("adam.m/<name>", "adam.v/<name>"), the rest its meta. Round trips
// exactly, so training continues from a reopened project as it would have from memory.
import { checkpointFromParts, checkpointMeta, type CheckpointMeta, type HgnCheckpoint } from '../../core/models/hgn/checkpoint';
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
  // JSON has no undefined: a checkpoint without a curriculum records null.
  const meta = { ...checkpointMeta(c), curriculum: c.curriculum ?? null } as unknown as JsonObject;
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
  const meta = { ...(m as unknown as CheckpointMeta), step: cp.step, curriculum: (m.curriculum ?? undefined) as CheckpointMeta['curriculum'] };
  return checkpointFromParts(meta, fromTensors(cp.weights, '', where), fromTensors(cp.state, 'adam.m/', where), fromTensors(cp.state, 'adam.v/', where));
}
