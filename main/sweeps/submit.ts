// Submitting a sweep folder to Slurm as a job array (every element one array task running
// `sweep run-element DIR --index I`), cancelling elements with scancel, and resubmitting the failed ones as a new
// array. With a project to collect into, a collect job follows each array (sbatch --dependency=afterany:ARRAY).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SweepFileError, slugOf, type Submission, type SweepFile, type SweepFolder } from './folder';
import { escapeOutputPattern, sbatch, scancel, type SlurmTransport } from './slurm';
import { folderStatus } from './status';

type SlurmScheduler = Extract<SweepFile['scheduler'], { type: 'slurm' }>;

function slurmOf(sweep: SweepFile): SlurmScheduler {
  if (sweep.scheduler.type !== 'slurm') throw new SweepFileError(`sweep "${sweep.name}" runs locally, not on Slurm`);
  return sweep.scheduler;
}

/** The folder as the cluster's nodes see it. */
export const remoteDirOf = (folder: SweepFolder, sweep: SweepFile): string => slurmOf(sweep).slurm.remoteDir ?? folder.dir;

/** Submits these elements (all by default) as one array; records and returns the submission. */
export async function submitToSlurm(folder: SweepFolder, sweep: SweepFile, t: SlurmTransport, indices: readonly number[] = sweep.elements.map((e) => e.index)): Promise<Submission> {
  const s = slurmOf(sweep);
  const dir = remoteDirOf(folder, sweep);
  const common = {
    script: path.posix.join(dir, 'run.sh'),
    jobName: `hs-${slugOf(sweep.name)}`,
    workDir: dir,
    partition: s.slurm.partition, account: s.slurm.account, qos: s.slurm.qos, time: s.slurm.time,
    cpusPerTask: s.slurm.cpusPerTask, mem: s.slurm.mem, gpus: s.slurm.gpus,
  };
  const jobId = await sbatch(t, {
    ...common,
    args: [...s.command, 'sweep', 'run-element', dir],
    indices,
    output: `${escapeOutputPattern(dir)}/logs/%A_%a.out`,
    maxConcurrent: s.slurm.maxConcurrent,
  });
  let collectJobId: string | null = null;
  if (s.collectInto) {
    collectJobId = await sbatch(t, {
      ...common,
      jobName: `hs-collect-${slugOf(sweep.name)}`,
      args: [...s.command, 'sweep', 'collect', dir, '--into', s.collectInto],
      indices: [],
      output: `${escapeOutputPattern(dir)}/logs/collect_%j.out`,
      dependency: `afterany:${jobId}`,
      cpusPerTask: 1,
      gpus: undefined,
    });
  }
  const sub: Submission = { at: new Date().toISOString(), jobId, indices: [...indices].sort((a, b) => a - b), collectJobId };
  folder.addSubmission(sub);
  return sub;
}

/** Cancels the pending and running elements among `indices` (all by default); returns the ones cancelled. */
export async function cancelOnSlurm(folder: SweepFolder, sweep: SweepFile, t: SlurmTransport, indices?: readonly number[]): Promise<number[]> {
  const status = await folderStatus(folder, sweep, { transport: t });
  if (status.problem) throw new SweepFileError(status.problem);
  const live = status.elements.filter((e) => (!indices || indices.includes(e.index)) && (e.state === 'pending' || e.state === 'running') && e.schedulerId);
  await scancel(t, live.map((e) => e.schedulerId!));
  // A pending element never runs, so nothing of its own says how it ended, and Slurm may forget a pending task it
  // cancelled: note it here (an element that started meanwhile writes its own account when it ends).
  const subs = folder.submissions();
  for (const e of live) {
    const arrayJobId = folder.submissionOf(e.index, subs)?.jobId;
    if (e.state !== 'pending' || !arrayJobId || fs.existsSync(folder.elementFile(e.index))) continue;
    const now = new Date().toISOString();
    folder.writeElement({
      index: e.index, state: 'cancelled', slurm: { jobId: '', arrayJobId, taskId: String(e.index) }, host: os.hostname(), pid: process.pid,
      startedAt: now, endedAt: now, message: 'cancelled while pending (it never ran)', result: null,
    });
  }
  return live.map((e) => e.index);
}

/**
 * Which elements to run again: the named ones (none may be pending, running or done), or every failed one.
 * Their old element files are set aside (`elements/<i>.json.attempt-N`), so the new attempt starts clean.
 */
export async function elementsToResubmit(folder: SweepFolder, sweep: SweepFile, t: SlurmTransport | null, indices?: readonly number[]): Promise<number[]> {
  const status = await folderStatus(folder, sweep, { transport: t });
  if (status.problem) throw new SweepFileError(status.problem);
  const chosen = indices ? status.elements.filter((e) => indices.includes(e.index)) : status.elements.filter((e) => e.state === 'failed');
  if (indices) {
    const missing = indices.filter((i) => !status.elements.some((e) => e.index === i));
    if (missing.length) throw new SweepFileError(`the sweep has no element ${missing.join(', ')}`);
    const busy = chosen.filter((e) => e.state === 'pending' || e.state === 'running' || e.state === 'done');
    if (busy.length) throw new SweepFileError(`element ${busy.map((e) => `${e.index} is ${e.state}`).join(', ')}: only failed or unsubmitted elements are run again (cancel a live one first)`);
  }
  for (const e of chosen) {
    const file = folder.elementFile(e.index);
    if (!fs.existsSync(file)) continue;
    let n = 1;
    while (fs.existsSync(`${file}.attempt-${n}`)) n++;
    fs.renameSync(file, `${file}.attempt-${n}`);
  }
  return chosen.map((e) => e.index);
}
