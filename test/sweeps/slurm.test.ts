// The acceptance test on a real, local, single-node Slurm (test/sweeps/local-slurm.ts starts it from nothing and
// stops it by process id, even when a test fails): a 6-element HNN sweep (2 learning rates x 3 seeds) named
// `a'; rm -rf ~` is submitted with the CLI as one job array; one element is killed with scancel while it runs
// and shows as failed (Slurm's CANCELLED, from scontrol and from the completion log through `sacct -c`), is
// resubmitted and completes; the sweep is collected into a project twice, which reopens with 6 runs and their
// curves. HOME is a scratch folder with a canary in it: the name never reaches a shell.
// The app's path (the sweep service behind the wizard's "Sweep..." and the Sweeps page) runs on the same cluster:
// submitted through sbatch, polled, an element cancelled and resubmitted, the finished runs brought in as jobs.
// Skipped, saying why, where Slurm is not installed; HS_REQUIRE_SLURM=1 (CI) makes a missing Slurm a failure.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SweepTagSchema, type JobInfo, type SweepInfo } from '../../preload/contract';
import { runCli } from '../../main/cli';
import { predictBackend } from '../../main/engine/backends';
import { JobManager } from '../../main/services/jobs/job-manager';
import { SweepService } from '../../main/sweeps/service';
import { readProject } from '../../main/project';
import { SweepFolder } from '../../main/sweeps/folder';
import { localTransport } from '../../main/sweeps/slurm';
import { folderStatus } from '../../main/sweeps/status';
import { slurmUnavailable, startLocalSlurm, type LocalSlurm } from './local-slurm';

const why = slurmUnavailable();
const required = process.env.HS_REQUIRE_SLURM === '1';
const NAME = "a'; rm -rf ~";

