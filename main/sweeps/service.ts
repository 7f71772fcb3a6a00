// The app's sweeps (the contract's sweeps:* channels): a local sweep runs its elements through the app's
// JobManager N at a time (each element an ordinary job, tagged with its place in the sweep); a Slurm sweep gets a
// folder, is submitted as an array and polled (squeue / sacct), and each element that completes is brought into
// the Runs page from its run file, once (a run already shown, e.g. from the open project, is not shown twice).
// Like every finished run, they go into the project on Save.
import path from 'node:path';
import {
  FINISHED_STATUSES, planSweep, type SlurmOptions, type SweepElementInfo, type SweepInfo, type SweepPlan, type SweepResponses, type SweepSpec, type SweepStartRequest, type SweepTag,
} from '../../preload/contract';
import type { EventSink, JobManager } from '../services/jobs/job-manager';
import { importedRun } from '../services/projects/app-projects';
import { defaultCommand } from './command';
import { createSweepFolder, newSweepId, slugOf, SweepFileError, SweepFolder, type SweepFile } from './folder';
import { LocalSweepRun } from './local';
import { readRunFile } from './run-file';
import { localTransport, sshTransport, type SlurmTransport } from './slurm';
import { folderStatus, sweepInfo, type FolderStatus } from './status';
import { cancelOnSlurm, elementsToResubmit, submitToSlurm } from './submit';

export interface SweepServiceOptions {
  jobs: JobManager;
  emit: EventSink;
  /** Where Slurm sweeps get their folders when the request names none. */
  sweepsDir: () => string;
  appVersion: string;
  pollMs?: number;
  transportFor?: (slurm: SlurmOptions) => SlurmTransport;
}

interface LocalSweep {
  type: 'local';
  id: string;
  plan: SweepPlan;
  parallel: number;
  createdAt: number;
  run: LocalSweepRun;
}

interface SlurmSweep {
  type: 'slurm';
  folder: SweepFolder;
  sweep: SweepFile;
  transport: SlurmTransport;
  status: FolderStatus | null;
  timer: NodeJS.Timeout | null;
  polling: Promise<void> | null;
}

type Live = LocalSweep | SlurmSweep;

const tagFor = (id: string, plan: Pick<SweepPlan, 'name' | 'axes' | 'elements'>, index: number): SweepTag => ({
  id, name: plan.name, index, size: plan.elements.length, axes: plan.axes.map((a) => ({ path: a.path, label: a.label })), values: plan.elements.find((e) => e.index === index)!.values,
});

export class SweepService {
  private readonly live = new Map<string, Live>();

  constructor(private readonly o: SweepServiceOptions) {}

  plan(spec: SweepSpec): SweepResponses['sweeps:plan'] {
    const r = planSweep(spec);
    return r.ok ? { count: r.plan.elements.length, labels: r.plan.elements.slice(0, 200).map((e) => e.label), problems: [] } : { count: 0, labels: [], problems: r.problems };
  }

  async start(req: SweepStartRequest & { spec: SweepSpec }): Promise<SweepInfo> {
    const r = planSweep(req.spec);
    if (!r.ok) throw new SweepFileError(`The sweep cannot run:\n${r.problems.join('\n')}`);
    const plan = r.plan;
    if (req.run.mode === 'local') {
      const id = newSweepId();
      const elements = plan.elements.map((e) => ({ index: e.index, label: e.label, config: e.config, tag: tagFor(id, plan, e.index) }));
      const run = new LocalSweepRun(this.o.jobs, elements, { parallel: req.run.parallel, backend: plan.backend, onChange: () => this.publish(id) });
      this.live.set(id, { type: 'local', id, plan, parallel: req.run.parallel, createdAt: Date.now(), run });
      run.start();
      return this.info(id);
    }
    const slurm = req.run.slurm ?? {};
    const dir = path.resolve(req.run.dir ?? path.join(this.o.sweepsDir(), `${slugOf(plan.name)}-${newSweepId()}`));
    const { folder, sweep } = createSweepFolder({ dir, plan, appVersion: this.o.appVersion, scheduler: { type: 'slurm', slurm, command: slurm.command ?? defaultCommand(slurm.ssh), collectInto: null } });
    const s = this.follow(folder, sweep);
    try {
      await submitToSlurm(folder, sweep, s.transport);
    } catch (e) {
      // Nothing was queued: the sweep is not followed (its folder stays, with the plan, for the curious).
      this.live.delete(sweep.id);
      throw e;
    }
    await this.poll(s);
    return this.info(sweep.id);
  }

  list(): SweepInfo[] {
    return [...this.live.keys()].map((id) => this.info(id));
  }

  /** Follows a sweep folder made elsewhere (the CLI). */
  async attach(dir: string): Promise<SweepInfo> {
    const folder = new SweepFolder(path.resolve(dir));
    const sweep = folder.read();
    const known = this.live.get(sweep.id);
    if (known?.type === 'slurm') return this.info(sweep.id);
    if (sweep.scheduler.type !== 'slurm') throw new SweepFileError(`${folder.dir} was run locally by the CLI: collect it into a project (sweep collect) and open that`);
    const s = this.follow(folder, sweep);
    await this.poll(s);
    return this.info(sweep.id);
  }

