import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobInfo } from '../../../preload/contract';
import { ProjectSession, projectHandlers, projectRequestSchemas, type JobSnapshot } from '../../../main/services/projects';

let root: string;
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'hsproj-handlers-'));
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

const job: JobSnapshot = {
  info: { id: 'job-1', kind: 'hnn', label: 'HNN #1', status: 'completed', backendChoice: 'cpu', backend: 'cpu', device: 'cpu', step: 5, total: 5, stepsPerSec: 1, etaSec: null, memoryBytes: null, createdAt: 1, startedAt: 2, endedAt: 3, error: null, result: { loss: 0.1 }, config: { kind: 'hnn', model: 'hnn', hidden: 4, learningRate: 1e-3, steps: 5, seed: 1, trainTrajectories: 2, testTrajectories: 1, noise: 0, evalEvery: 1, rolloutTime: 1 } } as JobInfo,
  metrics: [{ step: 5, values: { loss: 0.1 } }],
  marks: [],
  logs: [],
  artifacts: new Map([['samples', { kind: 'f32', shape: [2, 2], values: Float32Array.of(1, 2, 3, 4) }]]),
};

describe('project handlers (the suggested contract channels)', () => {
  it('validate their payloads like the contract does', () => {
    expect(projectRequestSchemas['projects:open'].safeParse({ path: '' }).success).toBe(false);
    expect(projectRequestSchemas['projects:open'].safeParse({ path: '/x.hsproj', extra: 1 }).success).toBe(false);
    expect(projectRequestSchemas['projects:export'].safeParse({ runId: '../x', what: 'weights', outDir: '/tmp' }).success).toBe(false);
    expect(projectRequestSchemas['projects:export'].safeParse({ runId: 'run-1', what: 'pictures', outDir: '/tmp' }).success).toBe(false);
    expect(projectRequestSchemas['projects:save'].safeParse(undefined).success).toBe(true);
  });

  it('add a finished job as a run, show it, save, reopen, export', async () => {
    const session = new ProjectSession({ configDir: path.join(root, 'config'), appVersion: '0.1.0' });
    const h = projectHandlers({ session, appVersion: '0.1.0', jobSnapshot: () => job });
    const added = await h['projects:addRun']({ jobId: 'job-1' });
    expect(added.dirty).toBe(true);
    expect(added.summary.runs[0]).toMatchObject({ id: 'run-1', kind: 'hnn', metricRows: 1, saved: 1 });
    const view = await h['projects:run']({ runId: 'run-1' });
    expect(view.saved).toEqual([expect.objectContaining({ id: 'samples', kind: 'samples', tensors: { samples: { dtype: 'float32', shape: [2, 2] } } })]);
    expect(view.machine).toMatchObject({ app: '0.1.0' });
    expect((await h['projects:savedArrays']({ runId: 'run-1', savedId: 'samples' })).samples).toEqual({ kind: 'f32', shape: [2, 2], values: Float32Array.of(1, 2, 3, 4) });
    await h['projects:setUi']({ state: { openRun: 'run-1', scrubber: 12 } });
    const saved = await h['projects:saveAs']({ path: path.join(root, 'p.hsproj') });
    expect(saved.dirty).toBe(false);
    const opened = await h['projects:open']({ path: saved.path! });
    expect(session.project.ui).toEqual({ openRun: 'run-1', scrubber: 12 });
    expect(opened.state.summary.runs).toHaveLength(1);
    expect((await h['projects:recent'](undefined)).map((e) => e.path)).toEqual([saved.path]);
    const out = await h['projects:export']({ runId: 'run-1', what: 'samples', outDir: path.join(root, 'out') });
    expect(await fs.readFile(out.files[0], 'utf8')).toBe('x0,x1\n1,2\n3,4\n');
  });
});
