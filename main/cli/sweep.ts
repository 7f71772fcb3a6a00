// `sweep plan | submit [--slurm | --local N] | status | collect --into PROJECT | cancel | resubmit`: grids of runs
// (main/sweeps/), on Slurm as a job array or here N at a time, collected into one project. `sweep run-element`
// is what each array task runs.
import path from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { version } from '../../package.json';
import { axisValueText, SlurmOptionsSchema, type SlurmOptions, type SweepInfo } from '../../preload/contract';
import { collectIntoFile } from '../sweeps/collect';
import { defaultCommand } from '../sweeps/command';
import { runElements } from '../sweeps/element';
import { createSweepFolder, slugOf, SweepFolder, type SweepFile } from '../sweeps/folder';
import { localTransport, sshTransport, type SlurmTransport } from '../sweeps/slurm';
import { readSpecFile } from '../sweeps/spec-file';
import { folderStatus, sweepInfo } from '../sweeps/status';
import { cancelOnSlurm, elementsToResubmit, submitToSlurm } from '../sweeps/submit';
import { intArg } from './options';
import type { RegisterCommands } from './types';

function indexList(value: string): number[] {
  const out: number[] = [];
  for (const part of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) throw new InvalidArgumentError('expected indices such as 3 or 0,2,5-7.');
    const [a, b] = [Number(m[1]), Number(m[2] ?? m[1])];
    if (b < a || b - a > 100_000) throw new InvalidArgumentError(`bad range ${part}.`);
    for (let i = a; i <= b; i++) out.push(i);
  }
  if (!out.length) throw new InvalidArgumentError('expected at least one index.');
  return out;
}

/** `--command 'node /opt/hs/cli.js'` (words) or `--command '["node", "/path with spaces/cli.js"]'` (JSON). */
function commandArg(value: string): string[] {
  const text = value.trim();
  if (text.startsWith('[')) {
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      throw new InvalidArgumentError('expected a JSON array of strings.');
    }
    if (!Array.isArray(v) || !v.length || !v.every((x) => typeof x === 'string' && x.length > 0)) throw new InvalidArgumentError('expected a JSON array of strings.');
    return v as string[];
  }
  const words = text.split(/\s+/).filter(Boolean);
  if (!words.length) throw new InvalidArgumentError('expected a command.');
  return words;
}

/** The Slurm options as flags: the same fields as a sweep file's `slurm` section (preload/sweeps.ts). */
type SlurmFlags = Partial<SlurmOptions>;

const SLURM_KEYS = SlurmOptionsSchema.keyof().options;

