// A content-addressed dataset cache: <dir>/<specHash>.hsds, where specHash covers the resolved spec and the
// generator and format versions (so a generator upgrade misses the old files instead of serving stale data).
import fs from 'node:fs/promises';
import path from 'node:path';
import { decodeDataset, encodeDatasetParts, headerByteLength, readDatasetHeader, type DatasetHeader } from '../../core/data/format';
import { datasetSpecHash, resolveDatasetSpec, type DatasetSpec, type ResolvedDatasetSpec } from '../../core/data/spec';
import type { Dataset } from '../../core/data/dataset';
import { writeFileAtomic } from '../../files/atomic';
import { nodeSha256 } from '../../jobs/node-hash';
import { abortError, generateInProcess, type ProgressListener } from './generate-in-process';

export const DATASET_EXTENSION = '.hsds';

/**
 * Produces the dataset for a spec; the default runs in-process. Plug a worker-backed one in the app: it may return
 * the encoded file (e.g. the 'dataset' artifact of the generate-dataset runner), which is verified and written as is.
 */
export type DatasetProducer = (
  spec: ResolvedDatasetSpec,
  onProgress?: ProgressListener,
  signal?: AbortSignal,
) => Promise<Dataset | Uint8Array>;

export interface CacheEntry {
  key: string;
  path: string;
  bytes: number;
  modified: Date;
  header: DatasetHeader;
}

export interface CachedDataset {
  entry: CacheEntry;
  dataset: Dataset;
  /** True when the file was already there (nothing was generated). */
  fromCache: boolean;
}

export class DatasetCache {
  private readonly inFlight = new Map<string, Promise<CachedDataset>>();

  constructor(
    readonly dir: string,
    private readonly produce: DatasetProducer = (spec, onProgress, signal) => generateInProcess(spec, onProgress, signal),
  ) {}

  /** The cache key (spec hash) of a spec; throws on an invalid spec. */
  keyOf(spec: DatasetSpec): string {
    return datasetSpecHash(resolveDatasetSpec(spec));
  }

  pathOf(key: string): string {
    if (!/^[0-9a-f]{64}$/.test(key)) throw new Error(`not a dataset key: '${key}'`);
    return path.join(this.dir, key + DATASET_EXTENSION);
  }

  async has(spec: DatasetSpec): Promise<boolean> {
    return fs.access(this.pathOf(this.keyOf(spec))).then(
      () => true,
      () => false,
    );
  }

  /**
   * The dataset for `spec`, from the cache when present and intact, otherwise generated, written atomically and
   * returned. Concurrent calls for the same spec share one generation; an aborted call leaves no file behind.
   */
  getOrGenerate(spec: DatasetSpec, onProgress?: ProgressListener, signal?: AbortSignal): Promise<CachedDataset> {
    const resolved = resolveDatasetSpec(spec);
    const key = datasetSpecHash(resolved);
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const job = this.loadOrGenerate(key, resolved, onProgress, signal).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, job);
    return job;
  }

  private async loadOrGenerate(
    key: string,
    spec: ResolvedDatasetSpec,
    onProgress?: ProgressListener,
    signal?: AbortSignal,
  ): Promise<CachedDataset> {
    const cached = await this.load(key).catch(() => null);
    if (cached) return { ...cached, fromCache: true };
    const produced = await this.produce(spec, onProgress, signal);
    if (signal?.aborted) throw abortError(signal);
    let parts: Uint8Array[];
    let header: DatasetHeader;
    let dataset: Dataset;
    if (produced instanceof Uint8Array) {
      ({ header, dataset } = decodeDataset(produced, { hasher: nodeSha256 }));
      if (header.specHash !== key) throw new Error(`the producer returned dataset ${header.specHash}, not ${key}`);
      parts = [produced];
    } else {
      dataset = produced;
      ({ parts, header } = encodeDatasetParts(dataset, nodeSha256));
    }
    const file = this.pathOf(key);
    await writeFileAtomic(file, parts);
    const stat = await fs.stat(file);
    return { entry: { key, path: file, bytes: stat.size, modified: stat.mtime, header }, dataset, fromCache: false };
  }

  /** Reads and verifies a cached dataset; a corrupt file is deleted and reported as an error. */
  async load(key: string): Promise<{ entry: CacheEntry; dataset: Dataset }> {
    const file = this.pathOf(key);
    const [bytes, stat] = await Promise.all([fs.readFile(file), fs.stat(file)]);
    try {
      const { header, dataset } = decodeDataset(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
        hasher: nodeSha256,
      });
      if (header.specHash !== key) throw new Error(`file ${file} holds dataset ${header.specHash}, not ${key}`);
      return { entry: { key, path: file, bytes: stat.size, modified: stat.mtime, header }, dataset };
    } catch (err) {
      await fs.rm(file, { force: true });
      throw err;
    }
  }

  /** Every readable dataset in the cache (headers only), newest first. Unreadable files are skipped. */
  async list(): Promise<CacheEntry[]> {
    const names = await fs.readdir(this.dir).catch(() => [] as string[]);
    const entries: CacheEntry[] = [];
    for (const name of names) {
      if (!name.endsWith(DATASET_EXTENSION) || name.startsWith('.')) continue;
      const key = name.slice(0, -DATASET_EXTENSION.length);
      if (!/^[0-9a-f]{64}$/.test(key)) continue;
      const header = await readHeaderOf(path.join(this.dir, name)).catch(() => null);
      if (!header) continue;
      const stat = await fs.stat(path.join(this.dir, name));
      entries.push({ key, path: path.join(this.dir, name), bytes: stat.size, modified: stat.mtime, header });
    }
    return entries.sort((a, b) => b.modified.getTime() - a.modified.getTime() || a.key.localeCompare(b.key));
  }

  /** Removes a dataset; true if there was one. */
  async delete(key: string): Promise<boolean> {
    const file = this.pathOf(key);
    try {
      await fs.rm(file);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
  }
}

/** Reads just the header of a dataset file (a few kilobytes, whatever the file size). */
export async function readHeaderOf(file: string): Promise<DatasetHeader> {
  const handle = await fs.open(file, 'r');
  try {
    const prefix = new Uint8Array(8);
    await handle.read(prefix, 0, 8, 0);
    const end = headerByteLength(prefix);
    if (end > 64 * 1024 * 1024) throw new Error('dataset header implausibly large');
    const bytes = new Uint8Array(end);
    await handle.read(bytes, 0, end, 0);
    return readDatasetHeader(bytes);
  } finally {
    await handle.close();
  }
}
