// A sweep folder: what the user's machine and the cluster share. Every file is versioned and validated on reading
// (a file from a newer app, another format or a damaged one is refused with its name and what is wrong), and
// written atomically, so a reader never sees half a file:
//   sweep.json          the plan: id, name, kind, axes, every element's complete job config, the scheduler settings
//   submissions.json    each submission: Slurm's array job id (or the local run) and the elements it covered
//   elements/<i>.json   what element i's process reports: running (with its Slurm ids and host), then how it ended
//   runs/<i>.hsrun      element i's run file: a project holding that one run (the project format, its versions,
//                       validation and migrations), marked with the sweep and the element it belongs to
//   logs/<A>_<i>.out    Slurm's output of element i of array A
//   run.sh              the batch script: constant text, every value arrives as an argument
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import {
  AxisValueSchema, JobConfigSchema, withCurrentNames, SlurmOptionsSchema, SWEEP_KINDS, SweepTagSchema, BackendChoiceSchema, type SweepJobConfig, type SweepPlan, type SweepTag,
} from '../../preload/contract';
import { readJsonFile, writeJsonAtomic } from '../files/json-file';
import { writeFileAtomicSync } from '../files/atomic';

export const SWEEP_FORMAT = 'hamiltonian-studio-sweep';
export const SUBMISSIONS_FORMAT = 'hamiltonian-studio-sweep-submissions';
export const ELEMENT_FORMAT = 'hamiltonian-studio-sweep-element';
export const RUN_FILE_FORMAT = 'hamiltonian-studio-run';
/** Bump with a reader for the older version (as the project format does in main/project/migrate.ts). */
export const SWEEP_FILES_VERSION = 1;
export const RUN_FILE_EXTENSION = '.hsrun';

export class SweepFileError extends Error {
  override name = 'SweepFileError';
}

const Iso = z.string().max(40);
const Path = z.string().min(1).max(4096);

const PlanElementSchema = z.strictObject({
  index: z.number().int().min(0),
  label: z.string().max(1000),
  values: z.record(z.string(), AxisValueSchema),
  // A folder written before the learning-rate names were one reads under today's names.
  config: z.preprocess((c) => withCurrentNames(c), JobConfigSchema),
});

export const SchedulerSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('local'), parallel: z.number().int().min(1).max(256) }),
  z.strictObject({
    type: z.literal('slurm'),
    slurm: SlurmOptionsSchema,
    /** What runs the CLI on the nodes (argv prefix). */
    command: z.array(z.string().min(1).max(4096)).min(1).max(32),
    /** A project the cluster collects the finished runs into, after the array (sbatch --dependency=afterany). */
    collectInto: Path.nullable(),
  }),
]);
export type Scheduler = z.infer<typeof SchedulerSchema>;

export const SweepFileSchema = z.strictObject({
  format: z.literal(SWEEP_FORMAT),
  version: z.literal(SWEEP_FILES_VERSION),
  id: z.string().regex(/^[0-9a-f]{12}$/),
  name: SweepTagSchema.shape.name,
  createdAt: Iso,
  appVersion: z.string().max(50),
  kind: z.enum(SWEEP_KINDS),
  backend: BackendChoiceSchema,
  axes: z.array(z.strictObject({ path: z.string().max(200), label: z.string().max(200), values: z.array(AxisValueSchema).min(1) })),
  elements: z.array(PlanElementSchema).min(1),
  scheduler: SchedulerSchema,
});
export type SweepFile = z.infer<typeof SweepFileSchema>;

const SubmissionSchema = z.strictObject({
  at: Iso,
  /** Slurm's array job id; null for a local run. */
  jobId: z.string().regex(/^\d{1,20}$/).nullable(),
  indices: z.array(z.number().int().min(0)).min(1),
  /** The dependent collect job submitted after it, if any. */
  collectJobId: z.string().regex(/^\d{1,20}$/).nullable(),
});
export type Submission = z.infer<typeof SubmissionSchema>;
const SubmissionsFileSchema = z.strictObject({ format: z.literal(SUBMISSIONS_FORMAT), version: z.literal(SWEEP_FILES_VERSION), submissions: z.array(SubmissionSchema) });

