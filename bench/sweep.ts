// A sweep on Slurm against the same runs one after another: 16 HNN runs (2 learning rates x 8 seeds) submitted as
// one job array to a single-node Slurm started here (test/sweeps/local-slurm.ts: its own munge key, daemons
// stopped by process id), each array task a fresh CLI process (`sweep run-element`) that writes its run file; then
// the same 16 in this one process through one JobManager (`sweep submit --local 1`'s path, run files included).
//   wall_s               first submission to the last element's end (from what the elements wrote)
//   sequential_s         the 16 one after another in one process
//   slots                how many ran at once on Slurm (the node's CPUs)
//   overhead_s_per_job   (slots x wall_s - sequential_s) / jobs: the slot time each element costs beyond its run
//                        (sbatch and the scheduler's passes, a process start, loading the CLI and the backend)
//   element_s_per_job    the mean time an element's process spent from its start of work to its run file
// `--steps N` (default 300), `--cli source` to run the elements from source (tsx) even when the CLI is built.
// The elements run the built CLI (`npm run build`: what a cluster runs, Node and out/main/cli.js) from a copy of
// out/ taken at the start, so a rebuild of the working tree meanwhile cannot pull it from under them.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { planSweep } from '../preload/contract';
import { thisCli } from '../main/sweeps/command';
import { runElements } from '../main/sweeps/element';
import { createSweepFolder, type SweepFile, type SweepFolder } from '../main/sweeps/folder';
import { localTransport } from '../main/sweeps/slurm';
import { folderStatus } from '../main/sweeps/status';
import { submitToSlurm } from '../main/sweeps/submit';
import { slurmUnavailable, startLocalSlurm } from '../test/sweeps/local-slurm';
import { version } from '../package.json';
import type { Bench } from './run';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function argOf(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

/** The elements' own account of their work: when the first started and the last ended, and the mean span. */
function spans(folder: SweepFolder, sweep: SweepFile): { lastEnd: number; meanS: number } {
  let lastEnd = 0;
  let sum = 0;
  for (const e of sweep.elements) {
    const f = folder.element(e.index).file;
    if (!f?.endedAt) throw new Error(`element ${e.index} did not report its end`);
    const [a, b] = [Date.parse(f.startedAt), Date.parse(f.endedAt)];
    lastEnd = Math.max(lastEnd, b);
    sum += (b - a) / 1000;
  }
  return { lastEnd, meanS: sum / sweep.elements.length };
}

/** A copy of the built app beside links to node_modules and native/ (where the CLI finds the wasm and oneDNN files). */
function builtCliCopy(into: string): string[] | null {
  const root = path.resolve(__dirname, '..');
  if (!fs.existsSync(path.join(root, 'out/main/cli.js'))) return null;
  const app = path.join(into, 'app');
  fs.mkdirSync(app, { recursive: true });
  fs.cpSync(path.join(root, 'out'), path.join(app, 'out'), { recursive: true });
  for (const link of ['node_modules', 'native']) fs.symlinkSync(path.join(root, link), path.join(app, link));
  const cli = [process.execPath, path.join(app, 'out/main/cli.js')];
  const ok = spawnSync(cli[0], [cli[1], 'sweep', '--help'], { encoding: 'utf8', timeout: 60_000 });
  return ok.status === 0 ? cli : null;
}

const bench: Bench = async (args) => {
  const why = slurmUnavailable();
  if (why) throw new Error(why);
  const steps = Number(argOf(args, 'steps') ?? 300);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-bench-sweep-'));
  const built = argOf(args, 'cli') !== 'source' ? builtCliCopy(scratch) : null;
  const useBuilt = built !== null;
  const command = built ?? thisCli();
  const planned = planSweep({
    name: 'bench: 16 HNN runs',
    base: { kind: 'hnn', steps, hidden: 64, trainTrajectories: 25, testTrajectories: 10, evalEvery: 50, rolloutTime: 5 },
    axes: [{ path: 'learningRate', values: [1e-3, 3e-3] }],
    seeds: [0, 1, 2, 3, 4, 5, 6, 7],
    backend: 'wasm',
  });
  if (!planned.ok) throw new Error(planned.problems.join('\n'));
  const plan = planned.plan;
  const slots = os.cpus().length;
  const slurm = await startLocalSlurm({ cpus: slots });
  try {
    // On Slurm: one array, every element its own process.
    const { folder, sweep } = createSweepFolder({ dir: path.join(scratch, 'slurm'), plan, appVersion: version, scheduler: { type: 'slurm', slurm: {}, command, collectInto: null } });
    const t = localTransport(slurm.env);
    const t0 = Date.now();
    await submitToSlurm(folder, sweep, t);
    for (;;) {
      const s = await folderStatus(folder, sweep, { transport: t });
      if (s.problem) throw new Error(s.problem);
      if (s.elements.every((e) => e.state === 'done' || e.state === 'failed')) {
        const failed = s.elements.filter((e) => e.state === 'failed');
        if (failed.length) throw new Error(`element ${failed[0].index} failed: ${failed[0].message}\n${failed[0].logTail ?? ''}`);
        break;
      }
      await sleep(500);
    }
    const slurmSpans = spans(folder, sweep);
    const wall = (slurmSpans.lastEnd - t0) / 1000;
    console.error(`slurm: ${plan.elements.length} runs in ${wall.toFixed(1)} s on ${slots} slots`);

    // The same 16 one after another, in this process.
    const local = createSweepFolder({ dir: path.join(scratch, 'local'), plan, appVersion: version, scheduler: { type: 'local', parallel: 1 } });
    local.folder.addSubmission({ at: new Date().toISOString(), jobId: null, indices: local.sweep.elements.map((e) => e.index), collectJobId: null });
    const t1 = Date.now();
    const { statuses } = await runElements(local.folder, local.sweep, { appVersion: version, parallel: 1, log: () => undefined });
    const sequential = (Date.now() - t1) / 1000;
    if ([...statuses.values()].some((s) => s !== 'completed')) throw new Error(`a sequential run did not complete: ${JSON.stringify([...statuses])}`);
    console.error(`sequential: ${sequential.toFixed(1)} s`);

    const jobs = plan.elements.length;
    const used = Math.min(slots, jobs);
    return {
      backend: 'wasm',
      info: { cli: useBuilt ? 'built (out/main/cli.js)' : 'source (tsx main/cli.ts)', machine: `${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)} at the end` },
      metrics: {
        jobs,
        steps_per_job: steps,
        slots: used,
        wall_s: wall,
        sequential_s: sequential,
        overhead_s_per_job: (used * wall - sequential) / jobs,
        element_s_per_job: slurmSpans.meanS,
        sequential_s_per_job: sequential / jobs,
        speedup: sequential / wall,
      },
    };
  } finally {
    await slurm.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
};

export default bench;
