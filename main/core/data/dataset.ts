// The in-memory dataset: two splits of uint8 frames [N, T, H, W, 3] and float64 states [N, T, dim], plus the
// provenance that regenerates them.
import type { ResolvedDatasetSpec } from './spec';

export type SplitName = 'train' | 'test';
export const SPLITS: readonly SplitName[] = ['train', 'test'];

export interface DatasetSplit {
  count: number;
  /** [count, steps, size, size, 3] row-major, RGB bytes. */
  frames: Uint8Array;
  /** [count, steps, dim] row-major, state layout [q..., p...] of the system. */
  states: Float64Array;
}

/** Everything that determines (and describes) the data; deterministic from the spec. */
export interface DatasetMeta {
  format: string;
  formatVersion: number;
  generatorVersion: string;
  spec: ResolvedDatasetSpec;
  specHash: string;
  system: { id: string; label: string; dim: number; conservative: boolean; bodies: number; stateLayout: string };
  /** The ground-truth integrator actually used. */
  integrator: { method: 'symplectic' | 'adaptive'; detail: string };
  /** Derived seeds of the two splits; sequence i of a split draws from makeRng(deriveSeed(splitSeed, i)). */
  seeds: Record<SplitName, number>;
  /** Per-sequence shapes: frames [steps, size, size, 3], states [steps, dim]. */
  shapes: { frames: number[]; states: number[] };
}

export interface Dataset {
  meta: DatasetMeta;
  train: DatasetSplit;
  test: DatasetSplit;
}

/** Frames of sequence i as a view [steps, size, size, 3] (no copy). */
export function sequenceFrames(meta: DatasetMeta, split: DatasetSplit, i: number): Uint8Array {
  const per = meta.shapes.frames.reduce((a, b) => a * b, 1);
  return split.frames.subarray(i * per, (i + 1) * per);
}

/** States of sequence i as a view [steps, dim] (no copy). */
export function sequenceStates(meta: DatasetMeta, split: DatasetSplit, i: number): Float64Array {
  const per = meta.shapes.states.reduce((a, b) => a * b, 1);
  return split.states.subarray(i * per, (i + 1) * per);
}
