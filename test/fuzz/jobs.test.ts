// Jobs that go wrong in real worker threads, each followed by a job that must complete: a backend that fails to
// load, a worker killed mid-step, a force-cancel. The native lane is played by real workers too (jobs forced to
// 'tfjs-node' run in one shared worker that loads wasm, or a backend that cannot load), so the lane's recovery is
// exercised with real threads, real exits and real terminations.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BackendChoice, BackendName, HnnJobConfig, JobInfo } from '../../preload/contract';
import { JobManager } from '../../main/services/jobs/job-manager';
import { nodeWorkerFactory } from '../../main/services/jobs/worker-factory';
import { isInstalled } from '../../main/engine/backends';

const job: HnnJobConfig = {
  kind: 'hnn', model: 'hnn', hidden: 16, learningRate: 1e-3, steps: 30, seed: 1, trainTrajectories: 3,
  testTrajectories: 3, noise: 0.1, evalEvery: 10, rolloutTime: 0.5,
};

let manager: JobManager | null = null;
afterEach(async () => {
  await manager?.dispose();
  manager = null;
});

/** Jobs forced to 'tfjs-node' share the native lane's one worker, which really loads `nativeLoads`. */
function setup(nativeLoads: BackendChoice, cancelGraceMs = 10_000): JobManager {
  manager = new JobManager({
    emit: () => undefined,
    workerFactory: (init) => nodeWorkerFactory(init.backend === 'tfjs-node' ? { ...init, backend: nativeLoads } : init),
    predictBackend: (c: BackendChoice): BackendName => (c === 'auto' ? 'wasm' : c),
    maxParallel: 2,
    cancelGraceMs,
  });
  return manager;
}

const settled = (m: JobManager, id: string): Promise<JobInfo> => m.whenFinished(id);

describe('jobs that go wrong, then a job that completes', () => {
  it('a backend that fails to load fails its job and the one queued behind it, clearly; the next job completes', async () => {
    // A native package that is not installed fails to load as on a user's machine; where both are, an unknown name.
    const missing = (['tfjs-node-gpu', 'tfjs-node'] as const).find((b) => !isInstalled(`@tensorflow/${b}`));
    const m = setup(missing ?? ('no-such-backend' as BackendChoice));
    const a = m.start(job, 'tfjs-node');
    const b = m.start(job, 'tfjs-node');
    const c = m.start(job, 'wasm');
    const message = missing ? expect.stringMatching(new RegExp(`^The ${missing} backend could not be loaded on this machine`)) : expect.any(String);
    for (const id of [a.id, b.id]) expect(await settled(m, id)).toMatchObject({ status: 'failed', error: { message } });
    expect(await settled(m, c.id)).toMatchObject({ status: 'completed' });
  });

  it('a worker killed mid-step fails its job alone; the native job queued behind it completes on a fresh worker', async () => {
    const m = setup('wasm');
    const killed = m.start({ ...job, fault: 'crash', steps: 100_000 }, 'tfjs-node');
    const next = m.start(job, 'tfjs-node');
    expect(await settled(m, killed.id)).toMatchObject({ status: 'failed', error: { message: expect.stringMatching(/Deliberate worker crash|exited unexpectedly/) } });
    expect(await settled(m, next.id)).toMatchObject({ status: 'completed', error: null });
  });

  it('a force-cancel ends its job; the native job queued behind it completes', async () => {
    const m = setup('wasm', 0);
    const long = m.start({ ...job, steps: 100_000 }, 'tfjs-node');
    const next = m.start(job, 'tfjs-node');
    await vi.waitFor(() => expect(m.get(long.id).step).toBeGreaterThan(2), { timeout: 60_000, interval: 20 });
    m.cancel(long.id);
    expect(await settled(m, long.id)).toMatchObject({ status: 'cancelled', error: null });
    expect(await settled(m, next.id)).toMatchObject({ status: 'completed', error: null });
  });
});
