// The in-memory project: datasets, runs and UI state, with a revision counter that every change bumps (the dirty
// marker compares it with the revision last saved). Every change is validated, so what is in a Project can be saved.
import { ProjectError } from './errors';
import type { JsonObject, JsonValue } from './json';
import type { NamedTensors } from './tensors';
import type { Checkpoint, DatasetEntry, NewRun, ProjectMeta, RunRecord, SavedArrays } from './types';
import { assertId, MAX_NAME_LENGTH, validateAll, validateDataset, validateRun, validateUi } from './validate';

export interface CreateOptions {
  name?: string;
  appVersion?: string;
  now?: Date;
}

export class Project {
  private readonly datasetList: DatasetEntry[] = [];
  private readonly runList: RunRecord[] = [];
  private uiState: JsonValue = null;
  private rev = 0;

  private constructor(readonly meta: ProjectMeta) {}

  static create(opts: CreateOptions = {}): Project {
    const now = (opts.now ?? new Date()).toISOString();
    const name = opts.name ?? 'Untitled';
    if (name.length === 0 || name.length > MAX_NAME_LENGTH) throw new ProjectError('invalid', `project name must have 1-${MAX_NAME_LENGTH} characters`);
    return new Project({ name, createdAt: now, modifiedAt: now, appVersion: opts.appVersion ?? '0.0.0', readFromVersion: null });
  }

  /** Builds a project from decoded parts (the reader's entry point); validates everything. */
  static fromParts(meta: ProjectMeta, datasets: DatasetEntry[], runs: RunRecord[], ui: JsonValue): Project {
    validateAll(datasets, runs, ui);
    const p = new Project({ ...meta });
    p.datasetList.push(...datasets);
    p.runList.push(...runs);
    p.uiState = ui;
    return p;
  }

  /** Bumped by every change. */
  get revision(): number {
    return this.rev;
  }

  get name(): string {
    return this.meta.name;
  }

  get ui(): JsonValue {
    return this.uiState;
  }

  datasets(): readonly DatasetEntry[] {
    return this.datasetList;
  }

  runs(): readonly RunRecord[] {
    return this.runList;
  }

  getRun(id: string): RunRecord {
    const run = this.runList.find((r) => r.id === id);
    if (!run) throw new ProjectError('invalid', `the project has no run "${id}"`);
    return run;
  }

  hasRun(id: string): boolean {
    return this.runList.some((r) => r.id === id);
  }

  getDataset(id: string): DatasetEntry {
    const d = this.datasetList.find((x) => x.id === id);
    if (!d) throw new ProjectError('invalid', `the project has no dataset "${id}"`);
    return d;
  }

  rename(name: string): void {
    if (typeof name !== 'string' || name.length === 0 || name.length > MAX_NAME_LENGTH) {
      throw new ProjectError('invalid', `project name must have 1-${MAX_NAME_LENGTH} characters`);
    }
    this.meta.name = name;
    this.touch();
  }

  /** Adds a dataset, or replaces the one with the same id. */
  putDataset(d: DatasetEntry): void {
    validateDataset(d);
    putById(this.datasetList, d);
    this.touch();
  }

  removeDataset(id: string): void {
    this.getDataset(id);
    this.datasetList.splice(this.datasetList.findIndex((x) => x.id === id), 1);
    this.touch();
  }

  /** A fresh run id: "run-N" with N one past the largest in use. */
  nextRunId(): string {
    let max = 0;
    for (const r of this.runList) {
      const m = /^run-(\d{1,9})$/.exec(r.id);
      if (m) max = Math.max(max, Number(m[1]));
    }
    return `run-${max + 1}`;
  }

  /** Adds a new run (fails if its id is taken); missing fields get empty defaults. Returns the stored record. */
  addRun(input: NewRun): RunRecord {
    const run = completeRun(input, input.id ?? this.nextRunId());
    if (this.hasRun(run.id)) throw new ProjectError('invalid', `the project already has a run "${run.id}"`);
    validateRun(run);
    this.runList.push(run);
    this.touch();
    return run;
  }

  /** Replaces the run with the same id, or adds it. */
  putRun(run: RunRecord): void {
    validateRun(run);
    putById(this.runList, run);
    this.touch();
  }

  removeRun(id: string): void {
    this.getRun(id);
    this.runList.splice(this.runList.findIndex((r) => r.id === id), 1);
    this.touch();
  }

  /** Sets a run's final weights (finite float tensors, checked). */
  setWeights(runId: string, tensors: NamedTensors, meta: JsonObject = {}): void {
    this.update(runId, (r) => ({ ...r, weights: { meta, tensors } }));
  }

  /** Adds a checkpoint, or replaces the one with the same id. */
  addCheckpoint(runId: string, c: Checkpoint): void {
    this.update(runId, (r) => ({ ...r, checkpoints: [...r.checkpoints.filter((x) => x.id !== c.id), c] }));
  }

  /** Adds a saved rollout / evaluation / samples, or replaces the one with the same id. */
  addSaved(runId: string, s: SavedArrays): void {
    this.update(runId, (r) => ({ ...r, saved: [...r.saved.filter((x) => x.id !== s.id), s] }));
  }

  setUi(state: JsonValue): void {
    validateUi(state);
    this.uiState = state;
    this.touch();
  }

  /** Marks the project changed; for callers that mutated a record in place (then `validate()` before saving). */
  touch(): void {
    this.rev++;
  }

  /** Re-checks everything (the writer calls this before saving). */
  validate(): void {
    validateAll(this.datasetList, this.runList, this.uiState);
  }

  private update(runId: string, change: (r: RunRecord) => RunRecord): void {
    assertId(runId, 'run');
    const next = change(this.getRun(runId));
    validateRun(next);
    this.runList[this.runList.findIndex((r) => r.id === runId)] = next;
    this.touch();
  }
}

/** Replaces the item with the same id where it stands, or appends it. */
function putById<T extends { id: string }>(list: T[], item: T): void {
  const i = list.findIndex((x) => x.id === item.id);
  if (i >= 0) list[i] = item;
  else list.push(item);
}

export function completeRun(input: NewRun, id: string): RunRecord {
  return {
    id,
    label: input.label ?? id,
    kind: input.kind,
    datasetId: input.datasetId ?? null,
    config: input.config,
    backendChoice: input.backendChoice ?? 'auto',
    backend: input.backend ?? null,
    device: input.device ?? null,
    machine: input.machine ?? null,
    status: input.status ?? 'completed',
    error: input.error ?? null,
    timings: input.timings ?? { createdAt: Date.now(), startedAt: null, endedAt: null },
    progress: input.progress ?? { step: 0, total: 0 },
    result: input.result ?? null,
    metrics: input.metrics ?? [],
    marks: input.marks ?? [],
    logs: input.logs ?? [],
    weights: input.weights ?? null,
    checkpoints: input.checkpoints ?? [],
    saved: input.saved ?? [],
    artifacts: input.artifacts ?? {},
  };
}
