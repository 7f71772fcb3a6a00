// The queue of training jobs and their workers. Owns scheduling, cancel/pause, and turning worker messages
// into contract events. A worker that throws or crashes fails its own job; everything else keeps running.
// The shared native worker is retired (forgotten first, then terminated) whenever it cannot host the next job:
// its backend failed to load, it crashed or exited, a force-cancel terminates it, or the next job forces another
// backend. The next native job then gets a fresh worker, never one that is dying or was loaded for another choice.
import os from 'node:os';
import type {
  ArtifactData, BackendChoice, BackendName, ErrorInfo, EventName, Events, JobConfig, JobInfo, JobStatus, MetricRow, SweepTag,
} from '../../../preload/contract';
import { FINISHED_STATUSES } from '../../../preload/contract';
import type { FromWorker, WorkerInit } from '../../workers/protocol';
import { etaSeconds, notePause, noteRows, type JobRecord } from './job-record';
import { laneOf, pickRunnable } from './scheduler';
import { nodeWorkerFactory, type WorkerFactory, type WorkerLike } from './worker-factory';

export type EventSink = <E extends EventName>(event: E, payload: Events[E]) => void;

/** A run coming back from a project file. */
export interface ImportedRun {
  info: Omit<JobInfo, 'id'>;
  metrics: MetricRow[];
  marks: Array<Omit<Events['jobs:mark'], 'jobId'>>;
  logs: Array<Omit<Events['jobs:log'], 'jobId'>>;
  artifacts: Map<string, ArtifactData>;
}

export interface JobManagerOptions {
  emit: EventSink;
  workerFactory?: WorkerFactory;
  /** What `auto` (or a choice) resolves to on this machine; decides the lane. */
  predictBackend: (choice: BackendChoice) => BackendName;
  maxParallel?: number;
  /** How long a running job may take to honour a cancel before its worker is terminated. */
  cancelGraceMs?: number;
  /** Threads for each new worker's native kernels (read at each start, so a settings change applies). */
  nativeThreads?: () => number;
  /** Whether new jobs run their first-order convolutions in bfloat16 (settings: mixed precision). */
  bf16Convs?: () => boolean;
}

export class JobManagerError extends Error {
  override name = 'JobManagerError';
}

const isFinished = (s: JobStatus) => FINISHED_STATUSES.includes(s);

export class JobManager {
  private readonly jobs = new Map<string, JobRecord>();
  private readonly queue: string[] = [];
  private nextId = 1;
  /** The shared native worker, the backend choice it was started for, and its ready message once it came. */
  private native: { worker: WorkerLike; choice: BackendChoice; ready: { backend: BackendName; device: string } | null } | null = null;
  private readonly factory: WorkerFactory;
  readonly maxParallel: number;

  constructor(private readonly opts: JobManagerOptions) {
    this.factory = opts.workerFactory ?? nodeWorkerFactory;
    this.maxParallel = opts.maxParallel ?? Math.max(1, os.cpus().length);
  }

  /** `sweep`: the sweep the job is an element of (it travels with the job into the project). */
  start(config: JobConfig, backendChoice: BackendChoice, label?: string, sweep?: SweepTag): JobInfo {
    const id = `job-${this.nextId++}`;
    const total = 'steps' in config ? config.steps : 0;
    const info: JobInfo = {
      id, kind: config.kind, label: label ?? `${config.kind} #${id.slice(4)}`, status: 'queued', backendChoice,
      backend: null, device: null, step: 0, total, stepsPerSec: 0, etaSec: null, memoryBytes: null, createdAt: Date.now(),
      startedAt: null, endedAt: null, error: null, result: null, config, ...(sweep ? { sweep } : {}),
    };
    const lane = laneOf(this.opts.predictBackend(backendChoice));
    this.jobs.set(id, { info, lane, metrics: [], marks: [], logs: [], artifacts: new Map(), worker: null, cancelTimer: null, finishWaiters: [] });
    this.queue.push(id);
    this.publish(id);
    this.schedule();
    return this.get(id);
  }

