// Current-version JSON parts + the archive's blobs -> an in-memory Project. Every blob reference is checked
// (exists, used once, size = dtype x shape) before any blob is read, so a lying file allocates nothing.
import { ProjectError, quoteName } from './errors';
import { decodeNumbers, type JsonObject, type JsonValue } from './json';
import { Project } from './project';
import type { PartsV2, RunJson, TensorRef, TensorRefs } from './schema/v2';
import { byteLengthOf, tensorFromBytes, type NamedTensors, type Tensor } from './tensors';
import type { DatasetEntry, ProjectMeta, RunRecord } from './types';
import type { Archive, ArchiveEntry } from './zip/archive';
import type { ReadLimits } from './zip/limits';

interface PlannedBlob {
  ref: TensorRef;
  entry: ArchiveEntry;
  where: string;
  tensor: Tensor | null;
}

/** Collects every reference first, checks them all, then reads blobs in archive order. */
class BlobPlan {
  private readonly byPath = new Map<string, PlannedBlob>();
  private total = 0;

  constructor(
    private readonly archive: Archive,
    private readonly limits: ReadLimits,
  ) {}

  /** Registers the references of a group; returns a thunk that builds the group once blobs are read. */
  group(refs: TensorRefs, where: string): () => NamedTensors {
    const planned = Object.entries(refs).map(([name, ref]) => [name, this.add(ref, `${where}, tensor "${name}"`)] as const);
    return () => Object.fromEntries(planned.map(([name, p]) => [name, p.tensor!]));
  }

  private add(ref: TensorRef, where: string): PlannedBlob {
    const entry = this.archive.get(ref.blob);
    if (!entry) throw new ProjectError('missing-part', `${ref.blob} is missing (${where} refers to it)`);
    const previous = this.byPath.get(ref.blob);
    if (previous) throw new ProjectError('schema', `${ref.blob} is referred to twice (${previous.where}; ${where})`);
    const expected = byteLengthOf(ref.dtype, ref.shape);
    if (!Number.isSafeInteger(expected) || expected > this.limits.maxBlobBytes) {
      throw new ProjectError('too-large', `${where}: shape [${ref.shape.join(', ')}] is larger than a blob may be`);
    }
    if (entry.uncompressedSize !== expected) {
      throw new ProjectError(
        'bad-blob',
        `${where}: a ${ref.dtype} tensor of shape [${ref.shape.join(', ')}] needs ${expected} bytes, but ${ref.blob} holds ${entry.uncompressedSize}`,
      );
    }
    this.total += expected;
    if (this.total > this.limits.maxTotalBytes) throw new ProjectError('too-large', `the project's tensors exceed ${this.limits.maxTotalBytes} bytes`);
    const p: PlannedBlob = { ref, entry, where, tensor: null };
    this.byPath.set(ref.blob, p);
    return p;
  }

  /** Every blob entry must be referred to: a project holds nothing unexplained. */
  assertAllReferenced(): void {
    for (const e of this.archive.entries()) {
      if (e.kind === 'blob' && !this.byPath.has(e.name)) throw new ProjectError('unexpected-entry', `${quoteName(e.name)} is not referred to by any part of the project`);
    }
  }

  async readAll(): Promise<void> {
    const planned = [...this.byPath.values()];
    const targets = planned.map((p) => ({ entry: p.entry, target: new Uint8Array(p.entry.uncompressedSize) }));
    await this.archive.readMany(targets);
    planned.forEach((p, i) => (p.tensor = tensorFromBytes(p.ref.dtype, [...p.ref.shape], targets[i].target)));
  }
}

type Builder<T> = () => T;

function planRun(r: RunJson, plan: BlobPlan): Builder<RunRecord> {
  const where = `run "${r.id}"`;
  const weights = r.weights && { meta: r.weights.meta as JsonObject, tensors: plan.group(r.weights.tensors, `${where} weights`) };
  const checkpoints = r.checkpoints.map((c) => ({
    c,
    weights: plan.group(c.weights, `${where} checkpoint "${c.id}" weights`),
    state: plan.group(c.state, `${where} checkpoint "${c.id}" state`),
  }));
  const saved = r.saved.map((s) => ({ s, tensors: plan.group(s.tensors, `${where} saved "${s.id}"`) }));
  return () => ({
    id: r.id,
    label: r.label,
    kind: r.kind,
    datasetId: r.datasetId,
    config: r.config as JsonObject,
    backendChoice: r.backendChoice,
    backend: r.backend,
    device: r.device,
    machine: r.machine,
    status: r.status,
    error: r.error,
    timings: r.timings,
    progress: r.progress,
    result: r.result && decodeNumbers(r.result),
    metrics: r.metrics.map((m) => ({ step: m.step, values: decodeNumbers(m.values) })),
    marks: r.marks,
    logs: r.logs,
    weights: weights && { meta: weights.meta, tensors: weights.tensors() },
    checkpoints: checkpoints.map(({ c, weights: w, state }) => ({ id: c.id, step: c.step, createdAt: c.createdAt, meta: c.meta as JsonObject, weights: w(), state: state() })),
    saved: saved.map(({ s, tensors }) => ({ id: s.id, kind: s.kind, name: s.name, step: s.step, createdAt: s.createdAt, meta: s.meta as JsonObject, tensors: tensors() })),
    artifacts: r.artifacts as Record<string, JsonValue>,
  });
}

export async function decodeProject(parts: PartsV2, archive: Archive, limits: ReadLimits, readFromVersion: number): Promise<Project> {
  const plan = new BlobPlan(archive, limits);
  const datasets: Array<Builder<DatasetEntry>> = parts.datasets.datasets.map((d) => {
    const data = d.data && plan.group(d.data, `dataset "${d.id}" data`);
    return () => ({ id: d.id, name: d.name, spec: d.spec as JsonObject, createdAt: d.createdAt, data: data && data() });
  });
  const runs = parts.runs.map((r) => planRun(r, plan));
  plan.assertAllReferenced();
  await plan.readAll();
  const m = parts.manifest;
  const meta: ProjectMeta = { name: m.name, createdAt: m.createdAt, modifiedAt: m.modifiedAt, appVersion: m.appVersion, readFromVersion };
  try {
    return Project.fromParts(meta, datasets.map((b) => b()), runs.map((b) => b()), parts.ui.state as JsonValue);
  } catch (e) {
    // The schemas let through what only the model checks catch (NaN weights, ...): same message, a reader's code.
    if (e instanceof ProjectError && e.code === 'invalid') throw new ProjectError('schema', e.message, { cause: e });
    throw e;
  }
}