export const ELEMENT_STATES = ['running', 'completed', 'failed', 'cancelled'] as const;
export const ElementFileSchema = z.strictObject({
  format: z.literal(ELEMENT_FORMAT),
  version: z.literal(SWEEP_FILES_VERSION),
  index: z.number().int().min(0),
  state: z.enum(ELEMENT_STATES),
  /** Slurm's ids when it runs there (SLURM_JOB_ID, SLURM_ARRAY_JOB_ID, SLURM_ARRAY_TASK_ID). */
  slurm: z.strictObject({ jobId: z.string().max(20), arrayJobId: z.string().max(20), taskId: z.string().max(20) }).nullable(),
  host: z.string().max(300),
  pid: z.number().int(),
  startedAt: Iso,
  endedAt: Iso.nullable(),
  message: z.string().max(10_000).nullable(),
  result: z.record(z.string(), z.number().nullable()).nullable(),
});
export type ElementFile = z.infer<typeof ElementFileSchema>;

/** The marker a run file carries (its project's UI state): which sweep and element it is. */
export const RunFileMarkSchema = z.strictObject({
  runFile: z.strictObject({ format: z.literal(RUN_FILE_FORMAT), version: z.literal(SWEEP_FILES_VERSION), sweepId: z.string().regex(/^[0-9a-f]{12}$/), index: z.number().int().min(0) }),
});

/** The files of one sweep folder. */
export class SweepFolder {
  constructor(readonly dir: string) {}

  get sweepFile(): string {
    return path.join(this.dir, 'sweep.json');
  }
  get submissionsFile(): string {
    return path.join(this.dir, 'submissions.json');
  }
  get script(): string {
    return path.join(this.dir, 'run.sh');
  }
  get logsDir(): string {
    return path.join(this.dir, 'logs');
  }
  elementFile(index: number): string {
    return path.join(this.dir, 'elements', `${index}.json`);
  }
  runFile(index: number): string {
    return path.join(this.dir, 'runs', `${index}${RUN_FILE_EXTENSION}`);
  }
  /** Slurm's log of element `index` of array `arrayJobId` (sbatch -o DIR/logs/%A_%a.out). */
  logFile(arrayJobId: string, index: number): string {
    return path.join(this.logsDir, `${arrayJobId}_${index}.out`);
  }

  read(): SweepFile {
    return readVersioned(this.sweepFile, SWEEP_FORMAT, SweepFileSchema, 4 << 20);
  }

  submissions(): Submission[] {
    if (!fs.existsSync(this.submissionsFile)) return [];
    return readVersioned(this.submissionsFile, SUBMISSIONS_FORMAT, SubmissionsFileSchema, 4 << 20).submissions;
  }

  addSubmission(s: Submission): void {
    writeJsonAtomic(this.submissionsFile, { format: SUBMISSIONS_FORMAT, version: SWEEP_FILES_VERSION, submissions: [...this.submissions(), s] });
  }

  /** The latest submission that covered element `index`. */
  submissionOf(index: number, all = this.submissions()): Submission | null {
    for (let i = all.length - 1; i >= 0; i--) if (all[i].indices.includes(index)) return all[i];
    return null;
  }

  /** What element `index`'s process last wrote, or null (none yet, or unreadable: then `problem` says why). */
  element(index: number): { file: ElementFile | null; problem: string | null } {
    const file = this.elementFile(index);
    if (!fs.existsSync(file)) return { file: null, problem: null };
    try {
      return { file: readVersioned(file, ELEMENT_FORMAT, ElementFileSchema, 1 << 20), problem: null };
    } catch (e) {
      return { file: null, problem: (e as Error).message };
    }
  }

  writeElement(e: Omit<ElementFile, 'format' | 'version'>): void {
    writeJsonAtomic(this.elementFile(e.index), { format: ELEMENT_FORMAT, version: SWEEP_FILES_VERSION, ...e });
  }

