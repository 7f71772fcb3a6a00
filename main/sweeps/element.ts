// Running elements of a sweep folder in this process, through a JobManager: one element (what each Slurm array
// task runs: `sweep run-element DIR --index I`), or all of them N at a time (`sweep submit --local N`). Each
// element reports in elements/<i>.json (running, with its Slurm ids and host; then how it ended) and, when it
// completed, writes its run file.
import os from 'node:os';
import type { JobInfo, JobStatus } from '../../preload/contract';
import { predictBackend } from '../engine/backends';
import { JobManager, type EventSink } from '../services/jobs/job-manager';
import { elementConfig, tagOf, type SweepFile, type SweepFolder } from './folder';
import { LocalSweepRun, type LocalElement } from './local';
import { writeRunFile } from './run-file';

/** The Slurm ids of this process, when Slurm started it. */
export function slurmIdsFromEnv(env: NodeJS.ProcessEnv = process.env): { jobId: string; arrayJobId: string; taskId: string } | null {
  const { SLURM_JOB_ID: jobId, SLURM_ARRAY_JOB_ID: arrayJobId, SLURM_ARRAY_TASK_ID: taskId } = env;
  return jobId && arrayJobId && taskId ? { jobId, arrayJobId, taskId } : null;
}

export function localElements(sweep: SweepFile, indices?: readonly number[]): LocalElement[] {
  return sweep.elements
    .filter((e) => !indices || indices.includes(e.index))
    .map((e) => ({ index: e.index, label: e.label, config: elementConfig(sweep, e.index), tag: tagOf(sweep, e.index) }));
}

export interface FolderRunOptions {
  appVersion: string;
  env?: NodeJS.ProcessEnv;
  /** One line per event worth a log line (stderr by default: Slurm's log of the element). */
  log?: (line: string) => void;
}

/** The hooks that make a local run write the sweep folder's element files and run files. */
export function folderHooks(folder: SweepFolder, sweep: SweepFile, jobs: JobManager, o: FolderRunOptions) {
  const started = new Map<number, string>();
  return {
    onStart: (index: number) => {
      const startedAt = new Date().toISOString();
      started.set(index, startedAt);
      folder.writeElement({ index, state: 'running', slurm: slurmIdsFromEnv(o.env), host: os.hostname(), pid: process.pid, startedAt, endedAt: null, message: null, result: null });
    },
    onFinish: async (index: number, info: JobInfo) => {
      const state = info.status === 'completed' ? 'completed' : info.status === 'cancelled' ? 'cancelled' : 'failed';
      let message = info.status === 'completed' ? null : info.error?.message ?? `the run was ${info.status}`;
      if (state === 'completed') {
        try {
          const file = await writeRunFile(folder, sweep, index, jobs.snapshot(info.id), o.appVersion);
          o.log?.(`element ${index}: run file ${file}`);
        } catch (e) {
          message = `the run completed but its run file could not be written: ${(e as Error).message}`;
        }
      }
      folder.writeElement({
        index, state: message && state === 'completed' ? 'failed' : state, slurm: slurmIdsFromEnv(o.env), host: os.hostname(), pid: process.pid,
        startedAt: started.get(index) ?? new Date().toISOString(), endedAt: new Date().toISOString(), message, result: info.result,
      });
      if (message) throw new Error(message);
    },
  };
}

/** A JobManager for this process, that writes its jobs' logs and progress as lines (Slurm keeps them in the element's log). */
export function elementJobManager(parallel: number, log: (line: string) => void): JobManager {
  let lastProgress = 0;
  const emit: EventSink = (event, payload) => {
    if (event === 'jobs:log') {
      const l = payload as { level: string; message: string };
      log(`[${l.level}] ${l.message}`);
    } else if (event === 'jobs:update') {
      const j = payload as JobInfo;
      const now = Date.now();
      if (j.status === 'running' && now - lastProgress < 5000) return;
      lastProgress = now;
      log(`${j.label}: ${j.status}${j.backend ? ` on ${j.backend}` : ''}, step ${j.step}/${j.total}${j.error ? `: ${j.error.message}` : ''}`);
    }
  };
  return new JobManager({ emit, predictBackend, maxParallel: parallel, cancelGraceMs: 5000 });
}

export interface RunElementsOptions extends FolderRunOptions {
  indices?: readonly number[];
  parallel: number;
  /** Aborting cancels every element still queued or running. */
  signal?: AbortSignal;
}

/** Runs elements of the folder here; resolves with each one's final status once all have ended. */
export async function runElements(folder: SweepFolder, sweep: SweepFile, o: RunElementsOptions): Promise<{ statuses: Map<number, JobStatus>; peakParallel: number }> {
  const log = o.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const jobs = elementJobManager(o.parallel, log);
  const statuses = new Map<number, JobStatus>();
  const hooks = folderHooks(folder, sweep, jobs, { ...o, log });
  const run = new LocalSweepRun(jobs, localElements(sweep, o.indices), {
    parallel: o.parallel,
    backend: sweep.backend,
    onStart: hooks.onStart,
    onFinish: async (index, info) => {
      statuses.set(index, info.status);
      await hooks.onFinish(index, info);
    },
  });
  const abort = () => run.cancel();
  o.signal?.addEventListener('abort', abort);
  try {
    run.start();
    await run.idle();
  } finally {
    o.signal?.removeEventListener('abort', abort);
    await jobs.dispose();
  }
  return { statuses, peakParallel: run.peakParallel };
}
