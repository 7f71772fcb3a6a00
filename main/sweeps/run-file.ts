// Run files: one finished element as a project holding that one run (config, backend and device, machine,
// metrics, marks, logs, weights and arrays: what `runFromJob` keeps of any job), marked with its sweep and
// element. Writing is the project's atomic write; reading is the project's validating read plus the mark's check.
import { Project, readProject, writeProjectFile, type RunRecord } from '../project';
import { runFromJob, type JobSnapshot } from '../services/projects/from-job';
import { machineInfo } from '../services/projects/machine';
import { RUN_FILE_FORMAT, RunFileMarkSchema, SWEEP_FILES_VERSION, SweepFileError, type SweepFile, type SweepFolder } from './folder';

export async function writeRunFile(folder: SweepFolder, sweep: SweepFile, index: number, job: JobSnapshot, appVersion: string): Promise<string> {
  const project = Project.create({ name: sweep.name, appVersion });
  project.addRun({ ...runFromJob(job, { machine: machineInfo(appVersion) }), id: 'run-1' });
  project.setUi({ runFile: { format: RUN_FILE_FORMAT, version: SWEEP_FILES_VERSION, sweepId: sweep.id, index } });
  const file = folder.runFile(index);
  await writeProjectFile(project, file, { appVersion, backup: false });
  return file;
}

/** Element `index`'s run, validated: a readable project with one run of the sweep's kind, marked as that element. */
export async function readRunFile(folder: SweepFolder, sweep: SweepFile, index: number): Promise<RunRecord> {
  const file = folder.runFile(index);
  const project = await readProject(file);
  const mark = RunFileMarkSchema.safeParse(project.ui);
  if (!mark.success) throw new SweepFileError(`${file} is a project, not a sweep's run file`);
  if (mark.data.runFile.sweepId !== sweep.id || mark.data.runFile.index !== index) {
    throw new SweepFileError(`${file} belongs to sweep ${mark.data.runFile.sweepId} element ${mark.data.runFile.index}, not ${sweep.id} element ${index}`);
  }
  const runs = project.runs();
  if (runs.length !== 1 || runs[0].kind !== sweep.kind) throw new SweepFileError(`${file} should hold one ${sweep.kind} run`);
  return runs[0];
}
