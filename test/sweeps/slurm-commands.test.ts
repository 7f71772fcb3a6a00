// Slurm's commands as data: sbatch's argv keeps every value one argument (a hostile name included), the outputs
// of squeue, sacct, scontrol and sacct -c parse into element states, final states come from sacct where
// accounting answers and from the fallbacks where it does not, and the SSH transport carries an argv to the login
// node without any shell parsing a value (a fake `ssh` that runs its command string with sh, as sshd does).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  arraySpec, escapeOutputPattern, parseSacct, parseSacctCompletion, parseScontrol, parseSqueue, queryStates, sbatchArgv, sshTransport, type ExecResult, type SlurmTransport,
} from '../../main/sweeps/slurm';
import { createSweepFolder, RUN_SCRIPT } from '../../main/sweeps/folder';
import { exitText, folderStatus } from '../../main/sweeps/status';
import { cancelOnSlurm } from '../../main/sweeps/submit';
import { planSweep } from '../../preload/contract';

const HOSTILE = ["a'; rm -rf ~", '$(touch pwned)', '`touch pwned`', 'x y\tz', '"quoted" \\ back', '--partition=evil', '*', '~', '; echo hi', 'ünïcode ✓'];
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-slurm-cmd-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe('sbatch argv', () => {
  it('--array lists, with a cap on how many run at once', () => {
    expect(arraySpec([0, 1, 2, 3, 4, 5])).toBe('0-5');
    expect(arraySpec([5, 1, 3, 2, 9], 2)).toBe('1-3,5,9%2');
    expect(escapeOutputPattern('/data/100%/x')).toBe('/data/100%%/x');
  });

  it('every value is one argv entry: nothing is joined into a shell string', () => {
    const argv = sbatchArgv({ script: '/s/run.sh', args: ['node', '/cli.js', 'sweep', 'run-element', HOSTILE[0]], indices: [0, 1], jobName: 'hs-a-rm-rf', workDir: HOSTILE[0], output: '/o/%A_%a.out', partition: 'debug' });
    expect(argv).toEqual(['sbatch', '--parsable', '--job-name=hs-a-rm-rf', `--chdir=${HOSTILE[0]}`, '--output=/o/%A_%a.out', '--array=0-1', '--partition=debug', '/s/run.sh', 'node', '/cli.js', 'sweep', 'run-element', HOSTILE[0]]);
  });

  it('the batch script is constant and runs its arguments as they are', () => {
    const script = path.join(scratch, 'run.sh');
    fs.writeFileSync(script, RUN_SCRIPT, { mode: 0o755 });
    const out = execFileSync(script, ['printf', '%s\\n', ...HOSTILE], { cwd: scratch, env: { ...process.env, SLURM_ARRAY_TASK_ID: '7' }, encoding: 'utf8' });
    expect(out.split('\n').slice(0, -1)).toEqual([...HOSTILE, '--index', '7']);
    expect(fs.existsSync(path.join(scratch, 'pwned'))).toBe(false);
  });
});

describe('Slurm outputs', () => {
  it('exit codes in words: an exit status, or the signal that ended it', () => {
    expect([exitText('0:0'), exitText('1:0'), exitText('0:15'), exitText('0:9'), exitText(null)]).toEqual(['', ', exit 1', ', signal 15 (SIGTERM)', ', signal 9 (SIGKILL)', '']);
  });

  it('squeue -r: array id, task, raw id, state, reason', () => {
    const s = parseSqueue('8|2|8|PENDING|Resources\n8|1|10|RUNNING|None\ngarbage\n');
    expect(s.get('8_2')).toMatchObject({ state: 'PENDING', reason: 'Resources', rawId: '8', source: 'squeue' });
    expect(s.get('8_1')).toMatchObject({ state: 'RUNNING', reason: null, rawId: '10' });
    expect(s.size).toBe(2);
  });

  it('sacct with accounting: ARRAY_TASK ids; pending ranges skipped; "CANCELLED by 0"', () => {
    const s = parseSacct('12_0|COMPLETED|0:0\n12_1|CANCELLED by 0|0:15\n12_[2-5]|PENDING|0:0\n12|COMPLETED|0:0\n');
    expect([...s.keys()]).toEqual(['12_0', '12_1']);
    expect(s.get('12_1')).toMatchObject({ state: 'CANCELLED', reason: 'CANCELLED by 0', exitCode: '0:15', source: 'sacct' });
  });

  it('scontrol show job -o, and the completion log through sacct -c', () => {
    const s = parseScontrol('JobId=7 ArrayJobId=5 ArrayTaskId=1 JobName=hs-x UserId=root(0) JobState=CANCELLED Reason=None Dependency=(null) ExitCode=0:15\nJobId=5 ArrayJobId=5 ArrayTaskId=2-3 JobState=PENDING Reason=Resources\n');
    expect([...s.keys()]).toEqual(['5_1']);
    expect(s.get('5_1')).toMatchObject({ state: 'CANCELLED', exitCode: '0:15', rawId: '7', source: 'scontrol' });
    const c = parseSacctCompletion('7|CANCELLED|0:0\n6|COMPLETED|0:0\n');
    expect(c.get('7')).toEqual({ state: 'CANCELLED', exitCode: '0:0' });
  });
});

/** A Slurm that answers from a table of canned outputs, and records what it was asked. */
function fakeSlurm(answers: Record<string, Partial<ExecResult>>): SlurmTransport & { asked: string[] } {
  const asked: string[] = [];
  return {
    via: 'fake',
    asked,
    run: async (argv) => {
      const key = argv[0] === 'sacct' && argv.includes('-c') ? 'sacct-c' : argv[0];
      asked.push(key);
      return { code: 0, stdout: '', stderr: '', ...answers[key] };
    },
  };
}

