// Current-version JSON parts + the archive's blobs -> an in-memory Project. Every blob reference is checked
// (exists, used once, size = dtype x shape) before any blob is read, so a lying file allocates nothing.
import { convertDataset, convertRun, type DatasetWith, type RunWith } from './convert';
import { ProjectError, quoteName } from './errors';
import { decodeNumbers, type EncodedNumber, type JsonValue } from './json';
import { Project } from './project';
import type { PartsV2, TensorRef, TensorRefs } from './schema/v2';
import { byteLengthOf, tensorFromBytes, type NamedTensors, type Tensor } from './tensors';
import type { ProjectMeta } from './types';
import type { Archive, ArchiveEntry } from './zip/archive';
import type { ReadLimits } from './zip/limits';

type EncodedNumbers = Record<string, EncodedNumber>;

interface PlannedBlob {
  ref: TensorRef;
  entry: ArchiveEntry;
  where: string;
  tensor: Tensor | null;
}

/** Collects every reference first, checks them all, then reads blobs in archive order. */
class BlobPlan {
  private readonly byPath = new Map<string, PlannedBlob>();
  private readonly groups: Array<{ tensors: NamedTensors; planned: ReadonlyArray<readonly [string, PlannedBlob]> }> = [];
  private total = 0;

  constructor(
    private readonly archive: Archive,
    private readonly limits: ReadLimits,
  ) {}

  /** Registers the references of a group; returns the group, empty until readAll fills it. */
  group(refs: TensorRefs, where: string): NamedTensors {
    const planned = Object.entries(refs).map(([name, ref]) => [name, this.add(ref, `${where}, tensor "${name}"`)] as const);
    const tensors: NamedTensors = {};
    this.groups.push({ tensors, planned });
    return tensors;
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
    const byEntry = new Map(planned.map((p) => [p.entry, p]));
    await this.archive.readMany(
      planned.map((p) => p.entry),
      (entry, bytes) => {
        const p = byEntry.get(entry)!;
        p.tensor = tensorFromBytes(p.ref.dtype, [...p.ref.shape], bytes);
      },
    );
    // Filled in reference order, not archive order, so a group's names keep the order its part gave them.
    for (const g of this.groups) for (const [name, p] of g.planned) g.tensors[name] = p.tensor!;
  }
}

export async function decodeProject(parts: PartsV2, archive: Archive, limits: ReadLimits, readFromVersion: number): Promise<Project> {
  const plan = new BlobPlan(archive, limits);
  const group = (refs: TensorRefs, where: string) => plan.group(refs, where);
  // The schemas checked that configs, specs, metas and artifacts are bounded JSON; their types only say unknown.
  const datasets = parts.datasets.datasets.map((d) => convertDataset(d as DatasetWith<TensorRefs>, group));
  const runs = parts.runs.map((r) => convertRun(r as RunWith<TensorRefs, EncodedNumbers>, { group, numbers: decodeNumbers }));
  plan.assertAllReferenced();
  await plan.readAll();
  const m = parts.manifest;
  const meta: ProjectMeta = { name: m.name, createdAt: m.createdAt, modifiedAt: m.modifiedAt, appVersion: m.appVersion, readFromVersion };
  try {
    return Project.fromParts(meta, datasets, runs, parts.ui.state as JsonValue);
  } catch (e) {
    // The schemas let through what only the model checks catch (NaN weights, ...): same message, a reader's code.
    if (e instanceof ProjectError && e.code === 'invalid') throw new ProjectError('schema', e.message, { cause: e });
    throw e;
  }
}
