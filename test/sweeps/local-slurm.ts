// A single-node Slurm for the tests and the bench, started from nothing and stopped by process id: a fresh munge
// key, munged on its own socket, slurmctld and slurmd in the foreground on free ports, everything (state, spool,
// logs, the job completion log) in one temporary folder. ProctrackType=proctrack/linuxproc and TaskPlugin=task/none
// need no cgroups; there is no slurmdbd, so final states come from scontrol and the completion log
// (JobCompType=jobcomp/filetxt, read by `sacct -c`). Debian: `apt-get install slurmctld slurmd slurm-client munge`.
// Root is not needed: the daemons run as the user running the tests (SlurmUser, SlurmdUser), and so do the jobs.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const SLURM_BINARIES = ['/usr/sbin/slurmctld', '/usr/sbin/slurmd', '/usr/sbin/munged', '/usr/bin/sbatch', '/usr/bin/squeue', '/usr/bin/sacct', '/usr/bin/scontrol', '/usr/bin/scancel', '/usr/bin/sinfo'];

/** Why a local Slurm cannot start here, or null when it can. */
export function slurmUnavailable(): string | null {
  const missing = SLURM_BINARIES.filter((b) => !fs.existsSync(b));
  if (missing.length) return `Slurm is not installed (missing ${missing.join(', ')}; apt-get install slurmctld slurmd slurm-client munge)`;
  return null;
}

async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: n }, () => new Promise<net.Server>((resolve, reject) => {
      const s = net.createServer();
      s.on('error', reject);
      s.listen(0, '127.0.0.1', () => resolve(s));
    })),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

export interface LocalSlurm {
  dir: string;
  conf: string;
  /** The environment Slurm's commands need (SLURM_CONF): pass it to sbatch, squeue... and to the app's transport. */
  env: NodeJS.ProcessEnv;
  /** Runs a Slurm command with that environment. */
  run(argv: string[]): { code: number; stdout: string; stderr: string };
  /** Cancels every job, stops the daemons (SIGTERM, then SIGKILL) and whatever they started, by process id; removes the folder. */
  stop(): Promise<void>;
}

export interface StartOptions {
  cpus?: number;
  /** Keep the folder after stop (to read the daemons' logs). */
  keep?: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms);
    child.once('exit', () => (clearTimeout(t), resolve(true)));
  });
}

/** Processes whose environment names this cluster's slurm.conf: slurmstepd and the jobs it started. */
function processesOf(conf: string): number[] {
  const mark = Buffer.from(`SLURM_CONF=${conf}\0`);
  const pids: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (fs.readFileSync(`/proc/${name}/environ`).includes(mark)) pids.push(Number(name));
    } catch {
      /* gone, or not ours to read */
    }
  }
  return pids;
}

