// Issue 16, defects 5 and 6: the native lane (one shared worker for tfjs-node jobs) must never wedge or take a
// later job down with an earlier one. A backend that fails to load, a worker killed mid-step and a force-cancel
// are each followed by a job that completes. Fake native workers, fake timers: no threads, no waiting.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackendChoice, BackendName, HnnJobConfig } from '../../../preload/contract';
import { JobManager } from '../../../main/services/jobs/job-manager';
import { FakeWorker } from './fake-worker';

const config: HnnJobConfig = {
  kind: 'hnn', model: 'hnn', hidden: 8, learningRate: 1e-3, steps: 10, seed: 0, trainTrajectories: 2,
  testTrajectories: 2, noise: 0.1, evalEvery: 5, rolloutTime: 1,
};

/** A manager whose workers are fakes; `loads(i)` says whether the i-th worker's backend loads. */
function setup(loads: (i: number) => boolean = () => true) {
  const workers: FakeWorker[] = [];
  const manager = new JobManager({
    emit: () => undefined,
    workerFactory: (init) => {
      const backend = (init.backend === 'auto' ? 'tfjs-node' : init.backend) as 'tfjs-node' | 'tfjs-node-gpu';
      const w = new FakeWorker(init, backend, loads(workers.length) ? 'loads' : 'fails');
      workers.push(w);
      return w;
    },
    predictBackend: (choice: BackendChoice): BackendName => (choice === 'auto' ? 'tfjs-node' : choice),
    maxParallel: 2,
    cancelGraceMs: 1000,
  });
  return { manager, workers };
}

const flush = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the native lane', () => {
  it('after its backend fails to load, the next native jobs get a fresh worker and complete (defect 5)', async () => {
    const { manager, workers } = setup((i) => i > 0);
    const a = manager.start(config, 'tfjs-node');
    const b = manager.start(config, 'tfjs-node');
    const c = manager.start(config, 'tfjs-node');
    await flush();
    expect(manager.get(a.id)).toMatchObject({ status: 'failed', error: { message: 'The tfjs-node backend could not be loaded on this machine.' } });
    expect(workers[0].terminated).toBe(true);
    expect(workers).toHaveLength(2);
    expect(workers[1].startedJobs()).toEqual([b.id]);
    expect(manager.get(b.id)).toMatchObject({ status: 'running', backend: 'tfjs-node' });
    expect(manager.get(c.id).status).toBe('queued');
    workers[1].complete(b.id);
    await flush();
    expect(manager.get(b.id).status).toBe('completed');
    expect(workers[1].startedJobs()).toEqual([b.id, c.id]);
    workers[1].complete(c.id);
    await flush();
    expect(manager.get(c.id).status).toBe('completed');
  });

  it('a job that forces another native backend gets a worker that loads that backend (defect 5)', async () => {
    const { manager, workers } = setup();
    const gpu = manager.start(config, 'tfjs-node-gpu');
    const cpu = manager.start(config, 'tfjs-node');
    await flush();
    workers[0].complete(gpu.id);
    await flush();
    expect(workers.map((w) => w.init.backend)).toEqual(['tfjs-node-gpu', 'tfjs-node']);
    expect(workers[0].terminated).toBe(true);
    expect(manager.get(cpu.id)).toMatchObject({ status: 'running', backend: 'tfjs-node' });
    const again = manager.start(config, 'tfjs-node');
    workers[1].complete(cpu.id);
    await flush();
    // The same choice reuses the long-lived worker.
    expect(workers).toHaveLength(2);
    expect(workers[1].startedJobs()).toEqual([cpu.id, again.id]);
  });

  it('a force-cancel terminates the worker without killing the next native job (defect 6)', async () => {
    const { manager, workers } = setup();
    const hung = manager.start(config, 'tfjs-node');
    const next = manager.start(config, 'tfjs-node');
    await flush();
    manager.cancel(hung.id);
    // The worker never answers the cancel: after the grace period it is terminated.
    await vi.advanceTimersByTimeAsync(1000);
    expect(manager.get(hung.id)).toMatchObject({ status: 'cancelled', error: null });
    expect(workers[0].terminated).toBe(true);
    expect(manager.get(next.id)).toMatchObject({ status: 'running', error: null });
    expect(workers[1].startedJobs()).toEqual([next.id]);
    workers[1].complete(next.id);
    await flush();
    expect(manager.get(next.id).status).toBe('completed');
  });

  it('a worker killed mid-step fails its job alone; the next native job runs on a fresh worker', async () => {
    const { manager, workers } = setup();
    const killed = manager.start(config, 'tfjs-node');
    const next = manager.start(config, 'tfjs-node');
    await flush();
    workers[0].send({ type: 'progress', jobId: killed.id, step: 3, total: 10, stepsPerSec: 1 });
    workers[0].emit('exit', 137);
    expect(manager.get(killed.id)).toMatchObject({ status: 'failed', error: { message: 'The worker exited unexpectedly (code 137).' } });
    await flush();
    expect(workers[1].startedJobs()).toEqual([next.id]);
    expect(manager.get(next.id)).toMatchObject({ status: 'running', error: null });
    workers[1].complete(next.id);
    await flush();
    expect(manager.get(next.id).status).toBe('completed');
  });

  it('a worker that crashes (error, then exit) fails its job with the crash, and only that job', async () => {
    const { manager, workers } = setup();
    const crashed = manager.start(config, 'tfjs-node');
    const next = manager.start(config, 'tfjs-node');
    await flush();
    workers[0].emit('error', new Error('out of memory'));
    workers[0].emit('exit', 1);
    expect(manager.get(crashed.id)).toMatchObject({ status: 'failed', error: { message: 'The worker crashed: out of memory' } });
    await flush();
    expect(manager.get(next.id)).toMatchObject({ status: 'running', error: null });
    workers[1].complete(next.id);
    await flush();
    expect(manager.get(next.id).status).toBe('completed');
  });
});
