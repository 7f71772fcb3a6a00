// A sweep run here (`sweep submit --local 2`'s path): its elements go through a real JobManager two at a time,
// each completed one writes a run file, the status reads them back, and collecting into a project adds each run
// once, however often it is collected. Files from elsewhere are checked: a run file of another element, a sweep
// file from a newer app, a damaged one.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planSweep, SweepTagSchema } from '../../preload/contract';
import { readProject } from '../../main/project';
import { collectIntoFile } from '../../main/sweeps/collect';
import { runElements } from '../../main/sweeps/element';
import { createSweepFolder, SweepFolder } from '../../main/sweeps/folder';
import { readRunFile } from '../../main/sweeps/run-file';
import { folderStatus } from '../../main/sweeps/status';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-sweep-local-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const TINY = { kind: 'hnn', steps: 12, hidden: 8, trainTrajectories: 4, testTrajectories: 2, evalEvery: 4, rolloutTime: 1 } as const;

describe('a sweep run locally, two at a time', () => {
  const planned = planSweep({ name: 'local "two" at a time', base: TINY, axes: [{ path: 'learningRate', values: [1e-3, 2e-3] }], seeds: [0, 1], backend: 'cpu' });
  if (!planned.ok) throw new Error(planned.problems.join('\n'));
  const { folder, sweep } = createSweepFolder({ dir: path.join(scratch, 'sweep'), plan: planned.plan, scheduler: { type: 'local', parallel: 2 }, appVersion: '0.0.0-test' });

  it('runs every element through the JobManager, at most two at once, and writes their run files', async () => {
    folder.addSubmission({ at: new Date().toISOString(), jobId: null, indices: [0, 1, 2, 3], collectJobId: null });
    const lines: string[] = [];
    const { statuses, peakParallel } = await runElements(folder, sweep, { appVersion: '0.0.0-test', parallel: 2, log: (l) => lines.push(l) });
    expect([...statuses.values()]).toEqual(['completed', 'completed', 'completed', 'completed']);
    expect(peakParallel).toBe(2);
    const status = await folderStatus(folder, sweep, { transport: null });
    expect(status.elements.map((e) => e.state)).toEqual(['done', 'done', 'done', 'done']);
    expect(status.elements[0].result?.energy_mse).toBeGreaterThan(0);
    const run = await readRunFile(folder, sweep, 3);
    expect(run.metrics.length).toBeGreaterThan(0);
    expect(run.config).toMatchObject({ learningRate: 2e-3, seed: 1, steps: 12 });
    expect(SweepTagSchema.parse(run.artifacts.sweep)).toMatchObject({ id: sweep.id, index: 3, size: 4, values: { learningRate: 2e-3, seed: 1 } });
    expect(lines.some((l) => /completed/.test(l))).toBe(true);
  });

  it('collecting twice adds each run once; the project reopens with the runs and their curves', async () => {
    const file = path.join(scratch, 'collected.hsproj');
    const first = await collectIntoFile(folder, sweep, file, '0.0.0-test');
    expect(first).toMatchObject({ already: 0, notFinished: 0, problems: [] });
    expect(first.added).toHaveLength(4);
    const second = await collectIntoFile(folder, sweep, file, '0.0.0-test');
    expect(second).toMatchObject({ added: [], already: 4 });
    const project = await readProject(file);
    expect(project.name).toBe('local "two" at a time');
    expect(project.runs()).toHaveLength(4);
    for (const r of project.runs()) expect(r.metrics.length).toBeGreaterThan(0);
    expect(project.runs().map((r) => SweepTagSchema.parse(r.artifacts.sweep).index).sort()).toEqual([0, 1, 2, 3]);
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
  });

  it('refuses a run file of another element, and sweep files it cannot trust', async () => {
    fs.copyFileSync(folder.runFile(1), folder.runFile(2));
    await expect(readRunFile(folder, sweep, 2)).rejects.toThrow(/belongs to sweep [0-9a-f]{12} element 1, not .* element 2/);
    const newer = path.join(scratch, 'newer');
    fs.mkdirSync(newer);
    fs.writeFileSync(path.join(newer, 'sweep.json'), JSON.stringify({ ...sweep, version: 7 }));
    expect(() => new SweepFolder(newer).read()).toThrow(/version 7, written by a newer Hamiltonian Studio/);
    fs.writeFileSync(path.join(newer, 'sweep.json'), JSON.stringify({ ...sweep, elements: [{ ...sweep.elements[0], config: { kind: 'hnn', learningRate: 7 } }] }));
    expect(() => new SweepFolder(newer).read()).toThrow(/sweep\.json is not valid/);
    fs.writeFileSync(path.join(newer, 'sweep.json'), '{"format": "hamiltonian-studio-sweep", ');
    expect(() => new SweepFolder(newer).read()).toThrow(/sweep\.json: not valid JSON/);
    expect(() => createSweepFolder({ dir: folder.dir, plan: planned.plan, scheduler: { type: 'local', parallel: 1 }, appVersion: 'x' })).toThrow(/already holds a sweep/);
  });
});
