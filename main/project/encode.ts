// In-memory Project -> the current version's JSON parts plus the list of blobs they refer to. Blob paths are
// numbered in order; the tensors are not copied (the writer streams views of them).
import { convertDataset, convertRun } from './convert';
import { encodeNumbers } from './json';
import type { Project } from './project';
import { runPartName } from './schema/read-parts';
import type { DatasetsPart, ManifestV2, RunJson, TensorRefs, UiPart } from './schema/v2';
import type { NamedTensors, Tensor } from './tensors';
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
  const datasets: DatasetsPart = { datasets: project.datasets().map((d) => convertDataset(d, refs)) };
  const runs: RunJson[] = project.runs().map((r) => convertRun(r, { group: refs, numbers: encodeNumbers }));
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
