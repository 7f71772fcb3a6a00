// Talking to Slurm: sbatch, squeue, sacct, scontrol, scancel, run with an argv array, never through a shell built
// from values. Locally they are spawned directly; through SSH the remote command is the constant `xargs -0 -x env`
// and the argv travels on stdin, NUL-separated, so a login node's shell never parses a value either (OpenSSH joins
// its command arguments into one shell string: that string is ours and constant). SSH runs in batch mode with the
// user's own configuration and agent: no password is ever asked for or stored.
//
// States. Live: `squeue` (pending, running). Final, first that answers: `sacct` (needs accounting storage:
// slurmdbd, which clusters run), then `scontrol show job` (slurmctld remembers a finished job for MinJobAge, 300 s
// by default), then `sacct -c` over the job completion log (JobCompType=jobcomp/filetxt, what our single-node test
// cluster uses instead of a database; its lines carry raw job ids, matched to elements by the ids each element
// records when it starts).
import { spawn } from 'node:child_process';
import type { SlurmOptions } from '../../preload/contract';

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface SlurmTransport {
  /** Runs `argv` (argv[0] a Slurm command) where Slurm is; never throws for a non-zero exit. */
  run(argv: readonly string[]): Promise<ExecResult>;
  /** "sbatch" or "ssh HOST", for messages. */
  readonly via: string;
}