describe('final states', () => {
  it('sacct answers where accounting storage is there', async () => {
    const t = fakeSlurm({ squeue: { stdout: '3|1|9|RUNNING|None\n' }, sacct: { stdout: '3_0|COMPLETED|0:0\n3_2|FAILED|1:0\n' } });
    const r = await queryStates(t, ['3'], { expected: ['3_0', '3_1', '3_2'] });
    expect(r.states.get('3_1')?.source).toBe('squeue');
    expect(r.states.get('3_0')).toMatchObject({ state: 'COMPLETED', source: 'sacct' });
    expect(r.states.get('3_2')).toMatchObject({ state: 'FAILED', exitCode: '1:0' });
    expect(t.asked).toEqual(['squeue', 'sacct']);
  });

  it('without accounting: scontrol, then the completion log matched by the raw ids the elements recorded', async () => {
    const t = fakeSlurm({
      squeue: { code: 1, stderr: 'slurm_load_jobs error: Invalid job id specified' },
      sacct: { code: 1, stderr: 'Slurm accounting storage is disabled' },
      scontrol: { stdout: 'JobId=4 ArrayJobId=3 ArrayTaskId=0 JobState=COMPLETED Reason=None ExitCode=0:0\n' },
      'sacct-c': { stdout: '5|CANCELLED|0:15\n' },
    });
    const r = await queryStates(t, ['3'], { expected: ['3_0', '3_1'], rawIds: new Map([['3_1', '5']]) });
    expect(r.problem).toBeNull();
    expect(r.states.get('3_0')).toMatchObject({ state: 'COMPLETED', source: 'scontrol' });
    expect(r.states.get('3_1')).toMatchObject({ state: 'CANCELLED', source: 'sacct-c', rawId: '5' });
    expect(t.asked).toEqual(['squeue', 'sacct', 'scontrol', 'sacct-c']);
  });

  it('a Slurm that cannot be reached is a problem, not a state', async () => {
    const t = fakeSlurm({ squeue: { code: 1, stderr: 'squeue: error: Unable to contact slurm controller' } });
    const r = await queryStates(t, ['3']);
    expect(r.problem).toMatch(/squeue \(via fake\) failed: .*Unable to contact/);
  });
});

describe('cancelling', () => {
  it('a pending element cancelled, which Slurm then forgets, reads as cancelled while pending', async () => {
    const planned = planSweep({ name: 'cancel', base: { kind: 'hnn', steps: 10 }, axes: [], seeds: [0, 1], backend: 'cpu' });
    if (!planned.ok) throw new Error(planned.problems.join('\n'));
    const { folder, sweep } = createSweepFolder({ dir: path.join(scratch, 'cancel'), plan: planned.plan, scheduler: { type: 'slurm', slurm: {}, command: ['hs'], collectInto: null }, appVersion: 'x' });
    folder.addSubmission({ at: new Date().toISOString(), jobId: '5', indices: [0, 1], collectJobId: null });
    let queue = '5|0|6|RUNNING|None\n5|1|5|PENDING|Resources\n';
    const asked: string[][] = [];
    const t: SlurmTransport = {
      via: 'fake',
      run: async (argv) => {
        asked.push([...argv]);
        if (argv[0] === 'scancel') queue = '5|0|6|RUNNING|None\n';
        if (argv[0] === 'squeue') return { code: 0, stdout: queue, stderr: '' };
        return { code: argv[0] === 'scancel' ? 0 : 1, stdout: '', stderr: argv[0] === 'scancel' ? '' : 'Invalid job id specified' };
      },
    };
    expect(await cancelOnSlurm(folder, sweep, t, [1])).toEqual([1]);
    expect(asked.find((a) => a[0] === 'scancel')).toEqual(['scancel', '5_1']);
    const s = await folderStatus(folder, sweep, { transport: t });
    expect(s.elements.map((e) => e.state)).toEqual(['running', 'failed']);
    expect(s.elements[1].message).toBe('cancelled while pending (it never ran)');
  });
});

describe('through SSH', () => {
  it('the argv arrives on the login node as it was sent; the remote command string is constant', async () => {
    // OpenSSH joins the command's arguments with spaces and the remote shell parses that string: the fake does too.
    const bin = path.join(scratch, 'bin');
    fs.mkdirSync(bin, { recursive: true });
    const log = path.join(scratch, 'ssh-args');
    fs.writeFileSync(path.join(bin, 'ssh'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${log}'\nwhile [ "$1" != "--" ]; do shift; done\nshift; shift\nexec sh -c "$*"\n`, { mode: 0o755 });
    const t = sshTransport('login.example', { ssh: path.join(bin, 'ssh'), env: { ...process.env, HOME: scratch } });
    expect(t.via).toBe('ssh login.example');
    const r = await t.run(['printf', '%s\\n', ...HOSTILE]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').slice(0, -1)).toEqual(HOSTILE);
    expect(fs.readFileSync(log, 'utf8').split('\n').slice(0, -1)).toEqual(['-o', 'BatchMode=yes', '-T', '--', 'login.example', 'xargs', '-0', '-x', 'env']);
    expect(fs.existsSync(path.join(scratch, 'pwned'))).toBe(false);
    expect(() => sshTransport('-oProxyCommand=evil')).toThrow(/not an SSH destination/);
  });
});
