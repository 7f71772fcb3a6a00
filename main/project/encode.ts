// In-memory Project -> the current version's JSON parts plus the list of blobs they refer to. Blob paths are
// numbered in order; the tensors are not copied (the writer streams views of them).
import { encodeNumbers } from './json';
import type { Project } from './project';
import { runPartName } from './schema/read-parts';
import type { DatasetsPart, ManifestV2, RunJson, TensorRefs, UiPart } from './schema/v2';
import type { NamedTensors, Tensor } from './tensors';
import type { RunRecord } from './types';
import { CURRENT_FORMAT_VERSION, FORMAT_ID } from './version';

export interface EncodedProject {
  manifest: ManifestV2;
  /** Entry name -> JSON value, manifest first. */
  json: Array<[string, unknown]>;
  blobs: Array<{ path: string; tensor: Tensor }>;
}

export interface EncodeMeta {
  appVersion: string;
  modifiedAt: Date;
}

export function encodeProject(project: Project, meta: EncodeMeta): EncodedProject {
  const blobs: EncodedProject['blobs'] = [];
  const refs = (tensors: NamedTensors): TensorRefs => {
    const out: TensorRefs = {};
    for (const [name, tensor] of Object.entries(tensors)) {
      const path = `blobs/${blobs.length + 1}.bin`;
      blobs.push({ path, tensor });
      out[name] = { blob: path, dtype: tensor.dtype, shape: [...tensor.shape] };
    }
    return out;
  };
  const datasets: DatasetsPart = {
    datasets: project.datasets().map((d) => ({ id: d.id, name: d.name, spec: d.spec, createdAt: d.createdAt, data: d.data && refs(d.data) })),
  };
  const runs = project.runs().map((r) => encodeRun(r, refs));
  const ui: UiPart = { state: project.ui };
  const manifest: ManifestV2 = {
    format: FORMAT_ID,
    formatVersion: CURRENT_FORMAT_VERSION,
    appVersion: meta.appVersion,
    createdAt: project.meta.createdAt,
    modifiedAt: meta.modifiedAt.toISOString(),
    name: project.meta.name,
    runs: runs.map((r) => r.id),
  };
  return {
    manifest,
    json: [['manifest.json', manifest], ['datasets.json', datasets], ['ui.json', ui], ...runs.map((r): [string, unknown] => [runPartName(r.id), r])],
    blobs,
  };
}

function encodeRun(r: RunRecord, refs: (t: NamedTensors) => TensorRefs): RunJson {
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
    result: r.result && encodeNumbers(r.result),
    metrics: r.metrics.map((m) => ({ step: m.step, values: encodeNumbers(m.values) })),
    marks: r.marks,
    logs: r.logs,
    weights: r.weights && { meta: r.weights.meta, tensors: refs(r.weights.tensors) },
    checkpoints: r.checkpoints.map((c) => ({ id: c.id, step: c.step, createdAt: c.createdAt, meta: c.meta, weights: refs(c.weights), state: refs(c.state) })),
    saved: r.saved.map((s) => ({ id: s.id, kind: s.kind, name: s.name, step: s.step, createdAt: s.createdAt, meta: s.meta, tensors: refs(s.tensors) })),
    artifacts: r.artifacts,
  };
}