  /** The last lines of a log (at most `maxChars`), or null when there is none. */
  logTail(file: string, maxLines = 20, maxChars = 4000): string | null {
    let text: string;
    try {
      const fd = fs.openSync(file, 'r');
      try {
        const size = fs.fstatSync(fd).size;
        const len = Math.min(size, maxChars * 2);
        const buf = Buffer.alloc(len);
        fs.readSync(fd, buf, 0, len, size - len);
        text = buf.toString('utf8');
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      return null;
    }
    // Progress bars redraw with \r: keep what the line finally said.
    const lines = text.split('\n').map((l) => l.split('\r').pop()!).filter((l) => l.trim() !== '');
    const tail = lines.slice(-maxLines).join('\n');
    return tail.length > maxChars ? tail.slice(-maxChars) : tail || null;
  }
}

function readVersioned<S extends z.ZodType>(file: string, format: string, schema: S, maxBytes: number): z.output<S> {
  const read = readJsonFile(file, maxBytes);
  const name = path.basename(file);
  if (read.kind === 'missing') throw new SweepFileError(`${file} is missing: is this a sweep folder?`);
  if (read.kind === 'corrupt') throw new SweepFileError(`${name}: ${read.reason}`);
  const value = read.value as { format?: unknown; version?: unknown };
  if (typeof value !== 'object' || value === null || value.format !== format) throw new SweepFileError(`${name} is not a ${format} file`);
  if (typeof value.version === 'number' && value.version > SWEEP_FILES_VERSION) {
    throw new SweepFileError(`${name} is version ${value.version}, written by a newer Hamiltonian Studio (this one reads up to ${SWEEP_FILES_VERSION})`);
  }
  const r = schema.safeParse(value);
  if (!r.success) throw new SweepFileError(`${name} is not valid: ${z.prettifyError(r.error).split('\n').slice(0, 6).join(' ')}`);
  return r.data;
}

export const newSweepId = (): string => randomBytes(6).toString('hex');

/** A name as a folder or Slurm job name: lowercase letters, digits and dashes (the real name stays in sweep.json). */
export function slugOf(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'sweep';
}

/** The tag each element's run carries into a project. */
export function tagOf(sweep: Pick<SweepFile, 'id' | 'name' | 'axes' | 'elements'>, index: number): SweepTag {
  const el = sweep.elements.find((e) => e.index === index);
  if (!el) throw new SweepFileError(`the sweep has no element ${index}`);
  return { id: sweep.id, name: sweep.name, index, size: sweep.elements.length, axes: sweep.axes.map((a) => ({ path: a.path, label: a.label })), values: el.values };
}

/**
 * The batch script every element runs: constant text. Its arguments are the command and its arguments, given to
 * sbatch as separate argv entries (no shell ever parses a value); an array element adds its index.
 */
export const RUN_SCRIPT = `#!/bin/sh
# Hamiltonian Studio sweep element (generated). Constant text: every value arrives as an argument, and runs
# as "$@" without being parsed by a shell. An element of an array adds its index.
if [ -n "\${SLURM_ARRAY_TASK_ID:-}" ]; then
  exec "$@" --index "$SLURM_ARRAY_TASK_ID"
fi
exec "$@"
`;

export interface CreateFolderOptions {
  dir: string;
  plan: SweepPlan;
  scheduler: Scheduler;
  appVersion: string;
  id?: string;
  now?: Date;
}

/** Writes a new sweep folder (refuses one that already holds a sweep). */
export function createSweepFolder(o: CreateFolderOptions): { folder: SweepFolder; sweep: SweepFile } {
  const folder = new SweepFolder(path.resolve(o.dir));
  if (fs.existsSync(folder.sweepFile)) throw new SweepFileError(`${folder.dir} already holds a sweep: choose another folder`);
  const sweep: SweepFile = {
    format: SWEEP_FORMAT,
    version: SWEEP_FILES_VERSION,
    id: o.id ?? newSweepId(),
    name: o.plan.name,
    createdAt: (o.now ?? new Date()).toISOString(),
    appVersion: o.appVersion,
    kind: o.plan.kind,
    backend: o.plan.backend,
    axes: o.plan.axes,
    elements: o.plan.elements.map((e) => ({ index: e.index, label: e.label, values: e.values, config: e.config })),
    scheduler: o.scheduler,
  };
  SweepFileSchema.parse(sweep);
  for (const sub of ['elements', 'runs', 'logs']) fs.mkdirSync(path.join(folder.dir, sub), { recursive: true });
  writeFileAtomicSync(folder.script, RUN_SCRIPT, 0o755);
  writeJsonAtomic(folder.sweepFile, sweep);
  return { folder, sweep };
}

export const elementConfig = (sweep: SweepFile, index: number): SweepJobConfig => {
  const el = sweep.elements.find((e) => e.index === index);
  if (!el) throw new SweepFileError(`the sweep has ${sweep.elements.length} elements: no element ${index}`);
  return el.config as SweepJobConfig;
};
