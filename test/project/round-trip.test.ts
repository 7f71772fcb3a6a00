import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project, projectToBuffer, readProject, writeProjectFile, ProjectError } from '../../main/project';
import { expectProjectsEqual } from './compare';
import { FIXED_DATE, sampleProject } from './fixtures';

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hsproj-rt-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('round trip', () => {
  it('an HGN-like and a flow-like run come back identical: configs, histories, weights bitwise', async () => {
    const p = sampleProject(1);
    const file = path.join(dir, 'two-runs.hsproj');
    const { manifest } = await writeProjectFile(p, file, { appVersion: '0.1.0', now: FIXED_DATE });
    const q = await readProject(file);
    expectProjectsEqual(p, q);
    expect(q.meta.readFromVersion).toBe(2);
    expect(q.meta.modifiedAt).toBe(manifest.modifiedAt);
    // The conv kernels keep their 4-D shapes, NaN and -0 survive in histories and saved arrays.
    const hgn = q.getRun('hgn-1');
    expect(hgn.weights!.tensors['encoder/conv0/kernel'].shape).toEqual([3, 3, 15, 8]);
    expect(Object.is(hgn.metrics[3].values.kl, -0)).toBe(true);
    expect(hgn.metrics[7].values.lambda).toBeNaN();
    expect(q.getRun('flow-1').result!.test_iwae).toBe(Number.NEGATIVE_INFINITY);
    expect(q.getRun('flow-1').weights!.tensors.steps.values).toEqual(Int32Array.of(1, -2, 3));
  });

  it('saving twice gives the same bytes (deterministic layout and dates)', async () => {
    const p = sampleProject(2);
    const a = await projectToBuffer(p, { appVersion: '0.1.0', now: FIXED_DATE });
    const b = await projectToBuffer(await readProject(a), { appVersion: '0.1.0', now: FIXED_DATE });
    expect(b.equals(a)).toBe(true);
  });

  it('deflated blobs round-trip too', async () => {
    const p = sampleProject(3);
    const all = await projectToBuffer(p, { appVersion: '0.1.0', compress: 'all' });
    const none = await projectToBuffer(p, { appVersion: '0.1.0' });
    expectProjectsEqual(p, await readProject(all));
    expect(all.length).toBeLessThan(none.length);
  });

  it('an empty project round-trips', async () => {
    const p = Project.create({ name: 'Empty', now: FIXED_DATE });
    const q = await readProject(await projectToBuffer(p, { appVersion: '0.1.0' }));
    expect(q.runs()).toEqual([]);
    expect(q.datasets()).toEqual([]);
    expect(q.ui).toBeNull();
  });

  it('refuses to save what it could not open again', async () => {
    const p = sampleProject(4);
    const run = p.getRun('flow-1');
    (run.weights!.tensors['mlp/0/b'].values as Float32Array)[3] = Number.NaN; // mutated in place, behind the API
    await expect(projectToBuffer(p, { appVersion: '0.1.0' })).rejects.toMatchObject({ code: 'non-finite', message: expect.stringContaining('mlp/0/b') });
    expect(() => p.setWeights('hgn-1', { w: { dtype: 'float32', shape: [2], values: Float32Array.of(1, Infinity) } })).toThrow(ProjectError);
    expect(() => p.setWeights('hgn-1', { w: { dtype: 'float32', shape: [3], values: Float32Array.of(1, 2) } })).toThrow(/2 values for shape \[3\]/);
    expect(() => p.addRun({ id: '../x', kind: 'hgn', config: {} })).toThrow(/run id/);
    expect(() => p.setUi({ big: 'x'.repeat(2 << 20) })).toThrow(/UI state/);
  });
});
