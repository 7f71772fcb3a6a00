// Projects as the app uses them: Save puts every finished run into the project (its config, curves, marks,
// arrays and weights) and writes the file; Open brings the runs back as finished jobs, so curves and views look
// as they did. Autosaves every few minutes; recovery is offered when an autosave is newer than the file.
import { basename } from 'node:path';
import { FINISHED_STATUSES, SweepTagSchema, withCurrentNames, type ArtifactData, type JobInfo, type JobStatus, type ProjectInfo, type RecoveryOffer } from '../../../preload/contract';
import type { EventSink, JobManager } from '../jobs/job-manager';
import type { RunRecord } from '../../project';
import { exportRun } from './export';
import { runFromJob } from './from-job';
import { machineInfo } from './machine';
import type { ProjectSession, ProjectState } from './session';
import { artifactOf } from './views';

export class AppProjects {
  /** Which job each project run is shown as (and back), so a run is saved once. */
  private readonly runOfJob = new Map<string, string>();

  constructor(
    readonly session: ProjectSession,
    private readonly jobs: JobManager,
    private readonly emit: EventSink,
    private readonly appVersion: string,
  ) {}

  info(state: ProjectState = this.session.state()): ProjectInfo {
    return {
      path: state.path, name: state.name, dirty: state.dirty || this.unsavedRuns().length > 0, savedAt: state.savedAt, readFromVersion: state.readFromVersion,
      runs: state.summary.runs.length, datasets: state.summary.datasets.length,
    };
  }

  private publish(state?: ProjectState): ProjectInfo {
    const info = this.info(state);
    this.emit('projects:state', info);
    return info;
  }

  async newProject(name?: string): Promise<ProjectInfo> {
    this.runOfJob.clear();
    return this.publish(await this.session.newProject(name));
  }

  /** Opens a file; one that cannot be opened but has a recoverable version changes nothing and offers it. */
  async open(path: string): Promise<{ project: ProjectInfo; recovery: RecoveryOffer | null; recoveries: RecoveryOffer[]; openError: string | null }> {
    const { state, recovery, recoveries, openError } = await this.session.open(path);
    if (openError === null) this.showRuns();
    return { project: this.publish(state), recovery, recoveries, openError };
  }

  async recover(offer: { path: string | null; autosavePath: string }): Promise<ProjectInfo> {
    const state = await this.session.recover(offer);
    this.showRuns();
    return this.publish(state);
  }

  /** Adds the finished runs the project does not hold yet, then writes the file. */
  async save(): Promise<ProjectInfo> {
    this.collectRuns();
    return this.publish(await this.session.save());
  }

  async saveAs(path: string): Promise<ProjectInfo> {
    this.collectRuns();
    // An untitled project takes its file's name, as in any desktop app.
    if (this.session.state().name === 'Untitled') this.session.project.rename(basename(path).replace(/\.hsproj$/i, '') || 'Untitled');
    return this.publish(await this.session.saveAs(path));
  }

  async export(jobId: string, what: 'weights' | 'metrics' | 'samples' | 'rollout-png' | 'rollout-gif', outDir: string, saved?: string): Promise<{ files: string[]; source: string }> {
    this.collectRuns();
    const runId = this.runOfJob.get(jobId);
    if (!runId) throw new Error(`Run ${jobId} cannot be exported until it has finished.`);
    const { files, source } = await exportRun(this.session.project, runId, what, outDir, { appVersion: this.appVersion, saved });
    return { files, source };
  }

  /** Finished runs (not dataset jobs) that are not in the project yet. */
  private unsavedRuns(): JobInfo[] {
    return this.jobs.list().filter((j) => j.kind !== 'dataset' && FINISHED_STATUSES.includes(j.status) && !this.runOfJob.has(j.id));
  }

  private collectRuns(): void {
    const before = this.session.project.runs().length;
    for (const job of this.unsavedRuns()) {
      const run = this.session.project.addRun(runFromJob(this.jobs.snapshot(job.id), { machine: machineInfo(this.appVersion) }));
      this.runOfJob.set(job.id, run.id);
    }
    if (this.session.project.runs().length !== before) this.publish();
  }

  private showRuns(): void {
    this.runOfJob.clear();
    for (const run of this.session.project.runs()) {
      const job = this.jobs.importRun(importedRun(run));
      this.runOfJob.set(job.id, run.id);
    }
  }
}

/** A project run as the JobManager shows it (no worker): for opened projects and collected sweep runs. */
export function importedRun(run: RunRecord) {
  const artifacts = new Map<string, ArtifactData>();
  for (const [name, value] of Object.entries(run.artifacts)) artifacts.set(name, { kind: 'json', value });
  for (const item of run.saved) {
    const tensors = Object.values(item.tensors);
    if (tensors.length === 1) artifacts.set(item.name, artifactOf(tensors[0]));
  }
  // A canonical transformation's model comes back as the artifact it was saved from, so the reopened run maps states.
  if (run.kind === 'canonical' && run.weights) {
    const weights = Object.entries(run.weights.tensors).map(([name, t]) => ({ name, shape: [...t.shape], values: Array.from(t.values as ArrayLike<number>) }));
    artifacts.set('weights', { kind: 'json', value: { ...run.weights.meta, weights } });
  }
  const info: Omit<JobInfo, 'id'> = {
    kind: run.kind as JobInfo['kind'],
    label: run.label,
    status: run.status as JobStatus,
    backendChoice: run.backendChoice as JobInfo['backendChoice'],
    backend: run.backend as JobInfo['backend'],
    device: run.device,
    step: run.progress.step,
    total: run.progress.total,
    stepsPerSec: 0,
    etaSec: null,
    memoryBytes: null,
    createdAt: run.timings.createdAt,
    startedAt: run.timings.startedAt,
    endedAt: run.timings.endedAt,
    error: run.error,
    result: run.result,
    // A run saved before the learning-rate names were one reads under today's names.
    config: withCurrentNames(run.config) as unknown as JobInfo['config'],
  };
  const sweep = SweepTagSchema.safeParse(run.artifacts.sweep);
  if (sweep.success) info.sweep = sweep.data;
  return {
    info,
    metrics: run.metrics.map((m) => ({ step: m.step, values: { ...m.values } })),
    marks: run.marks.map((m) => ({ step: m.step, kind: m.kind as 'note', message: m.message })),
    logs: run.logs.map((l) => ({ level: l.level, message: l.message, time: l.time })),
    artifacts,
  };
}
