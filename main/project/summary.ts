// A short description of a project: what the CLI's `open` prints and what the app shows before loading a run.
import type { Project } from './project';
import { tensorsByteLength, type NamedTensors } from './tensors';
import type { RunRecord } from './types';

export interface RunSummary {
  id: string;
  label: string;
  kind: string;
  status: string;
  backend: string | null;
  device: string | null;
  step: number;
  total: number;
  metricRows: number;
  checkpoints: number;
  saved: number;
  weightTensors: number;
  parameters: number;
  bytes: number;
}

export interface DatasetSummary {
  id: string;
  name: string;
  system: string | null;
  embeddedBytes: number;
}

export interface ProjectSummary {
  name: string;
  createdAt: string;
  modifiedAt: string;
  appVersion: string;
  readFromVersion: number | null;
  datasets: DatasetSummary[];
  runs: RunSummary[];
  tensorBytes: number;
}

const count = (t: NamedTensors): number => Object.values(t).reduce((n, x) => n + x.values.length, 0);

function runBytes(r: RunRecord): number {
  let n = r.weights ? tensorsByteLength(r.weights.tensors) : 0;
  for (const c of r.checkpoints) n += tensorsByteLength(c.weights) + tensorsByteLength(c.state);
  for (const s of r.saved) n += tensorsByteLength(s.tensors);
  return n;
}

export function summarizeRun(r: RunRecord): RunSummary {
  const weights = r.weights?.tensors ?? r.checkpoints.at(-1)?.weights ?? {};
  return {
    id: r.id,
    label: r.label,
    kind: r.kind,
    status: r.status,
    backend: r.backend,
    device: r.device,
    step: r.progress.step,
    total: r.progress.total,
    metricRows: r.metrics.length,
    checkpoints: r.checkpoints.length,
    saved: r.saved.length,
    weightTensors: Object.keys(weights).length,
    parameters: count(weights),
    bytes: runBytes(r),
  };
}

export function summarizeProject(p: Project): ProjectSummary {
  const datasets = p.datasets().map((d) => ({
    id: d.id,
    name: d.name,
    system: typeof d.spec.system === 'string' ? d.spec.system : null,
    embeddedBytes: d.data ? tensorsByteLength(d.data) : 0,
  }));
  const runs = p.runs().map(summarizeRun);
  return {
    name: p.meta.name,
    createdAt: p.meta.createdAt,
    modifiedAt: p.meta.modifiedAt,
    appVersion: p.meta.appVersion,
    readFromVersion: p.meta.readFromVersion,
    datasets,
    runs,
    tensorBytes: datasets.reduce((n, d) => n + d.embeddedBytes, 0) + runs.reduce((n, r) => n + r.bytes, 0),
  };
}
