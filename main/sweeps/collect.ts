// Collecting a sweep: every completed element's run file, validated, added to a project as an ordinary run (its
// curves, rollouts and exports work as for any run), keeping its place in the sweep as the `sweep` artifact. A run
// already in the project (same sweep id and element) is not added again, so collecting twice adds nothing twice.
// Writing a project file holds a lock beside it: the cluster's collect job and the user's may meet.
import fs from 'node:fs';
import path from 'node:path';
import { SweepTagSchema } from '../../preload/contract';
import { Project, readProject, writeProjectFile, type RunRecord } from '../project';
import type { SweepFile, SweepFolder } from './folder';
import { readRunFile } from './run-file';

export interface CollectedRun {
  index: number;
  run: RunRecord;
}

/** The completed elements' runs (validated), and why any completed element could not be read. */
export async function readCompletedRuns(folder: SweepFolder, sweep: SweepFile, skip: (index: number) => boolean = () => false): Promise<{ runs: CollectedRun[]; problems: string[] }> {
  const runs: CollectedRun[] = [];
  const problems: string[] = [];
  for (const e of sweep.elements) {
    if (skip(e.index)) continue;
    const state = folder.element(e.index).file;
    if (state?.state !== 'completed' || !fs.existsSync(folder.runFile(e.index))) continue;
    try {
      runs.push({ index: e.index, run: await readRunFile(folder, sweep, e.index) });
    } catch (err) {
      problems.push(`element ${e.index}: ${(err as Error).message}`);
    }
  }
  return { runs, problems };
}

/** `sweepId:index` of every sweep run the project holds. */
export function collectedKeys(project: Project): Set<string> {
  const keys = new Set<string>();
  for (const r of project.runs()) {
    const tag = SweepTagSchema.safeParse(r.artifacts.sweep);
    if (tag.success) keys.add(`${tag.data.id}:${tag.data.index}`);
  }
  return keys;
}

/** Adds the runs the project does not hold yet; returns the ids given to the new ones and how many were there already. */
export function addCollected(project: Project, sweep: SweepFile, runs: readonly CollectedRun[]): { added: string[]; already: number } {
  const have = collectedKeys(project);
  const added: string[] = [];
  let already = 0;
  for (const { index, run } of runs) {
    if (have.has(`${sweep.id}:${index}`)) {
      already++;
      continue;
    }
    added.push(project.addRun({ ...run, id: project.nextRunId() }).id);
    have.add(`${sweep.id}:${index}`);
  }
  return { added, already };
}

async function withLock<T>(file: string, task: () => Promise<T>, waitMs = 60_000): Promise<T> {
  const lock = `${file}.lock`;
  const t0 = Date.now();
  for (;;) {
    try {
      fs.writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      // A lock left by a process that died long ago is stale.
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 10 * 60_000) fs.rmSync(lock, { force: true });
      else if (Date.now() - t0 > waitMs) throw new Error(`${file} is locked by another collect (${lock})`);
      else await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await task();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

export interface CollectResult {
  file: string;
  added: string[];
  already: number;
  /** Elements that did not complete (or not yet): not collected. */
  notFinished: number;
  problems: string[];
}

/** Collects the completed runs into `projectFile` (created, named after the sweep, when it does not exist). */
export async function collectIntoFile(folder: SweepFolder, sweep: SweepFile, projectFile: string, appVersion: string): Promise<CollectResult> {
  const file = path.resolve(projectFile);
  return withLock(file, async () => {
    const project = fs.existsSync(file) ? await readProject(file) : Project.create({ name: sweep.name, appVersion });
    const have = collectedKeys(project);
    const { runs, problems } = await readCompletedRuns(folder, sweep, (i) => have.has(`${sweep.id}:${i}`));
    const { added } = addCollected(project, sweep, runs);
    const already = sweep.elements.filter((e) => have.has(`${sweep.id}:${e.index}`)).length;
    if (added.length || !fs.existsSync(file)) await writeProjectFile(project, file, { appVersion });
    return { file, added, already, notFinished: sweep.elements.length - added.length - already - problems.length, problems };
  });
}