  list(): JobInfo[] {
    return [...this.jobs.values()].map((r) => ({ ...r.info }));
  }

  get(jobId: string): JobInfo {
    return { ...this.record(jobId).info };
  }

  metrics(jobId: string): MetricRow[] {
    return this.record(jobId).metrics.slice();
  }

  marks(jobId: string): Array<Events['jobs:mark']> {
    return this.record(jobId).marks.map((m) => ({ ...m, jobId }));
  }

  logs(jobId: string): Array<Events['jobs:log']> {
    return this.record(jobId).logs.map((l) => ({ ...l, jobId }));
  }

  /** Everything kept about a job (for saving it into a project). */
  snapshot(jobId: string): Pick<JobRecord, 'metrics' | 'marks' | 'logs' | 'artifacts'> & { info: JobInfo } {
    const rec = this.record(jobId);
    return { info: this.get(jobId), metrics: rec.metrics, marks: rec.marks, logs: rec.logs, artifacts: rec.artifacts };
  }

  /** Shows a finished run from a project as a job (no worker): its curves, marks and artifacts as they were. */
  importRun(run: ImportedRun): JobInfo {
    const id = `job-${this.nextId++}`;
    const status: JobStatus = isFinished(run.info.status) ? run.info.status : 'cancelled';
    const info: JobInfo = { ...run.info, id, status, etaSec: null, stepsPerSec: 0 };
    const marks = run.marks.map((m) => ({ ...m, jobId: id }));
    const logs = run.logs.map((l) => ({ ...l, jobId: id }));
    this.jobs.set(id, { info, lane: 'parallel', metrics: [...run.metrics], marks, logs, artifacts: new Map(run.artifacts), worker: null, cancelTimer: null, finishWaiters: [] });
    this.publish(id);
    return this.get(id);
  }

  artifact(jobId: string, name: string): ArtifactData | null {
    return this.record(jobId).artifacts.get(name) ?? null;
  }

  /** Hands an artifact over and forgets it (large internal results, such as a dataset's bytes). */
  takeArtifact(jobId: string, name: string): ArtifactData | null {
    const rec = this.record(jobId);
    const data = rec.artifacts.get(name) ?? null;
    rec.artifacts.delete(name);
    return data;
  }

  /** Resolves with the job's final info once it has completed, failed or been cancelled. */
  whenFinished(jobId: string): Promise<JobInfo> {
    const rec = this.record(jobId);
    if (isFinished(rec.info.status)) return Promise.resolve(this.get(jobId));
    return new Promise((resolve) => rec.finishWaiters.push(resolve));
  }

  artifactNames(jobId: string): string[] {
    return [...this.record(jobId).artifacts.keys()];
  }

  cancel(jobId: string): JobInfo {
    const rec = this.record(jobId);
    if (isFinished(rec.info.status)) return this.get(jobId);
    if (rec.info.status === 'queued') {
      this.queue.splice(this.queue.indexOf(jobId), 1);
      this.finish(rec, 'cancelled');
      return this.get(jobId);
    }
    rec.worker?.postMessage({ type: 'cancel', jobId });
    rec.cancelTimer ??= setTimeout(() => this.forceCancel(rec), this.opts.cancelGraceMs ?? 10_000);
    return this.get(jobId);
  }

  /** Forgets a finished job (e.g. the wizard's timing probe, or a failed run the user clears away). */
  discard(jobId: string): { jobId: string } {
    const rec = this.record(jobId);
    if (!isFinished(rec.info.status)) throw new JobManagerError(`${rec.info.label} is ${rec.info.status}: cancel it before removing it`);
    this.jobs.delete(jobId);
    this.opts.emit('jobs:discarded', { jobId });
    return { jobId };
  }

  pause(jobId: string): JobInfo {
    return this.setPaused(jobId, true);
  }

  resume(jobId: string): JobInfo {
    return this.setPaused(jobId, false);
  }

