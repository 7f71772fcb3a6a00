// Builds the services once per process and exposes them as contract handlers. Used by main/index.ts
// (Electron), main/serve.ts (browser mode) and the CLI.
import type { AppInfo } from '../../preload/contract';
import { predictBackend } from '../engine/backends';
import { appInfo } from './app-info';
import { createDispatch, type Dispatch, type Handlers } from './dispatch';
import { JobManager, type EventSink } from './jobs/job-manager';
import type { WorkerFactory } from './jobs/worker-factory';

export interface ServicesOptions {
  mode: AppInfo['mode'];
  emit: EventSink;
  workerFactory?: WorkerFactory;
  maxParallel?: number;
}

export interface Services {
  jobs: JobManager;
  handlers: Handlers;
  dispatch: Dispatch;
  dispose(): Promise<void>;
}

export function createServices(opts: ServicesOptions): Services {
  const jobs = new JobManager({
    emit: opts.emit,
    workerFactory: opts.workerFactory,
    predictBackend,
    maxParallel: opts.maxParallel,
  });
  const handlers: Handlers = {
    'app:info': () => appInfo(opts.mode),
    'jobs:start': (req) => jobs.start(req.config, req.backend, req.label),
    'jobs:cancel': (req) => jobs.cancel(req.jobId),
    'jobs:pause': (req) => jobs.pause(req.jobId),
    'jobs:resume': (req) => jobs.resume(req.jobId),
    'jobs:list': () => jobs.list(),
    'jobs:metrics': (req) => jobs.metrics(req.jobId),
    'jobs:artifact': (req) => jobs.artifact(req.jobId, req.name),
    'jobs:artifacts': (req) => jobs.artifactNames(req.jobId),
  };
  return { jobs, handlers, dispatch: createDispatch(handlers), dispose: () => jobs.dispose() };
}
