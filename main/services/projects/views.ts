// What the renderer gets of a project run: everything but the arrays (JSON-safe, small), and the arrays of one
// saved item on request, as the contract's ArtifactData (typed arrays, never number lists).
import type { ArtifactData } from '../../../preload/contract';
import { ProjectError, type NamedTensors, type RunRecord, type Tensor } from '../../project';

export interface TensorInfo {
  dtype: string;
  shape: number[];
}

export type RunView = Omit<RunRecord, 'weights' | 'checkpoints' | 'saved'> & {
  weights: { meta: RunRecord['artifacts']; tensors: Record<string, TensorInfo> } | null;
  checkpoints: Array<{ id: string; step: number; createdAt: number; tensors: number }>;
  saved: Array<{ id: string; kind: string; name: string; step: number | null; createdAt: number; tensors: Record<string, TensorInfo> }>;
};

const infos = (t: NamedTensors): Record<string, TensorInfo> =>
  Object.fromEntries(Object.entries(t).map(([name, x]) => [name, { dtype: x.dtype, shape: [...x.shape] }]));

export function runView(run: RunRecord): RunView {
  return {
    ...run,
    weights: run.weights && { meta: run.weights.meta, tensors: infos(run.weights.tensors) },
    checkpoints: run.checkpoints.map((c) => ({ id: c.id, step: c.step, createdAt: c.createdAt, tensors: Object.keys(c.weights).length + Object.keys(c.state).length })),
    saved: run.saved.map((s) => ({ id: s.id, kind: s.kind, name: s.name, step: s.step, createdAt: s.createdAt, tensors: infos(s.tensors) })),
  };
}

/** A tensor as the contract carries arrays (int32 becomes f64: the contract has no integer arrays). */
export function artifactOf(t: Tensor): ArtifactData {
  switch (t.dtype) {
    case 'float32':
      return { kind: 'f32', shape: [...t.shape], values: t.values as Float32Array };
    case 'float64':
      return { kind: 'f64', shape: [...t.shape], values: t.values as Float64Array };
    case 'uint8':
      return { kind: 'u8', shape: [...t.shape], values: t.values as Uint8Array };
    default:
      return { kind: 'f64', shape: [...t.shape], values: Float64Array.from(t.values) };
  }
}

/** The arrays of a run's saved item (rollout, evaluation, samples), by tensor name. */
export function savedArrays(run: RunRecord, savedId: string): Record<string, ArtifactData> {
  const item = run.saved.find((s) => s.id === savedId);
  if (!item) throw new ProjectError('invalid', `run "${run.id}" has no saved item "${savedId}"`);
  return Object.fromEntries(Object.entries(item.tensors).map(([name, t]) => [name, artifactOf(t)]));
}