  async cancel(id: string, indices?: number[]): Promise<SweepInfo> {
    const s = this.get(id);
    if (s.type === 'local') s.run.cancel(indices);
    else {
      await cancelOnSlurm(s.folder, s.sweep, s.transport, indices);
      await this.poll(s);
    }
    return this.info(id);
  }

  async resubmit(id: string, indices?: number[]): Promise<SweepInfo> {
    const s = this.get(id);
    if (s.type === 'local') {
      const failed = s.plan.elements.map((e) => e.index).filter((i) => s.run.state(i)?.state === 'failed' && (!indices || indices.includes(i)));
      s.run.start(failed);
    } else {
      const chosen = await elementsToResubmit(s.folder, s.sweep, s.transport, indices);
      if (chosen.length) await submitToSlurm(s.folder, s.sweep, s.transport, chosen);
      await this.poll(s);
    }
    return this.info(id);
  }

  dispose(): void {
    for (const s of this.live.values()) if (s.type === 'slurm' && s.timer) clearTimeout(s.timer);
  }

  private get(id: string): Live {
    const s = this.live.get(id);
    if (!s) throw new SweepFileError(`No sweep ${id}.`);
    return s;
  }

  private follow(folder: SweepFolder, sweep: SweepFile): SlurmSweep {
    if (sweep.scheduler.type !== 'slurm') throw new SweepFileError('not a Slurm sweep');
    const slurm = sweep.scheduler.slurm;
    const transport = (this.o.transportFor ?? ((o: SlurmOptions) => (o.ssh ? sshTransport(o.ssh) : localTransport())))(slurm);
    const s: SlurmSweep = { type: 'slurm', folder, sweep, transport, status: null, timer: null, polling: null };
    this.live.set(sweep.id, s);
    return s;
  }

  /** Asks Slurm, brings newly completed runs in, publishes; polls again while anything is pending or running. */
  private poll(s: SlurmSweep): Promise<void> {
    if (s.timer) clearTimeout(s.timer);
    s.timer = null;
    s.polling ??= (async () => {
      try {
        s.status = await folderStatus(s.folder, s.sweep, { transport: s.transport });
        await this.bringIn(s);
      } catch (e) {
        s.status = { elements: s.status?.elements ?? [], problem: (e as Error).message, sources: new Map() };
      } finally {
        s.polling = null;
      }
      this.publish(s.sweep.id);
      const live = !s.status || s.status.problem !== null || s.status.elements.some((e) => e.state === 'pending' || e.state === 'running');
      if (live && this.live.get(s.sweep.id) === s) {
        s.timer = setTimeout(() => void this.poll(s), this.o.pollMs ?? 3000);
        s.timer.unref?.();
      }
    })();
    return s.polling;
  }

  /** Shows each completed element's run as a finished job, unless one with its tag is shown already. */
  private async bringIn(s: SlurmSweep): Promise<void> {
    const shown = new Set(this.o.jobs.list().filter((j) => j.sweep?.id === s.sweep.id).map((j) => j.sweep!.index));
    for (const e of s.status?.elements ?? []) {
      if (e.state !== 'done' || shown.has(e.index)) continue;
      try {
        this.o.jobs.importRun(importedRun(await readRunFile(s.folder, s.sweep, e.index)));
      } catch (err) {
        e.state = 'failed';
        e.message = `its run file could not be read: ${(err as Error).message}`;
      }
    }
  }

  private jobOf(sweepId: string, index: number): string | null {
    return this.o.jobs.list().find((j) => j.sweep?.id === sweepId && j.sweep.index === index)?.id ?? null;
  }

  private info(id: string): SweepInfo {
    const s = this.get(id);
    if (s.type === 'slurm') {
      const status = s.status ?? { elements: s.sweep.elements.map((e): SweepElementInfo => ({ index: e.index, label: e.label, values: e.values, state: 'pending', jobId: null, schedulerId: null, message: null, logTail: null, result: null })), problem: null, sources: new Map() };
      const info = sweepInfo(s.folder, s.sweep, status, s.transport.via);
      return { ...info, elements: info.elements.map((e) => ({ ...e, jobId: this.jobOf(id, e.index) })) };
    }
    const elements = s.plan.elements.map((e): SweepElementInfo => {
      const st = s.run.state(e.index);
      const job = st?.jobId ? this.o.jobs.list().find((j) => j.id === st.jobId) : undefined;
      const failed = st?.state === 'failed' || (job && FINISHED_STATUSES.includes(job.status) && job.status !== 'completed');
      return {
        index: e.index, label: e.label, values: e.values, state: failed ? 'failed' : st?.state ?? 'planned', jobId: st?.jobId ?? null, schedulerId: null,
        message: st?.message ?? job?.error?.message ?? null, logTail: null, result: job?.result ?? null,
      };
    });
    return { id, name: s.plan.name, kind: s.plan.kind, scheduler: 'local', dir: null, via: `${s.parallel} at a time, here`, createdAt: s.createdAt, axes: s.plan.axes, elements, problem: null };
  }

  private publish(id: string): void {
    if (this.live.has(id)) this.o.emit('sweeps:update', this.info(id));
  }
}
