// The state of every element of a sweep folder, from what the elements wrote (elements/<i>.json, the run files)
// and what Slurm says (slurm.ts: squeue for the live ones; sacct, scontrol or the completion log for how the
// others ended). An element is done only when it completed and its run file is there; a cancelled, failed, timed
// out or vanished one is failed, with Slurm's word for it and the tail of its log.
import fs from 'node:fs';
import os from 'node:os';
import type { SweepElementInfo, SweepInfo } from '../../preload/contract';
import type { SweepFile, SweepFolder } from './folder';
import { isRunningState, keyOf, LIVE_STATES, queryStates, type ElementState, type QueryOptions, type SlurmTransport } from './slurm';

export interface StatusOptions extends Pick<QueryOptions, 'finalSources'> {
  /** Slurm, for a Slurm sweep; null reads the files only. */
  transport: SlurmTransport | null;
}

export interface FolderStatus {
  elements: SweepElementInfo[];
  problem: string | null;
  /** Where each element's Slurm state came from (squeue, sacct, scontrol, sacct-c), for the curious and the tests. */
  sources: Map<number, ElementState['source']>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function folderStatus(folder: SweepFolder, sweep: SweepFile, o: StatusOptions): Promise<FolderStatus> {
  const submissions = folder.submissions();
  const latest = new Map(sweep.elements.map((e) => [e.index, folder.submissionOf(e.index, submissions)]));
  const files = new Map(sweep.elements.map((e) => [e.index, folder.element(e.index)]));
  const arrayIds = [...new Set([...latest.values()].map((s) => s?.jobId).filter((id): id is string => !!id))];
  const rawIds = new Map<string, string>();
  const expected: string[] = [];
  for (const [index, sub] of latest) {
    if (!sub?.jobId) continue;
    expected.push(keyOf(sub.jobId, index));
    const f = files.get(index)?.file;
    if (f?.slurm && f.slurm.arrayJobId === sub.jobId) rawIds.set(keyOf(sub.jobId, index), f.slurm.jobId);
  }
  const query = o.transport && arrayIds.length ? await queryStates(o.transport, arrayIds, { rawIds, expected, finalSources: o.finalSources }) : { states: new Map<string, ElementState>(), problem: null };
  const sources = new Map<number, ElementState['source']>();
  const elements = sweep.elements.map((e): SweepElementInfo => {
    const sub = latest.get(e.index) ?? null;
    const { file, problem } = files.get(e.index)!;
    // Only what this submission's process wrote counts (a resubmitted element's old file is history).
    const current = file && (!sub?.jobId || file.slurm?.arrayJobId === sub.jobId || !file.slurm) ? file : null;
    const info: SweepElementInfo = {
      index: e.index, label: e.label, values: e.values, state: 'planned', jobId: null, schedulerId: sub?.jobId ? keyOf(sub.jobId, e.index) : null,
      message: problem, logTail: null, result: null,
    };
    if (!sub) return info;
    const logFile = sub.jobId ? folder.logFile(sub.jobId, e.index) : null;
    const failed = (message: string): SweepElementInfo => ({ ...info, state: 'failed', message, logTail: logFile ? folder.logTail(logFile) : null });
    const done = current?.state === 'completed' && fs.existsSync(folder.runFile(e.index));
    if (done) return { ...info, state: 'done', result: cleanResult(current.result) };
    if (!sub.jobId) {
      // A local run (sweep submit --local): the files are the whole truth.
      if (!current) return { ...info, state: 'pending' };
      if (current.state === 'running') {
        const gone = current.host === os.hostname() && !alive(current.pid);
        return gone ? failed('its process ended without finishing (killed?)') : { ...info, state: 'running' };
      }
      return failed(current.message ?? `it ${current.state === 'cancelled' ? 'was cancelled' : 'failed'}`);
    }
    const s = query.states.get(keyOf(sub.jobId, e.index));
    if (s) sources.set(e.index, s.source);
    if (query.problem) return { ...info, state: current?.state === 'running' ? 'running' : 'pending', message: query.problem };
    if (s && LIVE_STATES.has(s.state)) {
      const running = isRunningState(s.state);
      return { ...info, state: running ? 'running' : 'pending', message: running ? null : s.reason ? `waiting: ${s.reason}` : null };
    }
    if (s) {
      const word = s.state === 'COMPLETED' ? 'Slurm: COMPLETED, but no run file was written' : `Slurm: ${s.state}${s.reason && !s.reason.startsWith(s.state) ? ` (${s.reason})` : ''}${exitText(s.exitCode)}`;
      return failed(current?.message ? `${word}: ${current.message}` : word);
    }
    if (current && current.state !== 'running') return failed(current.message ?? `it ${current.state === 'cancelled' ? 'was cancelled' : 'failed'}`);
    return failed(current ? 'no longer known to Slurm, and it did not finish (killed?)' : 'it left Slurm\'s queue without running (cancelled while pending?)');
  });
  return { elements, problem: query.problem, sources };
}

/** Slurm's ExitCode "code:signal" in words: ", exit 1", ", signal 15", or nothing for 0:0. */
export function exitText(exitCode: string | null): string {
  const m = /^(\d+):(\d+)$/.exec(exitCode ?? '');
  if (!m) return exitCode ? `, exit ${exitCode}` : '';
  const [code, signal] = [Number(m[1]), Number(m[2])];
  return signal ? `, signal ${signal}${signal === 15 ? ' (SIGTERM)' : signal === 9 ? ' (SIGKILL)' : ''}` : code ? `, exit ${code}` : '';
}

function cleanResult(r: Record<string, number | null> | null): Record<string, number> | null {
  if (!r) return null;
  return Object.fromEntries(Object.entries(r).filter((e): e is [string, number] => typeof e[1] === 'number'));
}

export function sweepInfo(folder: SweepFolder, sweep: SweepFile, status: FolderStatus, via: string): SweepInfo {
  return {
    id: sweep.id, name: sweep.name, kind: sweep.kind, scheduler: sweep.scheduler.type, dir: folder.dir, via,
    createdAt: Date.parse(sweep.createdAt) || 0, axes: sweep.axes, elements: status.elements, problem: status.problem,
  };
}
