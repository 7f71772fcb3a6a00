// The real thing: worker threads that load their own tfjs backend and train an HNN.
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { HnnJobConfig } from '../../../preload/contract';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServices } from '../../../main/services';

const base: HnnJobConfig = {
  kind: 'hnn', model: 'hnn', hidden: 16, learningRate: 1e-3, steps: 40, seed: 1, trainTrajectories: 3,
  testTrajectories: 3, noise: 0.1, evalEvery: 10, rolloutTime: 0.5,
};

const services = createServices({ mode: 'browser', emit: () => undefined, maxParallel: 2, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'hs-data-')) });
afterAll(() => services.dispose());

const settle = (id: string) =>
  vi.waitFor(() => expect(['completed', 'failed', 'cancelled']).toContain(services.jobs.get(id).status), { timeout: 60_000, interval: 50 });

describe('training jobs in worker threads', () => {
  it('trains an HNN in a wasm worker and reports backend, metrics and the result', async () => {
    const { id } = services.jobs.start(base, 'wasm');
    await settle(id);
    const info = services.jobs.get(id);
    expect(info.status).toBe('completed');
    expect(info.backend).toBe('wasm');
    expect(info.result?.energy_mse).toBeGreaterThan(0);
    const rows = services.jobs.metrics(id);
    expect(rows.at(-1)?.step).toBe(40);
    expect(rows.filter((r) => 'test_loss' in r.values).length).toBeGreaterThanOrEqual(4);
  });

  it('a throwing job fails with its message while a job beside it completes', async () => {
    const bad = services.jobs.start({ ...base, fault: 'throw' }, 'cpu');
    const good = services.jobs.start(base, 'wasm');
    await settle(bad.id);
    await settle(good.id);
    expect(services.jobs.get(bad.id).status).toBe('failed');
    expect(services.jobs.get(bad.id).error?.message).toBe('Deliberate fault (fault hook) at step 3');
    expect(services.jobs.get(good.id).status).toBe('completed');
  });

  it('a crashing worker fails only its job', async () => {
    const bad = services.jobs.start({ ...base, fault: 'crash', steps: 100_000 }, 'wasm');
    const good = services.jobs.start(base, 'wasm');
    await settle(bad.id);
    await settle(good.id);
    expect(services.jobs.get(bad.id).status).toBe('failed');
    expect(services.jobs.get(bad.id).error?.message).toMatch(/Deliberate worker crash/);
    expect(services.jobs.get(good.id).status).toBe('completed');
  });

  it('cancels a running job between steps', async () => {
    const { id } = services.jobs.start({ ...base, steps: 100_000 }, 'wasm');
    await vi.waitFor(() => expect(services.jobs.get(id).step).toBeGreaterThan(5), { timeout: 30_000 });
    services.jobs.cancel(id);
    await settle(id);
    expect(services.jobs.get(id).status).toBe('cancelled');
    expect(services.jobs.get(id).error).toBeNull();
  });
});