describe.skipIf(why !== null && !required)(why && !required ? `a sweep on a local Slurm (skipped: ${why})` : 'a sweep on a local Slurm', () => {
  let slurm: LocalSlurm;
  let scratch: string;
  let home: string;
  const saved = { SLURM_CONF: process.env.SLURM_CONF, HOME: process.env.HOME };

  beforeAll(async () => {
    if (why) throw new Error(`HS_REQUIRE_SLURM=1 but ${why}`);
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-sweep-slurm-'));
    home = path.join(scratch, 'home');
    fs.mkdirSync(home);
    fs.writeFileSync(path.join(home, 'canary'), 'still here');
    slurm = await startLocalSlurm();
    // The CLI (in this process) and the elements (which inherit sbatch's environment) find this cluster.
    process.env.SLURM_CONF = slurm.conf;
    process.env.HOME = home;
  });

  afterAll(async () => {
    Object.assign(process.env, saved);
    if (saved.SLURM_CONF === undefined) delete process.env.SLURM_CONF;
    await slurm?.stop();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  async function cli(...argv: string[]): Promise<string> {
    let out = '';
    const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void (out += `${a.join(' ')}\n`));
    const err = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void (out += `${a.join(' ')}\n`));
    try {
      const code = await runCli(argv);
      if (code !== 0) throw new Error(`sweep ${argv.join(' ')} exited ${code}:\n${out}`);
      return out;
    } finally {
      log.mockRestore();
      err.mockRestore();
    }
  }

  async function until<T>(what: string, probe: () => Promise<T | null> | T | null, seconds = 180): Promise<T> {
    const t0 = Date.now();
    for (;;) {
      const v = await probe();
      if (v !== null) return v;
      if (Date.now() - t0 > seconds * 1000) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  it('runs the array, shows the cancelled element as failed, resubmits it, and collects 6 runs once', async () => {
    const spec = path.join(scratch, 'sweep.yaml');
    fs.writeFileSync(spec, [
      `name: "a'; rm -rf ~"`, 'base:', '  kind: hnn', '  steps: 150', '  hidden: 16', '  trainTrajectories: 6', '  testTrajectories: 3', '  evalEvery: 25', '  rolloutTime: 2',
      'axes:', '  learningRate: [0.001, 0.003]', 'seeds: [0, 1, 2]', 'backend: wasm', '',
    ].join('\n'));
    const dir = path.join(scratch, 'shared', 'lr-seeds');
    const submitted = await cli('sweep', 'submit', spec, '--slurm', '--dir', dir);
    expect(submitted).toMatch(/6 runs submitted via sbatch as array job (\d+)/);
    const folder = new SweepFolder(dir);
    const sweep = folder.read();
    expect(sweep.name).toBe(NAME);
    const arrayId = folder.submissions()[0].jobId!;
    expect(slurm.run(['squeue', '-h', '-r', `--jobs=${arrayId}`, '-o', '%K']).stdout.trim().split('\n')).toHaveLength(6);

    // Element 1 (the second to start): killed with scancel while it runs.
    await until('element 1 to run', () => (folder.element(1).file?.state === 'running' ? true : null));
    expect(slurm.run(['scancel', `${arrayId}_1`]).code).toBe(0);

    const t = localTransport(slurm.env);
    const settled = await until('the array to finish', async () => {
      const s = await folderStatus(folder, sweep, { transport: t });
      return s.elements.some((e) => e.state === 'pending' || e.state === 'running') ? null : s;
    });
    expect(settled.elements.map((e) => e.state)).toEqual(['done', 'failed', 'done', 'done', 'done', 'done']);
    expect(settled.elements[1].message).toMatch(/Slurm: CANCELLED/);
    expect(settled.sources.get(1)).toBe('scontrol');
    expect(settled.elements[1].logTail).toMatch(/learningRate=0\.001 seed=1/);
    // Without scontrol (as after MinJobAge), the completion log says the same through sacct -c.
    const fromLog = await folderStatus(folder, sweep, { transport: t, finalSources: ['sacct', 'sacct-c'] });
    expect(fromLog.elements[1]).toMatchObject({ state: 'failed' });
    expect(fromLog.elements[1].message).toMatch(/Slurm: CANCELLED/);
    expect(fromLog.sources.get(1)).toBe('sacct-c');
    const status = await cli('sweep', 'status', dir);
    expect(status).toMatch(/5 done, 1 failed/);

    // Collected before the resubmission: the 5 that completed.
    const project = path.join(scratch, 'results.hsproj');
    expect(await cli('sweep', 'collect', dir, '--into', project)).toMatch(/collected 5 runs .*\(0 already there, 1 not finished\)/);

    expect(await cli('sweep', 'resubmit', dir)).toMatch(/resubmitted 1 run \(1\) as array job (\d+)/);
    const again = await until('the resubmitted element', async () => {
      const s = await folderStatus(folder, sweep, { transport: t });
      return s.elements[1].state === 'done' || s.elements[1].state === 'failed' ? s : null;
    });
    expect(again.elements.map((e) => e.state)).toEqual(['done', 'done', 'done', 'done', 'done', 'done']);

    expect(await cli('sweep', 'collect', dir, '--into', project)).toMatch(/collected 1 run .*\(5 already there, 0 not finished\)/);
    expect(await cli('sweep', 'collect', dir, '--into', project)).toMatch(/collected 0 runs .*\(6 already there/);

    const reopened = await readProject(project);
    expect(reopened.name).toBe(NAME);
    const runs = reopened.runs();
    expect(runs).toHaveLength(6);
    const byIndex = new Map(runs.map((r) => [SweepTagSchema.parse(r.artifacts.sweep).index, r]));
    expect([...byIndex.keys()].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    for (const [index, r] of byIndex) {
      expect(r.status).toBe('completed');
      expect(r.label.startsWith(`${NAME} · `)).toBe(true);
      expect(r.metrics.length).toBe(150);
      expect(r.metrics.some((m) => Number.isFinite(m.values.test_loss))).toBe(true);
      expect(r.config).toMatchObject({ learningRate: [1e-3, 3e-3][Math.floor(index / 3)], seed: index % 3 });
      expect(r.backend).toBe('wasm');
      expect(r.machine?.cpus).toBeGreaterThan(0);
    }
    expect(fs.readFileSync(path.join(home, 'canary'), 'utf8')).toBe('still here');
  }, 480_000);
  it('from the app: submitted through sbatch, followed, one element cancelled and resubmitted, runs brought in', async () => {
    const latest = new Map<string, SweepInfo>();
    const jobs = new JobManager({ emit: () => undefined, predictBackend, maxParallel: 1 });
    const service = new SweepService({
      jobs, appVersion: '0.0.0-test', pollMs: 300, sweepsDir: () => path.join(scratch, 'app-sweeps'),
      emit: (event, payload) => void (event === 'sweeps:update' && latest.set((payload as SweepInfo).id, payload as SweepInfo)),
    });
    try {
      const started = await service.start({
        spec: { name: 'app: lr', base: { kind: 'hnn', steps: 150, hidden: 16, trainTrajectories: 6, testTrajectories: 3, evalEvery: 25, rolloutTime: 2 }, axes: [{ path: 'learningRate', values: [1e-3, 3e-3] }], backend: 'wasm' },
        run: { mode: 'slurm', slurm: {} },
      });
      expect(started).toMatchObject({ scheduler: 'slurm', via: 'sbatch' });
      expect(started.elements.map((e) => e.schedulerId)).toEqual([expect.stringMatching(/^\d+_0$/), expect.stringMatching(/^\d+_1$/)]);
      const folder = new SweepFolder(started.dir!);
      await until('element 0 to run', () => (folder.element(0).file?.state === 'running' ? true : null));
      await service.cancel(started.id, [0]);
      const settled = await until('the array to finish', () => {
        const s = latest.get(started.id);
        return s && s.elements.every((e) => e.state === 'done' || e.state === 'failed') ? s : null;
      });
      expect(settled.elements.map((e) => e.state)).toEqual(['failed', 'done']);
      expect(settled.elements[0].message).toMatch(/Slurm: CANCELLED/);
      expect(settled.elements[0].logTail).toMatch(/learningRate=0\.001/);
      expect(settled.elements[1].jobId).not.toBeNull();

      const again = await service.resubmit(started.id);
      expect(again.elements[0].state).not.toBe('failed');
      const done = await until('the resubmitted element', () => {
        const s = latest.get(started.id);
        return s && s.elements.every((e) => e.state === 'done') && s.elements.every((e) => e.jobId) ? s : null;
      });
      // Each finished run is a job of the app (curves, exports, Save), brought in once.
      const tagged = jobs.list().filter((j: JobInfo) => j.sweep?.id === started.id);
      expect(tagged.map((j) => j.sweep!.index).sort()).toEqual([0, 1]);
      for (const j of tagged) {
        expect(j.status).toBe('completed');
        expect(jobs.snapshot(j.id).metrics.length).toBe(150);
      }
      expect(done.elements.map((e) => e.jobId).sort()).toEqual(tagged.map((j) => j.id).sort());
    } finally {
      service.dispose();
      await jobs.dispose();
    }
  }, 300_000);
});
