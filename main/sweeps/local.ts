// A sweep run locally: its elements go through the app's JobManager (the same workers, lanes and job records as
// any run), at most `parallel` of them at a time. The app's sweep view and `sweep submit --local N` both use it.
import { FINISHED_STATUSES, type BackendChoice, type JobInfo, type SweepJobConfig, type SweepTag } from '../../preload/contract';
import type { JobManager } from '../services/jobs/job-manager';

export interface LocalElement {
  index: number;
  label: string;
  config: SweepJobConfig;
  tag: SweepTag;
}

export interface LocalElementState {
  state: 'pending' | 'running' | 'done' | 'failed';
  jobId: string | null;
  message: string | null;
}

export interface LocalRunOptions {
  parallel: number;
  backend: BackendChoice;
  /** After an element's job started. */
  onStart?: (index: number, job: JobInfo) => void | Promise<void>;
  /** After it finished (before the next one starts): write its run file here. */
  onFinish?: (index: number, job: JobInfo) => void | Promise<void>;
  /** Any change of any element's state. */
  onChange?: () => void;
}

export class LocalSweepRun {
  private readonly queue: number[] = [];
  private readonly running = new Map<number, string>();
  private readonly states = new Map<number, LocalElementState>();
  private idleWaiters: Array<() => void> = [];
  private maxSeen = 0;

  constructor(
    private readonly jobs: JobManager,
    private readonly elements: readonly LocalElement[],
    private readonly opts: LocalRunOptions,
  ) {}

  /** The most elements that ran at the same time so far. */
  get peakParallel(): number {
    return this.maxSeen;
  }

  /** Queues these elements (all by default) and starts as many as the limit allows. */
  start(indices: readonly number[] = this.elements.map((e) => e.index)): void {
    for (const i of indices) {
      if (this.running.has(i) || this.queue.includes(i)) continue;
      this.queue.push(i);
      this.states.set(i, { state: 'pending', jobId: null, message: null });
    }
    this.pump();
    this.opts.onChange?.();
  }

  state(index: number): LocalElementState | null {
    const s = this.states.get(index);
    if (!s?.jobId) return s ?? null;
    const info = this.jobs.list().find((j) => j.id === s.jobId);
    if (!info || s.state !== 'running') return s;
    return { ...s, state: info.status === 'queued' || info.status === 'starting' ? 'pending' : 'running' };
  }

  /** Cancels these elements (all by default): queued ones never start, running jobs are cancelled. */
  cancel(indices?: readonly number[]): void {
    const which = new Set(indices ?? this.elements.map((e) => e.index));
    for (let k = this.queue.length - 1; k >= 0; k--) {
      const i = this.queue[k];
      if (!which.has(i)) continue;
      this.queue.splice(k, 1);
      this.states.set(i, { state: 'failed', jobId: null, message: 'cancelled before it started' });
    }
    for (const [i, jobId] of this.running) if (which.has(i)) this.jobs.cancel(jobId);
    this.opts.onChange?.();
    this.checkIdle();
  }

  /** Resolves when nothing is queued or running. */
  idle(): Promise<void> {
    if (!this.queue.length && !this.running.size) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.running.size < this.opts.parallel && this.queue.length) {
      const index = this.queue.shift()!;
      const el = this.elements.find((e) => e.index === index)!;
      const job = this.jobs.start(el.config, this.opts.backend, el.label, el.tag);
      this.running.set(index, job.id);
      this.maxSeen = Math.max(this.maxSeen, this.running.size);
      this.states.set(index, { state: 'running', jobId: job.id, message: null });
      void Promise.resolve(this.opts.onStart?.(index, job)).catch(() => undefined);
      void this.jobs.whenFinished(job.id).then((info) => this.finished(index, info));
    }
  }

  private async finished(index: number, info: JobInfo): Promise<void> {
    let message = info.status === 'completed' ? null : info.error?.message ?? `the run was ${info.status}`;
    try {
      await this.opts.onFinish?.(index, info);
    } catch (e) {
      message = `its run file could not be written: ${(e as Error).message}`;
    }
    this.running.delete(index);
    const ok = info.status === 'completed' && message === null;
    this.states.set(index, { state: ok ? 'done' : 'failed', jobId: info.id, message });
    this.pump();
    this.opts.onChange?.();
    this.checkIdle();
  }

  private checkIdle(): void {
    if (this.queue.length || this.running.size) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}

export const isFinishedJob = (info: JobInfo) => FINISHED_STATUSES.includes(info.status);
