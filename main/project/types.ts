// The in-memory shape of a project: what a `.hsproj` holds once opened. Tensors are typed arrays; everything
// else is plain JSON-able data. Typed arrays handed to a project are treated as immutable from then on.
import type { JsonObject, JsonValue } from './json';
import type { NamedTensors } from './tensors';

export interface ProjectMeta {
  name: string;
  /** ISO 8601 dates. */
  createdAt: string;
  modifiedAt: string;
  /** The app version that last wrote the file (or this app's, for a new project). */
  appVersion: string;
  /** The format version the project was read from; null for a new project. Saving always writes the current one. */
  readFromVersion: number | null;
}

export interface DatasetEntry {
  id: string;
  name: string;
  /** The generator's spec (seeded, so the data can be regenerated): opaque to the project format. */
  spec: JsonObject;
  createdAt: string;
  /** The generated data, when the user chose to embed it. */
  data: NamedTensors | null;
}

export type RunStatus = 'queued' | 'starting' | 'running' | 'paused' | 'completed' | 'failed' | 'cancelled';
export const RUN_STATUSES: readonly RunStatus[] = ['queued', 'starting', 'running', 'paused', 'completed', 'failed', 'cancelled'];

export interface MachineInfo {
  platform: string;
  arch: string;
  cpuModel: string;
  cpus: number;
  memoryMb: number;
  node: string;
  app: string;
}

export interface RunError {
  name: string;
  message: string;
  stack?: string;
}

export interface RunTimings {
  /** Epoch milliseconds, as in JobInfo. */
  createdAt: number;
  startedAt: number | null;
  endedAt: number | null;
}

export interface RunMetricRow {
  step: number;
  /** May hold NaN and infinities (a diverged loss is history too). */
  values: Record<string, number>;
}

export interface RunMark {
  step: number;
  kind: string;
  message: string;
}

export interface RunLog {
  time: number;
  level: 'info' | 'warn' | 'error';
  message: string;
}

/** Tensors plus JSON that says what they are (format, config, ...). */
export interface TensorGroup {
  meta: JsonObject;
  tensors: NamedTensors;
}

export interface Checkpoint {
  id: string;
  step: number;
  createdAt: number;
  /** Everything besides arrays that resuming needs (step, cursor, GECO state, optimiser scalars...). */
  meta: JsonObject;
  /** Model parameters: what an export writes. Finite. */
  weights: NamedTensors;
  /** Optimiser state (e.g. "adam.m/<name>"). Finite. */
  state: NamedTensors;
}

/** A saved rollout, evaluation, set of samples or array artifact. NaN allowed (a diverged rollout is a result). */
export interface SavedArrays {
  id: string;
  /** 'rollout' | 'evaluation' | 'samples' | 'artifact' or a newer kind. */
  kind: string;
  name: string;
  step: number | null;
  createdAt: number;
  meta: JsonObject;
  tensors: NamedTensors;
}

export interface RunRecord {
  id: string;
  label: string;
  /** The job kind ('hnn', 'hgn', 'flow', ...). */
  kind: string;
  datasetId: string | null;
  /** The job config, as the job ran it: opaque to the project format, bounded JSON. */
  config: JsonObject;
  backendChoice: string;
  backend: string | null;
  device: string | null;
  machine: MachineInfo | null;
  status: RunStatus;
  error: RunError | null;
  timings: RunTimings;
  progress: { step: number; total: number };
  result: Record<string, number> | null;
  metrics: RunMetricRow[];
  marks: RunMark[];
  logs: RunLog[];
  /** Final weights. Finite. */
  weights: TensorGroup | null;
  checkpoints: Checkpoint[];
  saved: SavedArrays[];
  /** Latest JSON artifacts by name. */
  artifacts: Record<string, JsonValue>;
}

/** What `addRun` needs: an id is assigned when absent, history and arrays default to empty. */
export type NewRun = Pick<RunRecord, 'kind' | 'config'> & Partial<RunRecord>;

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
export const MARK_KIND_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;
