// A training checkpoint as plain data: config, weights, Adam state, GECO state and the step. Equal checkpoints
// give equal models and equal continuations (batches and noise are derived from the seed and the step).
import type { AdamState } from '../../training/adam';
import type { GecoState } from '../../training/geco';
import { cloneArrays, type NamedArrays } from '../../training/named-arrays';
import { packArrays, unpackArrays } from '../../training/pack';
import type { HgnConfig } from './config';
import type { CurriculumState } from './curriculum';
import { createHgn, type HgnModel } from './model';
import type { ResolvedDatasetSpec } from '../../data/spec';

/**
 * The data a model was trained on: its full spec (which regenerates it byte for byte) and, when it came from a
 * dataset file, that file and its content hash. Evaluations and rollouts default to its test split.
 */
export interface CheckpointDataRef {
  spec: ResolvedDatasetSpec;
  specHash: string;
  /** Absolute path of the dataset file (`generate --out`) it was read from. */
  file?: string;
  /** 'sha256:<hex>' of that file's data section. */
  contentHash?: string;
}

export interface HgnCheckpoint {
  format: 'hgn-checkpoint';
  version: 1;
  config: HgnConfig;
  /** Updates done. */
  step: number;
  /** Batches drawn: it only moves forward, so a NaN rollback does not replay the batch that caused it. */
  cursor: number;
  params: NamedArrays;
  /** null for weights exported without training state. */
  optimizer: AdamState | null;
  geco: GecoState;
  /** Rollout curriculum position (absent in checkpoints of runs without one). */
  curriculum?: CurriculumState;
  /** The training data (weights files written by `hgn train`; absent in older files). */
  data?: CheckpointDataRef;
}

export function cloneCheckpoint(c: HgnCheckpoint): HgnCheckpoint {
  return {
    ...c,
    config: structuredClone(c.config),
    params: cloneArrays(c.params),
    optimizer: c.optimizer && { ...c.optimizer, m: cloneArrays(c.optimizer.m), v: cloneArrays(c.optimizer.v) },
    geco: { ...c.geco },
    curriculum: c.curriculum && { ...c.curriculum },
  };
}

/** A model rebuilt from a checkpoint (its config, its weights). */
export function modelFromCheckpoint(c: HgnCheckpoint): HgnModel {
  const m = createHgn(c.config);
  m.params.write(c.params);
  return m;
}

/** A checkpoint's JSON part: everything but the arrays (what a weights file and a project checkpoint both keep). */
export interface CheckpointMeta {
  format: 'hgn-checkpoint';
  version: 1;
  config: HgnConfig;
  step: number;
  cursor: number;
  geco: GecoState;
  curriculum?: CurriculumState;
  optimizer: { step: number; learningRate: number } | null;
  data?: CheckpointDataRef;
}

export function checkpointMeta(c: HgnCheckpoint): CheckpointMeta {
  return {
    format: c.format,
    version: c.version,
    config: c.config,
    step: c.step,
    cursor: c.cursor,
    geco: c.geco,
    curriculum: c.curriculum,
    optimizer: c.optimizer && { step: c.optimizer.step, learningRate: c.optimizer.learningRate },
    ...(c.data ? { data: c.data } : {}),
  };
}

/** A checkpoint from its JSON part and its arrays (parameters, Adam's moments). */
export function checkpointFromParts(meta: CheckpointMeta, params: NamedArrays, m: NamedArrays, v: NamedArrays): HgnCheckpoint {
  return {
    format: 'hgn-checkpoint',
    version: 1,
    config: meta.config,
    step: meta.step,
    cursor: meta.cursor ?? meta.step,
    params,
    optimizer: meta.optimizer && { step: meta.optimizer.step, learningRate: meta.optimizer.learningRate, m, v },
    geco: meta.geco,
    // Without it a resumed run would restart its rollout curriculum from the shortest rollouts.
    ...(meta.curriculum ? { curriculum: meta.curriculum } : {}),
    ...(meta.data ? { data: meta.data } : {}),
  };
}

/** One binary blob (see training/pack.ts) holding everything. */
export function encodeCheckpoint(c: HgnCheckpoint): Uint8Array {
  const meta = checkpointMeta(c);
  const groups: Record<string, NamedArrays> = { params: c.params };
  if (c.optimizer) {
    groups['adam.m'] = c.optimizer.m;
    groups['adam.v'] = c.optimizer.v;
  }
  return packArrays(meta, groups);
}

export function decodeCheckpoint(bytes: Uint8Array): HgnCheckpoint {
  const { meta, groups } = unpackArrays<CheckpointMeta>(bytes);
  if (meta.format !== 'hgn-checkpoint') throw new Error(`not an HGN checkpoint (format "${String(meta.format)}")`);
  if (meta.version !== 1) throw new Error(`unsupported HGN checkpoint version ${meta.version}`);
  return checkpointFromParts(meta, groups.params ?? {}, groups['adam.m'] ?? {}, groups['adam.v'] ?? {});
}