function collect(child: ReturnType<typeof spawn>, input: Buffer | null, timeoutMs: number, what: string): Promise<ExecResult> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ code: 127, stdout, stderr: err.code === 'ENOENT' ? `${what}: command not found` : `${what}: ${err.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr: signal === 'SIGKILL' && code === null ? `${stderr}${what}: timed out after ${timeoutMs / 1000} s` : stderr });
    });
    if (input) child.stdin?.end(input);
    else child.stdin?.end();
  });
}

/** Slurm's commands on this machine's PATH (`env` may carry SLURM_CONF). */
export function localTransport(env: NodeJS.ProcessEnv = process.env, timeoutMs = 60_000): SlurmTransport {
  return {
    via: 'sbatch',
    run: (argv) => collect(spawn(argv[0], argv.slice(1), { env, stdio: ['pipe', 'pipe', 'pipe'] }), null, timeoutMs, argv[0]),
  };
}

/** The remote command: constant. xargs reads the NUL-separated argv from stdin and runs it through env (no shell). */
export const SSH_REMOTE_COMMAND = ['xargs', '-0', '-x', 'env'] as const;

/** Slurm's commands on a login node, through `ssh` (the user's config and agent; BatchMode: never a password prompt). */
export function sshTransport(host: string, opts: { ssh?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): SlurmTransport {
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.@:-]*$/.test(host)) throw new Error(`not an SSH destination: ${JSON.stringify(host)}`);
  const ssh = opts.ssh ?? 'ssh';
  return {
    via: `ssh ${host}`,
    run: (argv) => {
      for (const a of argv) if (a.includes('\0')) throw new Error('an argument holds a NUL character');
      const input = Buffer.from(argv.map((a) => `${a}\0`).join(''), 'utf8');
      const child = spawn(ssh, ['-o', 'BatchMode=yes', '-T', '--', host, ...SSH_REMOTE_COMMAND], { env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
      return collect(child, input, opts.timeoutMs ?? 60_000, `ssh ${host}`);
    },
  };
}

export class SlurmError extends Error {
  override name = 'SlurmError';
}

const firstLine = (s: string) => s.trim().split('\n').filter(Boolean).slice(-3).join(' ').slice(0, 500);

/** What sbatch needs for one array. Every value becomes its own argv entry. */
export interface ArraySubmission extends Pick<SlurmOptions, 'partition' | 'account' | 'qos' | 'time' | 'cpusPerTask' | 'mem' | 'gpus' | 'maxConcurrent'> {
  script: string;
  /** The script's arguments: the CLI command and its arguments. */
  args: readonly string[];
  indices: readonly number[];
  jobName: string;
  workDir: string;
  /** sbatch -o pattern, e.g. DIR/logs/%A_%a.out ('%' in DIR itself is escaped by the caller). */
  output: string;
  dependency?: string;
}

/** "0-5" or "1,3,7-9": indices as Slurm's --array list (with %N to cap how many run at once). */
export function arraySpec(indices: readonly number[], maxConcurrent?: number): string {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',') + (maxConcurrent ? `%${maxConcurrent}` : '');
}

/** `%` is a pattern character in sbatch's -o: a literal one in a folder name is doubled. */
export const escapeOutputPattern = (p: string) => p.replace(/%/g, '%%');

export function sbatchArgv(s: ArraySubmission): string[] {
  const argv = ['sbatch', '--parsable', `--job-name=${s.jobName}`, `--chdir=${s.workDir}`, `--output=${s.output}`];
  if (s.indices.length) argv.push(`--array=${arraySpec(s.indices, s.maxConcurrent)}`);
  if (s.partition) argv.push(`--partition=${s.partition}`);
  if (s.account) argv.push(`--account=${s.account}`);
  if (s.qos) argv.push(`--qos=${s.qos}`);
  if (s.time) argv.push(`--time=${s.time}`);
  if (s.cpusPerTask) argv.push(`--cpus-per-task=${s.cpusPerTask}`);
  if (s.mem) argv.push(`--mem=${s.mem}`);
  if (s.gpus) argv.push(`--gpus=${s.gpus}`);
  if (s.dependency) argv.push(`--dependency=${s.dependency}`);
  argv.push(s.script, ...s.args);
  return argv;
}

/** Submits; returns the (array) job id. */
export async function sbatch(t: SlurmTransport, s: ArraySubmission): Promise<string> {
  const r = await t.run(sbatchArgv(s));
  // --parsable prints "jobid" or "jobid;cluster".
  const id = /^(\d+)(;\S+)?\s*$/m.exec(r.stdout)?.[1];
  if (r.code !== 0 || !id) throw new SlurmError(`sbatch (via ${t.via}) failed: ${firstLine(r.stderr || r.stdout) || `exit ${r.code}`}`);
  return id;
}

/** Slurm's state of one element, and where it came from. */
export interface ElementState {
  state: string;
  reason: string | null;
  exitCode: string | null;
  /** The raw job id, when known (squeue, scontrol). */
  rawId: string | null;
  source: 'squeue' | 'sacct' | 'scontrol' | 'sacct-c';
}

/** `ARRAY_TASK` keys. */
export const keyOf = (arrayJobId: string, index: number | string) => `${arrayJobId}_${index}`;

/** Parses `squeue -h -r -o '%F|%K|%A|%T|%r'`: array id, task id, raw id, state, reason. */
export function parseSqueue(text: string): Map<string, ElementState> {
  const out = new Map<string, ElementState>();
  for (const line of text.split('\n')) {
    const [arrayId, task, raw, state, reason] = line.trim().split('|');
    if (!state || !/^\d+$/.test(arrayId ?? '') || !/^\d+$/.test(task ?? '')) continue;
    out.set(keyOf(arrayId, task), { state, reason: reason && reason !== 'None' ? reason : null, exitCode: null, rawId: raw || null, source: 'squeue' });
  }
  return out;
}

/** Parses `sacct -X -n -P -o JobID,State,ExitCode` with accounting: JobID is ARRAY_TASK (ranges of pending tasks are skipped). */
export function parseSacct(text: string): Map<string, ElementState> {
  const out = new Map<string, ElementState>();
  for (const line of text.split('\n')) {
    const [id, state, exitCode] = line.trim().split('|');
    const m = /^(\d+)_(\d+)$/.exec(id ?? '');
    if (!m || !state) continue;
    out.set(keyOf(m[1], m[2]), { state: state.split(' ')[0], reason: state.includes(' by ') ? state : null, exitCode: exitCode || null, rawId: null, source: 'sacct' });
  }
  return out;
}

/** Parses `scontrol show job -o`: one line per job, key=value fields (ArrayJobId, ArrayTaskId, JobState, Reason, ExitCode). */
export function parseScontrol(text: string): Map<string, ElementState> {
  const out = new Map<string, ElementState>();
  for (const line of text.split('\n')) {
    const field = (k: string) => new RegExp(`(?:^| )${k}=(\\S*)`).exec(line)?.[1] ?? null;
    const arrayId = field('ArrayJobId');
    const task = field('ArrayTaskId');
    const state = field('JobState');
    if (!arrayId || !task || !state || !/^\d+$/.test(task)) continue;
    const reason = field('Reason');
    out.set(keyOf(arrayId, task), { state, reason: reason && reason !== 'None' ? reason : null, exitCode: field('ExitCode'), rawId: field('JobId'), source: 'scontrol' });
  }
  return out;
}

/** Parses `sacct -c -n -P -o JobID,State,ExitCode` (the completion log): raw job ids. */
export function parseSacctCompletion(text: string): Map<string, { state: string; exitCode: string | null }> {
  const out = new Map<string, { state: string; exitCode: string | null }>();
  for (const line of text.split('\n')) {
    const [id, state, exitCode] = line.trim().split('|');
    if (!/^\d+$/.test(id ?? '') || !state) continue;
    out.set(id, { state: state.split(' ')[0], exitCode: exitCode || null });
  }
  return out;
}

export type FinalSource = 'sacct' | 'scontrol' | 'sacct-c';
export const FINAL_SOURCES: readonly FinalSource[] = ['sacct', 'scontrol', 'sacct-c'];

export interface QueryOptions {
  /** Raw job ids the elements recorded (key ARRAY_TASK -> raw id), for the completion log. */
  rawIds?: ReadonlyMap<string, string>;
  /** Which final-state sources to ask, in order (tests pick one). */
  finalSources?: readonly FinalSource[];
  /** The elements (ARRAY_TASK keys) to find: the sources after the first that knows them all are not asked. */
  expected?: readonly string[];
}

export interface QueryResult {
  states: Map<string, ElementState>;
  /** Why Slurm could not be asked at all (then every state is unknown), or null. */
  problem: string | null;
}

const NO_ACCOUNTING = /accounting storage is disabled|slurmdbd|Problem talking to the database|cannot connect/i;

/** The state of every element of these arrays that Slurm knows about: live from squeue, final from the first source that answers. */
export async function queryStates(t: SlurmTransport, arrayIds: readonly string[], opts: QueryOptions = {}): Promise<QueryResult> {
  const states = new Map<string, ElementState>();
  if (!arrayIds.length) return { states, problem: null };
  const ids = [...new Set(arrayIds)];
  const q = await t.run(['squeue', '-h', '-r', `--jobs=${ids.join(',')}`, '-o', '%F|%K|%A|%T|%r']);
  // squeue refuses ids it no longer knows ("Invalid job id specified"): all of them finished.
  if (q.code !== 0 && !/Invalid job id/i.test(q.stderr)) return { states, problem: `squeue (via ${t.via}) failed: ${firstLine(q.stderr) || `exit ${q.code}`}` };
  for (const [k, v] of parseSqueue(q.stdout)) states.set(k, v);
  const missing = () => !opts.expected || opts.expected.some((k) => !states.has(k));
  for (const source of opts.finalSources ?? FINAL_SOURCES) {
    if (!missing()) break;
    if (source === 'sacct') {
      const r = await t.run(['sacct', '-X', '-n', '-P', `--jobs=${ids.join(',')}`, '--format=JobID,State,ExitCode']);
      if (r.code !== 0 || NO_ACCOUNTING.test(r.stderr + r.stdout)) continue;
      for (const [k, v] of parseSacct(r.stdout)) if (!states.has(k)) states.set(k, v);
    } else if (source === 'scontrol') {
      for (const id of ids) {
        const r = await t.run(['scontrol', 'show', 'job', '-o', id]);
        if (r.code !== 0) continue;
        for (const [k, v] of parseScontrol(r.stdout)) if (!states.has(k)) states.set(k, v);
      }
    } else if (opts.rawIds?.size) {
      const r = await t.run(['sacct', '-c', '-n', '-P', '--format=JobID,State,ExitCode']);
      if (r.code !== 0) continue;
      const byRaw = parseSacctCompletion(r.stdout);
      for (const [k, raw] of opts.rawIds) {
        const done = byRaw.get(raw);
        if (done && !states.has(k)) states.set(k, { state: done.state, reason: null, exitCode: done.exitCode, rawId: raw, source: 'sacct-c' });
      }
    }
  }
  return { states, problem: null };
}

export async function scancel(t: SlurmTransport, ids: readonly string[]): Promise<void> {
  if (!ids.length) return;
  const r = await t.run(['scancel', ...ids]);
  if (r.code !== 0) throw new SlurmError(`scancel (via ${t.via}) failed: ${firstLine(r.stderr) || `exit ${r.code}`}`);
}

/** Slurm states that will not change any more, and how each reads for a user. */
export const LIVE_STATES = new Set(['PENDING', 'CONFIGURING', 'RUNNING', 'COMPLETING', 'SUSPENDED', 'REQUEUED', 'REQUEUE_HOLD', 'REQUEUE_FED', 'RESIZING', 'SIGNALING', 'STAGE_OUT', 'STOPPED', 'RESV_DEL_HOLD']);
export const isRunningState = (s: string) => ['RUNNING', 'COMPLETING', 'SIGNALING', 'STAGE_OUT', 'SUSPENDED', 'STOPPED'].includes(s);