  /** Stops every worker (app quit). */
  async dispose(): Promise<void> {
    for (const rec of this.jobs.values()) if (!isFinished(rec.info.status)) this.finish(rec, 'cancelled');
    const workers = new Set([...this.jobs.values()].map((r) => r.worker).filter((w): w is WorkerLike => !!w));
    if (this.native) workers.add(this.native.worker);
    await Promise.all([...workers].map((w) => w.terminate()));
  }

  private setPaused(jobId: string, paused: boolean): JobInfo {
    const rec = this.record(jobId);
    const { status } = rec.info;
    if (paused ? status !== 'running' : status !== 'paused') {
      throw new JobManagerError(`Cannot ${paused ? 'pause' : 'resume'} ${jobId}: it is ${status}.`);
    }
    rec.worker?.postMessage({ type: paused ? 'pause' : 'resume', jobId });
    notePause(rec, paused);
    rec.info.status = paused ? 'paused' : 'running';
    this.publish(jobId);
    return this.get(jobId);
  }

  private record(jobId: string): JobRecord {
    const rec = this.jobs.get(jobId);
    if (!rec) throw new JobManagerError(`No job ${jobId}.`);
    return rec;
  }

  private schedule(): void {
    const running = [...this.jobs.values()].filter((r) => r.worker && !isFinished(r.info.status));
    const picked = pickRunnable(
      this.queue.map((id) => ({ id, lane: this.record(id).lane })),
      {
        nativeBusy: running.some((r) => r.lane === 'native'),
        parallelRunning: running.filter((r) => r.lane === 'parallel').length,
        maxParallel: this.maxParallel,
      },
    );
    for (const { id } of picked) {
      this.queue.splice(this.queue.indexOf(id), 1);
      this.launch(this.record(id));
    }
  }

  private launch(rec: JobRecord): void {
    rec.info.status = 'starting';
    rec.info.startedAt = Date.now();
    rec.worker = rec.lane === 'native' ? this.sharedNativeWorker(rec.info.backendChoice) : this.ownWorker(rec);
    const ready = rec.lane === 'native' ? this.native?.ready : null;
    if (ready) this.onReady(rec, ready);
    rec.worker.postMessage({ type: 'start', jobId: rec.info.id, config: rec.info.config });
    this.publish(rec.info.id);
  }

  private workerInit(backend: BackendChoice): WorkerInit {
    return { backend, nativeThreads: this.opts.nativeThreads?.() ?? 1, bf16Convs: this.opts.bf16Convs?.() ?? false };
  }

  private ownWorker(rec: JobRecord): WorkerLike {
    const worker = this.factory(this.workerInit(rec.info.backendChoice));
    this.wire(worker, () => [rec]);
    return worker;
  }

  /** The long-lived native worker, or a fresh one when there is none or it was started for another choice. */
  private sharedNativeWorker(choice: BackendChoice): WorkerLike {
    // Only called when the native lane is idle, so the worker retired here hosts no job.
    if (this.native && this.native.choice !== choice) this.retireNative(this.native.worker, true);
    if (this.native) return this.native.worker;
    const worker = this.factory(this.workerInit(choice));
    this.native = { worker, choice, ready: null };
    this.wire(worker, () => [...this.jobs.values()].filter((r) => r.worker === worker && !isFinished(r.info.status)));
    return worker;
  }

  /**
   * Stops sending native jobs to `worker` (no-op for any other worker), and terminates it if asked. Called before
   * its jobs are finished, since finishing one schedules the next native job at once.
   */
  private retireNative(worker: WorkerLike, terminate: boolean): void {
    if (this.native?.worker !== worker) return;
    this.native = null;
    if (terminate) void worker.terminate();
  }

  private wire(worker: WorkerLike, jobsOf: () => JobRecord[]): void {
    worker.on('message', (msg: FromWorker) => this.onMessage(worker, msg, jobsOf));
    const crash = (error: ErrorInfo) => {
      this.retireNative(worker, false);
      for (const rec of jobsOf()) if (!isFinished(rec.info.status)) this.fail(rec, error);
    };
    worker.on('error', (err) => crash({ name: err.name, message: `The worker crashed: ${err.message}`, stack: err.stack }));
    worker.on('exit', (code) => crash({ name: 'WorkerExit', message: `The worker exited unexpectedly (code ${code}).` }));
  }

