// Migrations between format versions. Each step turns the parsed JSON parts of version v into those of v + 1;
// blobs never move (their paths are kept), so a migration touches JSON only. Reading an old file runs every step
// up to the current version; saving then writes the current version.
import { ProjectError } from './errors';
import { JsonParts, parsePart } from './schema/json-parts';
import { readPartsV1, readPartsV2 } from './schema/read-parts';
import type { PartsV1 } from './schema/v1';
import { DatasetsPartSchema, ManifestV2Schema, RunJsonSchema, UiPartSchema, type PartsV2, type RunJson } from './schema/v2';
import { CURRENT_FORMAT_VERSION, FORMAT_ID, OLDEST_FORMAT_VERSION } from './version';

/** v1 -> v2: the manifest gains dates and the name; datasets and UI state get their own parts; runs gain
 * everything v1 did not record (left empty or null), and weights become dtype-tagged tensor groups. */
export function migrateV1toV2(v1: PartsV1): PartsV2 {
  const savedAt = v1.manifest.savedAt;
  const savedMs = Date.parse(savedAt);
  const runs: RunJson[] = v1.runs.map((r) => ({
    id: r.id,
    label: r.id,
    kind: r.kind,
    datasetId: null,
    config: r.config,
    backendChoice: 'auto',
    backend: r.backend,
    device: null,
    machine: null,
    status: r.status,
    error: null,
    timings: { createdAt: savedMs, startedAt: null, endedAt: null },
    progress: { step: r.metrics.at(-1)?.step ?? 0, total: r.metrics.at(-1)?.step ?? 0 },
    result: null,
    metrics: r.metrics,
    marks: [],
    logs: [],
    weights:
      r.weights.length === 0
        ? null
        : { meta: { migratedFrom: 1 }, tensors: Object.fromEntries(r.weights.map((w) => [w.name, { blob: w.blob, dtype: 'float32' as const, shape: w.shape }])) },
    checkpoints: [],
    saved: [],
    artifacts: {},
  }));
  return {
    manifest: {
      format: FORMAT_ID,
      formatVersion: 2,
      appVersion: v1.manifest.app,
      createdAt: savedAt,
      modifiedAt: savedAt,
      name: v1.project.name,
      runs: v1.project.runs,
    },
    datasets: { datasets: v1.project.datasets.map((d) => ({ id: d.id, name: d.id, spec: d.spec, createdAt: savedAt, data: null })) },
    ui: { state: null },
    runs,
  };
}

/** The current-version parts of a project whose JSON entries are `json`, saved in format `version`. */
export function readCurrentParts(version: number, json: JsonParts): PartsV2 {
  if (version > CURRENT_FORMAT_VERSION) throw futureVersion(version, '');
  if (!Number.isInteger(version) || version < OLDEST_FORMAT_VERSION) {
    throw new ProjectError('unsupported-version', `format version ${String(version)} does not exist (this app reads versions ${OLDEST_FORMAT_VERSION} to ${CURRENT_FORMAT_VERSION})`);
  }
  if (version === 2) return readPartsV2(json);
  return recheck(migrateV1toV2(readPartsV1(json)));
}

/** A migration's output must pass the current schemas like a freshly read file. */
function recheck(p: PartsV2): PartsV2 {
  return {
    manifest: parsePart('manifest.json (migrated)', ManifestV2Schema, p.manifest),
    datasets: parsePart('datasets.json (migrated)', DatasetsPartSchema, p.datasets),
    ui: parsePart('ui.json (migrated)', UiPartSchema, p.ui),
    runs: p.runs.map((r) => parsePart(`runs/${r.id}.json (migrated)`, RunJsonSchema, r)),
  };
}

export function futureVersion(version: number, appVersion: string): ProjectError {
  const by = appVersion ? ` by Hamiltonian Studio ${appVersion}` : '';
  return new ProjectError(
    'future-version',
    `this project was saved${by} in format version ${version}; this app reads versions up to ${CURRENT_FORMAT_VERSION}. Update the app to open it.`,
  );
}
