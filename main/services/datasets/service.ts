// Datasets as the app offers them: generated in a worker job (progress, cancel), verified, written atomically
// into the content-addressed cache, listed and deleted. A spec already in the cache is reused, not regenerated.
import type { BackendChoice, DatasetEntry, DatasetGenerateResult, DatasetSpec } from '../../../preload/contract';
import { decodeDataset } from '../../core/data/format';
import { getSystem } from '../../core/physics/systems';
import type { EventSink, JobManager } from '../jobs/job-manager';
import { DatasetCache } from './cache';
import { writeFileAtomic } from '../../files/atomic';
import { nodeSha256 } from '../../jobs/node-hash';

export class DatasetsService {
  readonly cache: DatasetCache;

  constructor(
    dir: string,
    private readonly jobs: JobManager,
    private readonly emit: EventSink,
  ) {
    this.cache = new DatasetCache(dir);
  }

  async list(): Promise<DatasetEntry[]> {
    return (await this.cache.list()).map((e) => ({
      key: e.key,
      bytes: e.bytes,
      modified: e.modified.getTime(),
      spec: e.header.spec as DatasetSpec,
      systemLabel: e.header.system.label,
    }));
  }

  async generate(spec: DatasetSpec, backend: BackendChoice = 'cpu'): Promise<DatasetGenerateResult> {
    const key = this.cache.keyOf(spec);
    if (await this.cache.has(spec)) return { key, jobId: null, cached: true };
    const label = `dataset ${getSystem(spec.system).label} ${spec.train}+${spec.test}`;
    const job = this.jobs.start({ kind: 'dataset', spec }, backend, label);
    this.store(job.id, key).then(
      (stored) => stored && this.emit('datasets:changed', { key, change: 'added' }),
      (err: unknown) => this.emit('datasets:changed', { key, change: 'failed', message: err instanceof Error ? err.message : String(err) }),
    );
    return { key, jobId: job.id, cached: false };
  }

  /** When the job completes, checks the bytes against their content hash and the spec, then writes them. */
  private async store(jobId: string, key: string): Promise<boolean> {
    const info = await this.jobs.whenFinished(jobId);
    const artifact = this.jobs.takeArtifact(jobId, 'dataset');
    if (info.status !== 'completed' || artifact?.kind !== 'u8') return false;
    const { header } = decodeDataset(artifact.values, { hasher: nodeSha256 });
    if (header.specHash !== key) throw new Error(`dataset job ${jobId} produced ${header.specHash}, expected ${key}`);
    await writeFileAtomic(this.cache.pathOf(key), [artifact.values]);
    return true;
  }

  async delete(key: string): Promise<boolean> {
    const deleted = await this.cache.delete(key);
    if (deleted) this.emit('datasets:changed', { key, change: 'deleted' });
    return deleted;
  }
}
