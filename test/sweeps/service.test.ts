// The app's sweep service without a cluster: a local sweep runs through the JobManager one at a time, a queued
// element cancelled shows as failed and runs when resubmitted; a Slurm sweep whose submission fails (sbatch
// missing, ssh refused) says why and is not left behind as a sweep that never ran.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SweepInfo } from '../../preload/contract';
import { predictBackend } from '../../main/engine/backends';
import { JobManager } from '../../main/services/jobs/job-manager';
import { SweepService } from '../../main/sweeps/service';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-sweep-service-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const TINY = { kind: 'hnn', steps: 12, hidden: 8, trainTrajectories: 4, testTrajectories: 2, evalEvery: 4, rolloutTime: 1 } as const;

function setup(transportFor?: ConstructorParameters<typeof SweepService>[0]['transportFor']) {
  const updates: SweepInfo[] = [];
  const jobs = new JobManager({ emit: () => undefined, predictBackend, maxParallel: 2 });
  const service = new SweepService({
    jobs, appVersion: '0.0.0-test', sweepsDir: () => path.join(scratch, 'sweeps'), transportFor,
    emit: (event, payload) => void (event === 'sweeps:update' && updates.push(payload as SweepInfo)),
  });
  return { jobs, service, updates };
}

async function until<T>(probe: () => T | null, seconds = 120): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = probe();
    if (v !== null) return v;
    if (Date.now() - t0 > seconds * 1000) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the sweep service', () => {
  it('a local sweep: one at a time, a cancelled element is failed, resubmitted it completes', async () => {
    const { jobs, service, updates } = setup();
    try {
      const s = await service.start({ spec: { name: 'one at a time', base: TINY, axes: [], seeds: [0, 1, 2], backend: 'cpu' }, run: { mode: 'local', parallel: 1 } });
      // One at a time: only the first has a job yet.
      expect(s.elements.map((e) => e.jobId !== null)).toEqual([true, false, false]);
      expect(s.elements.map((e) => e.state)).toEqual([expect.stringMatching(/^(pending|running)$/), 'pending', 'pending']);
      await service.cancel(s.id, [2]);
      const settled = await until(() => {
        const last = service.list()[0];
        return last.elements.every((e) => e.state === 'done' || e.state === 'failed') ? last : null;
      });
      expect(settled.elements.map((e) => e.state)).toEqual(['done', 'done', 'failed']);
      expect(settled.elements[2].message).toMatch(/cancelled/);
      expect(updates.length).toBeGreaterThan(0);
      await service.resubmit(s.id);
      const again = await until(() => (service.list()[0].elements.every((e) => e.state === 'done') ? service.list()[0] : null));
      const tagged = jobs.list().filter((j) => j.sweep?.id === s.id);
      expect(tagged.map((j) => j.sweep!.index).sort()).toEqual([0, 1, 2]);
      expect(again.elements.map((e) => e.jobId).sort()).toEqual(tagged.map((j) => j.id).sort());
    } finally {
      service.dispose();
      await jobs.dispose();
    }
  }, 120_000);

  it('a Slurm sweep that cannot be submitted says why and is not kept', async () => {
    const { jobs, service } = setup(() => ({ via: 'ssh login', run: async () => ({ code: 255, stdout: '', stderr: 'Permission denied (publickey).' }) }));
    try {
      await expect(service.start({ spec: { name: 'refused', base: TINY, axes: [], seeds: [0, 1], backend: 'cpu' }, run: { mode: 'slurm', slurm: { ssh: 'login' } } })).rejects.toThrow(
        /sbatch \(via ssh login\) failed: Permission denied \(publickey\)/,
      );
      expect(service.list()).toEqual([]);
    } finally {
      service.dispose();
      await jobs.dispose();
    }
  });
});