export async function startLocalSlurm(o: StartOptions = {}): Promise<LocalSlurm> {
  const why = slurmUnavailable();
  if (why) throw new Error(why);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-slurm-'));
  fs.chmodSync(dir, 0o711);
  const sub = (p: string) => path.join(dir, p);
  for (const d of ['munge', 'state', 'spool', 'log']) fs.mkdirSync(sub(d), { mode: 0o700 });
  fs.chmodSync(sub('munge'), 0o711);
  fs.writeFileSync(sub('munge/munge.key'), randomBytes(1024), { mode: 0o600 });
  const conf = sub('slurm.conf');
  const env = { ...process.env, SLURM_CONF: conf };
  const children: ChildProcess[] = [];
  const user = os.userInfo().username;
  const host = os.hostname();
  const cpus = o.cpus ?? os.cpus().length;
  const daemon = (file: string, args: string[]) => {
    const child = spawn(file, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    child.on('exit', (code) => {
      if (code) (child as ChildProcess & { lastError?: string }).lastError = err;
    });
    children.push(child);
    return child;
  };
  const run = (argv: string[]) => {
    const r = spawnSync(argv[0], argv.slice(1), { env, encoding: 'utf8', timeout: 30_000 });
    return { code: r.status ?? 1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
  };
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (children[1]?.exitCode === null) {
      run(['scancel', '--full', `--user=${user}`]);
      for (let i = 0; i < 50 && run(['squeue', '-h']).stdout.trim(); i++) await sleep(200);
    }
    // Daemons in reverse order of starting: slurmd, slurmctld, munged.
    for (const child of [...children].reverse()) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      child.kill('SIGTERM');
      if (!(await waitExit(child, 5000))) {
        child.kill('SIGKILL');
        await waitExit(child, 2000);
      }
    }
    for (const pid of processesOf(conf)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    process.off('exit', onExit);
    if (!o.keep) fs.rmSync(dir, { recursive: true, force: true });
  };
  // If the test process dies first, the daemons go with it (synchronously: 'exit' allows nothing else).
  const onExit = () => {
    for (const child of children) child.kill('SIGKILL');
    for (const pid of processesOf(conf)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  };
  process.on('exit', onExit);
  try {
    const [ctld, slurmdPort] = await freePorts(2);
    fs.writeFileSync(
      conf,
      [
        `ClusterName=hs${randomBytes(3).toString('hex')}`,
        `SlurmctldHost=${host}(127.0.0.1)`,
        `SlurmctldPort=${ctld}`,
        `SlurmdPort=${slurmdPort}`,
        `SlurmUser=${user}`,
        `SlurmdUser=${user}`,
        'AuthType=auth/munge',
        'CredType=cred/munge',
        `AuthInfo=socket=${sub('munge/munge.sock')}`,
        `StateSaveLocation=${sub('state')}`,
        `SlurmdSpoolDir=${sub('spool')}`,
        `SlurmctldPidFile=${sub('slurmctld.pid')}`,
        `SlurmdPidFile=${sub('slurmd.pid')}`,
        `SlurmctldLogFile=${sub('log/slurmctld.log')}`,
        `SlurmdLogFile=${sub('log/slurmd.log')}`,
        'ProctrackType=proctrack/linuxproc',
        'TaskPlugin=task/none',
        'SchedulerType=sched/backfill',
        'SelectType=select/cons_tres',
        'SelectTypeParameters=CR_Core',
        'JobCompType=jobcomp/filetxt',
        `JobCompLoc=${sub('jobcomp.txt')}`,
        'AccountingStorageType=accounting_storage/none',
        'JobAcctGatherType=jobacct_gather/none',
        'MpiDefault=none',
        'ReturnToService=2',
        'KillWait=5',
        'MinJobAge=300',
        'InactiveLimit=0',
        `NodeName=${host} NodeAddr=127.0.0.1 CPUs=${cpus} RealMemory=1000 State=UNKNOWN`,
        `PartitionName=debug Nodes=${host} Default=YES MaxTime=INFINITE State=UP`,
        '',
      ].join('\n'),
    );
    daemon('/usr/sbin/munged', ['--foreground', '--force', `--socket=${sub('munge/munge.sock')}`, `--key-file=${sub('munge/munge.key')}`, `--log-file=${sub('log/munged.log')}`, `--pid-file=${sub('munge/munged.pid')}`, `--seed-file=${sub('munge/seed')}`]);
    for (let i = 0; i < 50 && !fs.existsSync(sub('munge/munge.sock')); i++) await sleep(100);
    daemon('/usr/sbin/slurmctld', ['-D', '-i']);
    daemon('/usr/sbin/slurmd', ['-D']);
    let state = '';
    for (let i = 0; i < 150; i++) {
      state = run(['sinfo', '-h', '-o', '%t']).stdout.trim();
      if (state === 'idle') break;
      const dead = children.find((c) => c.exitCode !== null);
      if (dead) throw new Error(`${dead.spawnfile} exited (${dead.exitCode}): ${(dead as ChildProcess & { lastError?: string }).lastError ?? ''}`);
      await sleep(200);
    }
    if (state !== 'idle') throw new Error(`the local Slurm node did not come up (sinfo: ${state || 'nothing'}); logs in ${dir}/log`);
  } catch (e) {
    await stop();
    throw e;
  }
  return { dir, conf, env, run, stop };
}