  private onMessage(worker: WorkerLike, msg: FromWorker, jobsOf: () => JobRecord[]): void {
    if (msg.type === 'ready') {
      if (this.native?.worker === worker) this.native.ready = msg;
      for (const rec of jobsOf()) this.onReady(rec, msg);
      return;
    }
    if (msg.type === 'fatal') {
      // A worker whose backend failed to load runs nothing more: later jobs get a fresh worker.
      const jobs = jobsOf();
      this.retireNative(worker, false);
      for (const rec of jobs) this.fail(rec, msg.error);
      void worker.terminate();
      return;
    }
    const rec = this.jobs.get(msg.jobId);
    if (!rec || isFinished(rec.info.status)) return;
    const jobId = msg.jobId;
    switch (msg.type) {
      case 'progress':
        Object.assign(rec.info, { step: msg.step, total: msg.total, stepsPerSec: msg.stepsPerSec });
        if (msg.memoryBytes !== undefined) rec.info.memoryBytes = Math.max(rec.info.memoryBytes ?? 0, msg.memoryBytes);
        if (msg.gpuBytes !== undefined) rec.info.gpuMemoryBytes = Math.max(rec.info.gpuMemoryBytes ?? 0, msg.gpuBytes);
        rec.info.etaSec = etaSeconds(rec);
        return this.publish(jobId);
      case 'metrics':
        rec.metrics.push(...msg.rows);
        noteRows(rec, msg.rows);
        return this.opts.emit('jobs:metrics', { jobId, rows: msg.rows, sentAt: msg.sentAt });
      case 'log': {
        const log = { jobId, level: msg.level, message: msg.message, time: Date.now() };
        rec.logs.push(log);
        return this.opts.emit('jobs:log', log);
      }
      case 'mark': {
        const mark = { jobId, step: msg.step, kind: msg.kind, message: msg.message };
        rec.marks.push(mark);
        return this.opts.emit('jobs:mark', mark);
      }
      case 'artifact':
        rec.artifacts.set(msg.name, msg.data);
        if (msg.internal) return;
        return this.opts.emit('jobs:artifact', { jobId, name: msg.name, data: msg.data });
      case 'error':
        return this.fail(rec, msg.error);
      case 'done':
        rec.info.result = msg.result;
        return this.finish(rec, msg.status);
    }
  }

  private onReady(rec: JobRecord, ready: { backend: BackendName; device: string }): void {
    if (isFinished(rec.info.status)) return;
    Object.assign(rec.info, { backend: ready.backend, device: ready.device });
    if (rec.info.status === 'starting') rec.info.status = 'running';
    this.publish(rec.info.id);
  }

  private fail(rec: JobRecord, error: ErrorInfo): void {
    rec.info.error = error;
    this.finish(rec, 'failed');
  }

  /** The job did not stop within the grace period: it is cancelled and its worker terminated (by finish). */
  private forceCancel(rec: JobRecord): void {
    if (isFinished(rec.info.status)) return;
    // Retired before finish() schedules the next native job, which must not land on the worker about to end.
    if (rec.worker) this.retireNative(rec.worker, false);
    this.finish(rec, 'cancelled');
  }

  private finish(rec: JobRecord, status: JobStatus): void {
    if (rec.cancelTimer) clearTimeout(rec.cancelTimer);
    rec.cancelTimer = null;
    rec.info.status = status;
    rec.info.endedAt = Date.now();
    rec.info.etaSec = null;
    const worker = rec.worker;
    if (worker && worker !== this.native?.worker) void worker.terminate();
    this.publish(rec.info.id);
    for (const resolve of rec.finishWaiters.splice(0)) resolve(this.get(rec.info.id));
    this.schedule();
  }

  private publish(jobId: string): void {
    this.opts.emit('jobs:update', this.get(jobId));
  }
}