function slurmOptions(fromFile: SlurmOptions | undefined, flags: SlurmFlags): SlurmOptions {
  const merged: Record<string, unknown> = { ...fromFile };
  for (const k of SLURM_KEYS) if (flags[k] !== undefined) merged[k] = flags[k];
  const r = SlurmOptionsSchema.safeParse(merged);
  if (!r.success) throw new Error(`Slurm options: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data;
}

export function transportFor(slurm: SlurmOptions): SlurmTransport {
  return slurm.ssh ? sshTransport(slurm.ssh) : localTransport();
}

function openFolder(dir: string): { folder: SweepFolder; sweep: SweepFile } {
  const folder = new SweepFolder(path.resolve(dir));
  return { folder, sweep: folder.read() };
}

const transportOf = (sweep: SweepFile): SlurmTransport | null => (sweep.scheduler.type === 'slurm' ? transportFor(sweep.scheduler.slurm) : null);

/** The state of a sweep folder, as the app shows it. */
export async function statusOf(dir: string): Promise<SweepInfo> {
  const { folder, sweep } = openFolder(dir);
  const t = transportOf(sweep);
  return sweepInfo(folder, sweep, await folderStatus(folder, sweep, { transport: t }), t?.via ?? `${sweep.scheduler.type === 'local' ? sweep.scheduler.parallel : 1} at a time, here`);
}

function resultText(r: Record<string, number> | null): string {
  if (!r) return '';
  return Object.entries(r).slice(0, 3).map(([k, v]) => `${k} ${Number.isFinite(v) ? v.toPrecision(4) : v}`).join(', ');
}

export function formatStatus(info: SweepInfo): string {
  const count = (s: string) => info.elements.filter((e) => e.state === s).length;
  const head = `${info.name} (${info.kind}, ${info.elements.length} runs, ${info.scheduler} via ${info.via}): ${['done', 'running', 'pending', 'failed', 'planned'].map((s) => [s, count(s)] as const).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`).join(', ')}`;
  const rows = info.elements.map((e) => {
    const values = Object.entries(e.values).map(([k, v]) => `${k.split('.').pop()}=${axisValueText(v)}`).join(' ');
    const line = `  ${String(e.index).padStart(3)}  ${e.state.padEnd(8)} ${(e.schedulerId ?? '-').padEnd(10)} ${values}${e.result ? `  ${resultText(e.result)}` : ''}${e.message ? `  ${e.message}` : ''}`;
    const tail = e.state === 'failed' && e.logTail ? `\n${e.logTail.split('\n').slice(-5).map((l) => `         | ${l}`).join('\n')}` : '';
    return line + tail;
  });
  return [head, ...(info.problem ? [`  problem: ${info.problem}`] : []), ...rows].join('\n');
}

const unfinished = (info: SweepInfo) => info.elements.some((e) => e.state === 'pending' || e.state === 'running');

interface SubmitFlags extends SlurmFlags {
  dir?: string;
  slurm?: boolean;
  local?: number;
  collectInto?: string;
}

/** An AbortSignal that fires on SIGINT / SIGTERM (scancel sends SIGTERM): running jobs are cancelled, files written. */
function signalOnInterrupt(): { signal: AbortSignal; dispose: () => void } {
  const ac = new AbortController();
  const on = () => ac.abort();
  process.once('SIGINT', on);
  process.once('SIGTERM', on);
  return { signal: ac.signal, dispose: () => (process.off('SIGINT', on), process.off('SIGTERM', on)) };
}

async function runLocally(folder: SweepFolder, sweep: SweepFile, parallel: number, indices: number[]): Promise<void> {
  folder.addSubmission({ at: new Date().toISOString(), jobId: null, indices, collectJobId: null });
  const { signal, dispose } = signalOnInterrupt();
  try {
    await runElements(folder, sweep, { appVersion: version, parallel, indices, signal });
  } finally {
    dispose();
  }
  const info = await statusOf(folder.dir);
  console.log(formatStatus(info));
  const failed = info.elements.filter((e) => indices.includes(e.index) && e.state !== 'done').length;
  if (failed) throw new Error(`${failed} of ${indices.length} runs did not complete (see above); \`sweep resubmit ${folder.dir}\` runs them again`);
}

async function submitCommand(specFile: string, o: SubmitFlags): Promise<void> {
  if (!!o.slurm === (o.local !== undefined)) throw new InvalidArgumentError('choose one of --slurm or --local N');
  const { plan, slurm: fromFile } = readSpecFile(specFile);
  const dir = path.resolve(o.dir ?? `${slugOf(plan.name)}.sweep`);
  if (o.local !== undefined) {
    const { folder, sweep } = createSweepFolder({ dir, plan, scheduler: { type: 'local', parallel: o.local }, appVersion: version });
    console.log(`sweep ${sweep.id}: ${sweep.elements.length} runs in ${folder.dir}, ${o.local} at a time here`);
    return runLocally(folder, sweep, o.local, sweep.elements.map((e) => e.index));
  }
  const slurm = slurmOptions(fromFile, o);
  const command = slurm.command ?? defaultCommand(slurm.ssh);
  const collectInto = o.collectInto ? (slurm.ssh ? o.collectInto : path.resolve(o.collectInto)) : null;
  const { folder, sweep } = createSweepFolder({ dir, plan, scheduler: { type: 'slurm', slurm, command, collectInto }, appVersion: version });
  const t = transportFor(slurm);
  const sub = await submitToSlurm(folder, sweep, t);
  console.log(`sweep ${sweep.id}: ${sweep.elements.length} runs submitted via ${t.via} as array job ${sub.jobId}${sub.collectJobId ? `, collected into ${collectInto} by job ${sub.collectJobId} when it ends` : ''}`);
  console.log(`folder: ${folder.dir}\nfollow it with: hamiltonian-studio sweep status ${folder.dir}`);
}

export const register: RegisterCommands = (program) => {
  const sweep: Command = program.command('sweep').description('grids of runs (any hyperparameter, seeds, systems) on Slurm or here, collected into one project');

  sweep
    .command('plan')
    .description('expand a sweep file (JSON or YAML) and check every value: the runs it makes')
    .argument('<spec>', 'sweep file')
    .option('--json', 'print the plan as JSON (every run\'s complete job config)')
    .action((file: string, o: { json?: boolean }) => {
      const { plan, slurm, local } = readSpecFile(file);
      if (o.json) return console.log(JSON.stringify({ ...plan, slurm, local }, null, 2));
      console.log(`${plan.name}: ${plan.elements.length} ${plan.kind} runs (${plan.axes.map((a) => `${a.path} x${a.values.length}`).join(', ') || 'no axes'}), backend ${plan.backend}`);
      for (const e of plan.elements) console.log(`  ${String(e.index).padStart(3)}  ${e.label}`);
    });

  sweep
    .command('submit')
    .description('create the sweep folder and run it: on Slurm as a job array (--slurm), or here N at a time (--local N)')
    .argument('<spec>', 'sweep file')
    .option('--dir <folder>', 'the sweep folder (shared with the cluster); default ./NAME.sweep')
    .option('--slurm', 'submit to Slurm (sbatch on the PATH, or --ssh HOST)')
    .option('--local <n>', 'run here, N at a time', intArg(1, 256))
    .option('--ssh <host>', 'submit through ssh to a login node (your ~/.ssh/config and agent; never a password)')
    .option('--remote-dir <dir>', 'the sweep folder as the cluster sees it, if mounted elsewhere there')
    .option('--partition <name>', 'sbatch --partition')
    .option('--account <name>', 'sbatch --account')
    .option('--qos <name>', 'sbatch --qos')
    .option('--time <limit>', 'time limit per run (sbatch --time, e.g. 01:00:00)')
    .option('--cpus-per-task <n>', 'sbatch --cpus-per-task', intArg(1, 1024))
    .option('--mem <size>', 'sbatch --mem (e.g. 4G)')
    .option('--gpus <n>', 'sbatch --gpus', intArg(0, 64))
    .option('--max-concurrent <n>', 'at most N runs at once (the array\'s %N)', intArg(1, 100_000))
    .addOption(new Option('--command <argv>', 'what runs this CLI on the nodes: words, or a JSON array (default: this CLI with this Node; with --ssh, hamiltonian-studio)').argParser(commandArg))
    .option('--collect-into <project>', 'after the array, a dependent Slurm job collects the finished runs into this project')
    .action(submitCommand);

  sweep
    .command('status')
    .description('the state of each run: pending, running, done (with its final metrics), failed (with the tail of its log)')
    .argument('<dir>', 'sweep folder')
    .option('--json', 'print the sweep as JSON')
    .option('--watch [seconds]', 'repeat until nothing is pending or running', (v: string) => intArg(1, 3600)(v))
    .action(async (dir: string, o: { json?: boolean; watch?: number | true }) => {
      for (;;) {
        const info = await statusOf(dir);
        console.log(o.json ? JSON.stringify(info, null, 2) : formatStatus(info));
        if (!o.watch || !unfinished(info)) return;
        await new Promise((r) => setTimeout(r, (o.watch === true ? 10 : o.watch!) * 1000));
      }
    });

  sweep
    .command('collect')
    .description('add the finished runs to a project (created if missing); runs already there are not added again')
    .argument('<dir>', 'sweep folder')
    .requiredOption('--into <project>', 'project file (.hsproj)')
    .action(async (dir: string, o: { into: string }) => {
      const { folder, sweep: s } = openFolder(dir);
      const r = await collectIntoFile(folder, s, o.into, version);
      console.log(`collected ${r.added.length} run${r.added.length === 1 ? '' : 's'} into ${r.file} (${r.already} already there, ${r.notFinished} not finished)`);
      for (const p of r.problems) console.error(`  not collected: ${p}`);
    });

  sweep
    .command('cancel')
    .description('cancel the pending and running runs (scancel), or only the given ones')
    .argument('<dir>', 'sweep folder')
    .option('--index <list>', 'which runs, e.g. 3 or 0,2,5-7', indexList)
    .action(async (dir: string, o: { index?: number[] }) => {
      const { folder, sweep: s } = openFolder(dir);
      const t = transportOf(s);
      if (!t) throw new Error('this sweep runs here, in the process that started it: stop that process (Ctrl-C)');
      const done = await cancelOnSlurm(folder, s, t, o.index);
      console.log(done.length ? `cancelled ${done.length} run${done.length === 1 ? '' : 's'}: ${done.join(', ')}` : 'nothing pending or running to cancel');
    });

  sweep
    .command('resubmit')
    .description('run the failed runs again (or the given ones), as a new array on Slurm or here')
    .argument('<dir>', 'sweep folder')
    .option('--index <list>', 'which runs, e.g. 3 or 0,2,5-7', indexList)
    .option('--local <n>', 'a local sweep: how many at a time', intArg(1, 256))
    .action(async (dir: string, o: { index?: number[]; local?: number }) => {
      const { folder, sweep: s } = openFolder(dir);
      const t = transportOf(s);
      const indices = await elementsToResubmit(folder, s, t, o.index);
      if (!indices.length) return console.log('no failed runs to resubmit');
      if (!t) return runLocally(folder, s, o.local ?? (s.scheduler.type === 'local' ? s.scheduler.parallel : 1), indices);
      const sub = await submitToSlurm(folder, s, t, indices);
      console.log(`resubmitted ${indices.length} run${indices.length === 1 ? '' : 's'} (${indices.join(', ')}) as array job ${sub.jobId}`);
    });

  sweep
    .command('run-element', { hidden: true })
    .description('run one run of a sweep folder here (what each Slurm array task runs)')
    .argument('<dir>', 'sweep folder')
    .option('--index <n>', 'which run (default: $SLURM_ARRAY_TASK_ID)', intArg(0, 1_000_000))
    .action(async (dir: string, o: { index?: number }) => {
      const index = o.index ?? (process.env.SLURM_ARRAY_TASK_ID ? Number(process.env.SLURM_ARRAY_TASK_ID) : NaN);
      if (!Number.isInteger(index)) throw new InvalidArgumentError('--index, or SLURM_ARRAY_TASK_ID, is required');
      const { folder, sweep: s } = openFolder(dir);
      const { signal, dispose } = signalOnInterrupt();
      try {
        const { statuses } = await runElements(folder, s, { appVersion: version, parallel: 1, indices: [index], signal, log: (l) => console.log(l) });
        const status = statuses.get(index);
        if (status !== 'completed') throw new Error(`element ${index} ${status === 'cancelled' ? 'was cancelled' : 'failed'}: ${folder.element(index).file?.message ?? ''}`);
      } finally {
        dispose();
      }
    });
};
