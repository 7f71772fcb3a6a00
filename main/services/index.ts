// Builds the services once per process and exposes them as contract handlers. Used by main/index.ts
// (Electron), main/serve.ts (browser mode) and the CLI.
import path from 'node:path';
import type { AppInfo } from '../../preload/contract';
import { DatasetsService } from './datasets/service';
import { listSystems, previewSystem } from './systems';
import { SettingsStore } from './settings';
import { ProjectSession } from './projects/session';
import { AppProjects } from './projects/app-projects';
import { version as appVersion } from '../../package.json';
import { predictBackend } from '../engine/backends';
import { probeGpu } from '../engine/webgpu/probe';
import { appInfo } from './app-info';
import { createDispatch, type Dispatch, type Handlers } from './dispatch';
import { JobManager, type EventSink } from './jobs/job-manager';
import type { WorkerFactory } from './jobs/worker-factory';
import { SweepService } from '../sweeps/service';

export interface ServicesOptions {
  mode: AppInfo['mode'];
  emit: EventSink;
  workerFactory?: WorkerFactory;
  maxParallel?: number;
  /** Where datasets (regenerable) live; the settings' cache folder by default. */
  dataDir?: string;
  /** The one settings store of this process (the desktop shell shares it); the user's config file by default. */
  settings?: SettingsStore;
}

export interface Services {
  jobs: JobManager;
  datasets: DatasetsService;
  settings: SettingsStore;
  projects: AppProjects;
  sweeps: SweepService;
  handlers: Handlers;
  dispatch: Dispatch;
  dispose(): Promise<void>;
}

export function createServices(opts: ServicesOptions): Services {
  const settings = opts.settings ?? new SettingsStore();
  // Look for a GPU now, so `auto` jobs are placed knowing whether WebGPU will take them.
  void probeGpu();
  const jobs = new JobManager({
    emit: opts.emit,
    workerFactory: opts.workerFactory,
    predictBackend,
    maxParallel: opts.maxParallel ?? settings.get().workers,
    nativeThreads: () => settings.get().threadsPerJob,
    bf16Convs: () => settings.get().bf16Convs,
  });
  const dataDir = opts.dataDir ?? settings.get().cacheDir;
  const datasets = new DatasetsService(path.join(dataDir, 'datasets'), jobs, opts.emit);
  const session = new ProjectSession({ configDir: path.dirname(settings.file), appVersion });
  session.startAutosave();
  const projects = new AppProjects(session, jobs, opts.emit, appVersion);
  const sweeps = new SweepService({ jobs, emit: opts.emit, appVersion, sweepsDir: () => path.join(settings.get().dataDir, 'sweeps') });
  const handlers: Handlers = {
    'app:info': async () => appInfo(opts.mode, dataDir, await probeGpu()),
    'jobs:start': (req) => jobs.start(req.config, req.backend, req.label),
    'jobs:cancel': (req) => jobs.cancel(req.jobId),
    'jobs:discard': (req) => jobs.discard(req.jobId),
    'jobs:pause': (req) => jobs.pause(req.jobId),
    'jobs:resume': (req) => jobs.resume(req.jobId),
    'jobs:list': () => jobs.list(),
    'jobs:metrics': (req) => jobs.metrics(req.jobId),
    'jobs:marks': (req) => jobs.marks(req.jobId),
    'jobs:logs': (req) => jobs.logs(req.jobId),
    'jobs:artifact': (req) => jobs.artifact(req.jobId, req.name),
    'jobs:artifacts': (req) => jobs.artifactNames(req.jobId),
    'systems:list': () => listSystems(),
    'systems:preview': (req) => previewSystem(req),
    'datasets:list': () => datasets.list(),
    'datasets:generate': (req) => datasets.generate(req),
    'datasets:delete': (req) => datasets.delete(req.key),
    'projects:state': () => projects.info(),
    'projects:new': (req) => projects.newProject(req.name),
    'projects:open': (req) => projects.open(req.path),
    'projects:save': () => projects.save(),
    'projects:saveAs': (req) => projects.saveAs(req.path),
    'projects:recent': () => session.recent(),
    'projects:recoverable': () => session.untitledRecoveries(),
    'projects:recover': (req) => projects.recover(req),
    'projects:export': (req) => projects.export(req.jobId, req.what, req.outDir, req.saved),
    'settings:get': () => settings.snapshot(),
    'settings:set': (req) => {
      settings.set(req);
      const snapshot = settings.snapshot();
      opts.emit('settings:changed', snapshot);
      return snapshot;
    },
    'sweeps:plan': (req) => sweeps.plan(req),
    'sweeps:start': (req) => sweeps.start(req),
    'sweeps:list': () => sweeps.list(),
    'sweeps:attach': (req) => sweeps.attach(req.dir),
    'sweeps:cancel': (req) => sweeps.cancel(req.sweepId, req.indices),
    'sweeps:resubmit': (req) => sweeps.resubmit(req.sweepId, req.indices),
  };
  const dispose = async () => {
    sweeps.dispose();
    await session.dispose();
    await jobs.dispose();
  };
  return { jobs, datasets, settings, projects, sweeps, handlers, dispatch: createDispatch(handlers), dispose };
}
