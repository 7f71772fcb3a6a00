// The app's dataset path end to end in Node: a worker job generates, main verifies and caches, reuse, delete.
import { afterAll, describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DatasetSpec, EventName, Events } from '../../../preload/contract';
import { createServices } from '../../../main/services';

const events: Array<Events['datasets:changed']> = [];
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-ds-'));
const services = createServices({
  mode: 'browser',
  dataDir,
  emit: <E extends EventName>(ev: E, p: Events[E]) => {
    if (ev === 'datasets:changed') events.push(p as Events['datasets:changed']);
  },
});
afterAll(() => services.dispose());

const spec: DatasetSpec = { system: 'pendulum', seed: 3, train: 6, test: 2, steps: 10, dt: 0.125, size: 16, style: 'rs' };

describe('DatasetsService', () => {
  it('generates in a worker job, stores verified bytes, then reuses them', async () => {
    const first = await services.datasets.generate(spec);
    expect(first.cached).toBe(false);
    expect(first.jobId).toMatch(/^job-/);
    await vi.waitFor(() => expect(events.some((e) => e.key === first.key && e.change === 'added')).toBe(true), { timeout: 60_000 });
    expect(services.jobs.get(first.jobId!).status).toBe('completed');
    expect(services.jobs.artifact(first.jobId!, 'dataset')).toBeNull();
    const [entry] = await services.datasets.list();
    expect(entry).toMatchObject({ key: first.key, spec: { system: 'pendulum', seed: 3, train: 6, test: 2 } });
    expect(entry.bytes).toBeGreaterThan(8 * 10 * 16 * 16 * 3);
    expect(await services.datasets.generate(spec)).toEqual({ key: first.key, jobId: null, cached: true });
  });

  it('deletes, and says so', async () => {
    const [entry] = await services.datasets.list();
    expect(await services.datasets.delete(entry.key)).toBe(true);
    expect(await services.datasets.list()).toHaveLength(0);
    expect(events.at(-1)).toEqual({ key: entry.key, change: 'deleted' });
  });

  it('previews a system with frames, states and energy', async () => {
    const p = await services.dispatch('systems:preview', { system: 'two-body', seed: 1, count: 2, steps: 20, dt: 0.125, size: 32, style: 'rs' });
    const preview = p as { frames: Uint8Array; states: Float64Array; energy: Float64Array; dim: number };
    expect(preview.frames.length).toBe(2 * 20 * 32 * 32 * 3);
    expect(preview.states.length).toBe(2 * 20 * preview.dim);
    const e = preview.energy;
    expect(Math.abs(e[19] - e[0]) / Math.abs(e[0])).toBeLessThan(1e-6);
  });
});
