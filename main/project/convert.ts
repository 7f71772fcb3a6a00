// The one walk over a run's and a dataset's fields, shared by encode (tensors -> blob references, numbers ->
// JSON-safe numbers) and decode (the reverse): each side says how a tensor group and a metric record convert,
// everything else is copied here, so a new field is added in one place and both sides visit the tensor groups in
// the same order (blob numbering and "referred to twice" messages depend on it).
import type { Checkpoint, DatasetEntry, RunRecord, SavedArrays, TensorGroup } from './types';

/** A run whose tensor groups are G (tensors, blob references, ...) and whose metric records are N. */
export type RunWith<G, N> = Omit<RunRecord, 'result' | 'metrics' | 'weights' | 'checkpoints' | 'saved'> & {
  result: N | null;
  metrics: Array<{ step: number; values: N }>;
  weights: { meta: TensorGroup['meta']; tensors: G } | null;
  checkpoints: Array<Omit<Checkpoint, 'weights' | 'state'> & { weights: G; state: G }>;
  saved: Array<Omit<SavedArrays, 'tensors'> & { tensors: G }>;
};

export type DatasetWith<G> = Omit<DatasetEntry, 'data'> & { data: G | null };

export interface Conversion<G1, G2, N1, N2> {
  /** `where` names the group in error messages, e.g. `run "r1" checkpoint "c1" weights`. */
  group(tensors: G1, where: string): G2;
  numbers(values: N1): N2;
}

export function convertRun<G1 extends object, G2, N1 extends object, N2>(r: RunWith<G1, N1>, c: Conversion<G1, G2, N1, N2>): RunWith<G2, N2> {
  const where = `run "${r.id}"`;
  return {
    id: r.id,
    label: r.label,
    kind: r.kind,
    datasetId: r.datasetId,
    config: r.config,
    backendChoice: r.backendChoice,
    backend: r.backend,
    device: r.device,
    machine: r.machine,
    status: r.status,
    error: r.error,
    timings: r.timings,
    progress: r.progress,
    result: r.result && c.numbers(r.result),
    metrics: r.metrics.map((m) => ({ step: m.step, values: c.numbers(m.values) })),
    marks: r.marks,
    logs: r.logs,
    weights: r.weights && { meta: r.weights.meta, tensors: c.group(r.weights.tensors, `${where} weights`) },
    checkpoints: r.checkpoints.map((cp) => ({
      id: cp.id,
      step: cp.step,
      createdAt: cp.createdAt,
      meta: cp.meta,
      weights: c.group(cp.weights, `${where} checkpoint "${cp.id}" weights`),
      state: c.group(cp.state, `${where} checkpoint "${cp.id}" state`),
    })),
    saved: r.saved.map((s) => ({
      id: s.id,
      kind: s.kind,
      name: s.name,
      step: s.step,
      createdAt: s.createdAt,
      meta: s.meta,
      tensors: c.group(s.tensors, `${where} saved "${s.id}"`),
    })),
    artifacts: r.artifacts,
  };
}

export function convertDataset<G1 extends object, G2>(d: DatasetWith<G1>, group: (tensors: G1, where: string) => G2): DatasetWith<G2> {
  return { id: d.id, name: d.name, spec: d.spec, createdAt: d.createdAt, data: d.data && group(d.data, `dataset "${d.id}" data`) };
}
