// Format version 1 files (the first, smaller shape) open through the v1 -> v2 migration and save as v2.
import { describe, expect, it } from 'vitest';
import { CURRENT_FORMAT_VERSION, migrateV1toV2, probeProject, projectToBuffer, readProject } from '../../main/project';
import { expectProjectsEqual } from './compare';
import { craftZip, json } from './zip-craft';

const weights = Float32Array.of(0.5, -1.25, 3, 4e-7, -0, 6);

function v1Parts() {
  return {
    manifest: { format: 'hamiltonian-studio-project', version: 1, app: '0.0.3', savedAt: '2025-11-05T10:00:00.000Z' },
    project: { name: 'Old project', datasets: [{ id: 'spring', spec: { system: 'mass-spring', seed: 1 } }], runs: ['run-1'] },
    runs: [
      {
        id: 'run-1',
        kind: 'hnn',
        config: { kind: 'hnn', hidden: 200, steps: 2000 },
        backend: 'wasm',
        status: 'completed',
        metrics: [{ step: 100, values: { loss: 0.5 } }, { step: 200, values: { loss: 'NaN' } }],
        weights: [{ name: 'layer0/w', blob: 'blobs/1.bin', shape: [2, 3] }],
      },
    ],
  };
}

function v1File(parts = v1Parts(), omit: string[] = []): Buffer {
  const entries = [
    { name: 'manifest.json', data: json(parts.manifest) },
    { name: 'project.json', data: json(parts.project) },
    ...parts.runs.map((r) => ({ name: `runs/${r.id}.json`, data: json(r) })),
    { name: 'blobs/1.bin', data: Buffer.from(weights.buffer), method: 0 },
  ];
  return craftZip(entries.filter((e) => !omit.includes(e.name)));
}

describe('migrations', () => {
  it('opens a v1 file as the current version', async () => {
    expect(CURRENT_FORMAT_VERSION).toBe(2);
    const p = await readProject(v1File());
    expect(p.meta).toMatchObject({ name: 'Old project', appVersion: '0.0.3', createdAt: '2025-11-05T10:00:00.000Z', readFromVersion: 1 });
    expect(p.datasets()).toEqual([{ id: 'spring', name: 'spring', spec: { system: 'mass-spring', seed: 1 }, createdAt: '2025-11-05T10:00:00.000Z', data: null }]);
    const run = p.getRun('run-1');
    expect(run).toMatchObject({ kind: 'hnn', label: 'run-1', backend: 'wasm', status: 'completed', config: { hidden: 200 }, marks: [], logs: [], checkpoints: [], saved: [] });
    expect(run.progress).toEqual({ step: 200, total: 200 });
    expect(run.metrics[0].values.loss).toBe(0.5);
    expect(run.metrics[1].values.loss).toBeNaN();
    const w = run.weights!.tensors['layer0/w'];
    expect(w.dtype).toBe('float32');
    expect(w.shape).toEqual([2, 3]);
    expect(Buffer.from(w.values.buffer).equals(Buffer.from(weights.buffer))).toBe(true);
    expect(p.ui).toBeNull();
  });

  it('saves a migrated project as v2, which reopens equal', async () => {
    const p = await readProject(v1File());
    const bytes = await projectToBuffer(p, { appVersion: '0.1.0' });
    expect((await probeProject(bytes)).formatVersion).toBe(2);
    const q = await readProject(bytes);
    expect(q.meta.readFromVersion).toBe(2);
    expectProjectsEqual(p, q);
  });

  it('the migration is a pure function of the v1 parts', () => {
    const parts = v1Parts() as unknown as Parameters<typeof migrateV1toV2>[0];
    const a = migrateV1toV2(parts);
    expect(a).toEqual(migrateV1toV2(structuredClone(parts)));
    expect(a.manifest).toMatchObject({ formatVersion: 2, name: 'Old project', runs: ['run-1'] });
    expect(a.runs[0].weights!.tensors['layer0/w']).toEqual({ blob: 'blobs/1.bin', dtype: 'float32', shape: [2, 3] });
  });

  it('a damaged v1 file is refused with the v1 part named', async () => {
    const bad = v1Parts();
    (bad.runs[0] as Record<string, unknown>).status = 'exploded';
    await expect(readProject(v1File(bad))).rejects.toMatchObject({ code: 'schema', message: expect.stringMatching(/^runs\/run-1\.json: status/) });
    await expect(readProject(v1File(v1Parts(), ['runs/run-1.json']))).rejects.toMatchObject({
      code: 'missing-part',
      message: 'runs/run-1.json is missing (project.json refers to it)',
    });
    await expect(readProject(v1File(v1Parts(), ['project.json']))).rejects.toMatchObject({ code: 'missing-part' });
  });

  it('v1 parts in a v2 file (or v2 parts in a v1 file) are unexpected', async () => {
    const parts = v1Parts();
    const withUi = craftZip([
      { name: 'manifest.json', data: json(parts.manifest) },
      { name: 'project.json', data: json(parts.project) },
      { name: 'ui.json', data: json({ state: null }) },
      ...parts.runs.map((r) => ({ name: `runs/${r.id}.json`, data: json(r) })),
      { name: 'blobs/1.bin', data: Buffer.from(weights.buffer), method: 0 },
    ]);
    await expect(readProject(withUi)).rejects.toMatchObject({ code: 'unexpected-entry', message: expect.stringContaining('"ui.json"') });
  });
});
