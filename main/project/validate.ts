// Checks on in-memory projects: what the writer refuses to save because the reader would refuse to open it.
import { ProjectError } from './errors';
import { assertJson, isJsonObject } from './json';
import { assertTensors } from './tensors';
import { ID_PATTERN, MARK_KIND_PATTERN, RUN_STATUSES, type DatasetEntry, type RunRecord } from './types';

export const MAX_UI_BYTES = 1 << 20;
export const MAX_NAME_LENGTH = 200;

const fail = (message: string): never => {
  throw new ProjectError('invalid', message);
};

export function assertId(id: unknown, what: string): asserts id is string {
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
    fail(`${what} id ${JSON.stringify(String(id).slice(0, 80))} must be 1-64 letters, digits, '_', '.' or '-', starting with a letter or digit`);
  }
}

function assertText(v: unknown, where: string, max: number, allowEmpty = false): void {
  if (typeof v !== 'string' || v.length > max || (!allowEmpty && v.length === 0)) fail(`${where} must be a string of ${allowEmpty ? 0 : 1}-${max} characters`);
}

function assertCount(v: unknown, where: string): void {
  if (!Number.isSafeInteger(v) || (v as number) < 0) fail(`${where} must be a non-negative integer`);
}

function assertTime(v: unknown, where: string, nullable: boolean): void {
  if (nullable && v === null) return;
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${where} must be a time in epoch milliseconds`);
}

function assertIsoDate(v: unknown, where: string): void {
  if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) fail(`${where} must be an ISO date`);
}

function assertObject(v: unknown, where: string): void {
  if (!isJsonObject(v)) fail(`${where} must be a JSON object`);
  assertJson(v, where);
}

function assertUniqueIds(items: ReadonlyArray<{ id: string }>, where: string): void {
  const ids = new Set<string>();
  for (const { id } of items) {
    assertId(id, where);
    if (ids.has(id)) fail(`${where} id "${id}" is used twice`);
    ids.add(id);
  }
}

export function validateDataset(d: DatasetEntry): void {
  assertId(d.id, 'dataset');
  const where = `dataset "${d.id}"`;
  assertText(d.name, `${where}: name`, MAX_NAME_LENGTH);
  assertObject(d.spec, `${where}: spec`);
  assertIsoDate(d.createdAt, `${where}: createdAt`);
  if (d.data !== null) assertTensors(d.data, `${where}: data`, false);
}

export function validateRun(r: RunRecord): void {
  assertId(r.id, 'run');
  const where = `run "${r.id}"`;
  assertText(r.label, `${where}: label`, MAX_NAME_LENGTH);
  if (typeof r.kind !== 'string' || !/^[a-z][a-z0-9-]{0,39}$/.test(r.kind)) fail(`${where}: kind must be a short lower-case name`);
  if (r.datasetId !== null) assertId(r.datasetId, `${where}: dataset`);
  assertObject(r.config, `${where}: config`);
  assertText(r.backendChoice, `${where}: backendChoice`, 40);
  if (r.backend !== null) assertText(r.backend, `${where}: backend`, 40);
  if (r.device !== null) assertText(r.device, `${where}: device`, 200);
  if (r.machine !== null) assertJson(r.machine, `${where}: machine`);
  if (!RUN_STATUSES.includes(r.status)) fail(`${where}: unknown status ${JSON.stringify(r.status)}`);
  if (r.error !== null) assertJson(r.error, `${where}: error`);
  assertTime(r.timings.createdAt, `${where}: timings.createdAt`, false);
  assertTime(r.timings.startedAt, `${where}: timings.startedAt`, true);
  assertTime(r.timings.endedAt, `${where}: timings.endedAt`, true);
  assertCount(r.progress.step, `${where}: progress.step`);
  assertCount(r.progress.total, `${where}: progress.total`);
  if (r.result !== null && (!isJsonObject(r.result) || !Object.values(r.result).every((v) => typeof v === 'number'))) {
    fail(`${where}: result must map names to numbers`);
  }
  r.metrics.forEach((m, i) => {
    assertCount(m.step, `${where}: metrics[${i}].step`);
    if (!isJsonObject(m.values) || !Object.values(m.values).every((v) => typeof v === 'number')) fail(`${where}: metrics[${i}].values must map names to numbers`);
  });
  r.marks.forEach((m, i) => {
    assertCount(m.step, `${where}: marks[${i}].step`);
    if (typeof m.kind !== 'string' || !MARK_KIND_PATTERN.test(m.kind)) fail(`${where}: marks[${i}].kind is not a mark kind`);
    assertText(m.message, `${where}: marks[${i}].message`, 10_000, true);
  });
  r.logs.forEach((l, i) => {
    assertTime(l.time, `${where}: logs[${i}].time`, false);
    if (!['info', 'warn', 'error'].includes(l.level)) fail(`${where}: logs[${i}].level must be info, warn or error`);
    assertText(l.message, `${where}: logs[${i}].message`, 100_000, true);
  });
  if (r.weights !== null) {
    assertObject(r.weights.meta, `${where}: weights.meta`);
    assertTensors(r.weights.tensors, `${where}: weights`, true);
  }
  assertUniqueIds(r.checkpoints, `${where}: checkpoint`);
  for (const c of r.checkpoints) {
    assertCount(c.step, `${where}: checkpoint "${c.id}" step`);
    assertTime(c.createdAt, `${where}: checkpoint "${c.id}" createdAt`, false);
    assertObject(c.meta, `${where}: checkpoint "${c.id}" meta`);
    assertTensors(c.weights, `${where}: checkpoint "${c.id}" weights`, true);
    assertTensors(c.state, `${where}: checkpoint "${c.id}" state`, true);
  }
  assertUniqueIds(r.saved, `${where}: saved item`);
  for (const s of r.saved) {
    if (typeof s.kind !== 'string' || !MARK_KIND_PATTERN.test(s.kind)) fail(`${where}: saved "${s.id}" kind is not a short lower-case name`);
    assertText(s.name, `${where}: saved "${s.id}" name`, MAX_NAME_LENGTH);
    if (s.step !== null) assertCount(s.step, `${where}: saved "${s.id}" step`);
    assertTime(s.createdAt, `${where}: saved "${s.id}" createdAt`, false);
    assertObject(s.meta, `${where}: saved "${s.id}" meta`);
    assertTensors(s.tensors, `${where}: saved "${s.id}"`, false);
  }
  if (!isJsonObject(r.artifacts)) fail(`${where}: artifacts must be an object`);
  assertJson(r.artifacts, `${where}: artifacts`);
}

export function validateUi(ui: unknown): void {
  assertJson(ui, 'UI state', MAX_UI_BYTES);
}

export function validateAll(datasets: readonly DatasetEntry[], runs: readonly RunRecord[], ui: unknown): void {
  assertUniqueIds(datasets, 'dataset');
  assertUniqueIds(runs, 'run');
  datasets.forEach(validateDataset);
  runs.forEach(validateRun);
  validateUi(ui);
}
