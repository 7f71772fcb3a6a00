import { describe, expect, it, vi } from 'vitest';
import type { EventName, Events, JobInfo, HnnJobConfig } from '../../../preload/contract';
import { JobManager } from '../../../main/services/jobs/job-manager';
import { FakeWorker } from './fake-worker';

const config: HnnJobConfig = {
  kind: 'hnn', model: 'hnn', hidden: 8, learningRate: 1e-3, steps: 10, seed: 0, trainTrajectories: 2,
  testTrajectories: 2, noise: 0.1, evalEvery: 5, rolloutTime: 1,
};

function setup(backend: 'tfjs-node' | 'wasm', maxParallel = 2) {
  const workers: FakeWorker[] = [];
  const events: Array<{ event: EventName; payload: unknown }> = [];
  const manager = new JobManager({
    emit: <E extends EventName>(event: E, payload: Events[E]) => void events.push({ event, payload }),
    workerFactory: (init) => {
      const w = new FakeWorker(init, backend);
      workers.push(w);
      return w;
    },
    predictBackend: () => backend,
    maxParallel,
    cancelGraceMs: 50,
  });
  return { manager, workers, events };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('JobManager scheduling with a fake native backend', () => {
  it('runs native jobs one after another in one long-lived worker', async () => {
    const { manager, workers } = setup('tfjs-node');
    const a = manager.start(config, 'auto');
    const b = manager.start(config, 'auto');
    await flush();
    expect(workers).toHaveLength(1);
    expect(manager.get(a.id).status).toBe('running');
    expect(manager.get(a.id).backend).toBe('tfjs-node');
    expect(manager.get(b.id).status).toBe('queued');
    workers[0].send({ type: 'done', jobId: a.id, status: 'completed', result: null });
    await flush();
    expect(workers).toHaveLength(1);
    expect(workers[0].terminated).toBe(false);
    expect(workers[0].startedJobs()).toEqual([a.id, b.id]);
    expect(manager.get(b.id).status).toBe('running');
  });

  it('runs wasm jobs in parallel, one worker each, up to the limit', async () => {
    const { manager, workers } = setup('wasm', 2);
    const ids = [1, 2, 3].map(() => manager.start(config, 'wasm').id);
    await flush();
    expect(workers).toHaveLength(2);
    expect(manager.get(ids[2]).status).toBe('queued');
    workers[0].send({ type: 'done', jobId: ids[0], status: 'completed', result: { energy_mse: 1 } });
    await flush();
    expect(workers[0].terminated).toBe(true);
    expect(workers).toHaveLength(3);
    expect(manager.get(ids[0]).result).toEqual({ energy_mse: 1 });
  });
});

describe('JobManager lifecycle', () => {
  it('keeps the metric history and forwards it as events', async () => {
    const { manager, workers, events } = setup('wasm');
    const { id } = manager.start(config, 'wasm');
    await flush();
    workers[0].send({ type: 'metrics', jobId: id, rows: [{ step: 1, values: { train_loss: 2 } }], sentAt: 1 });
    workers[0].send({ type: 'metrics', jobId: id, rows: [{ step: 2, values: { train_loss: 1 } }], sentAt: 2 });
    workers[0].send({ type: 'progress', jobId: id, step: 2, total: 10, stepsPerSec: 4 });
    expect(manager.metrics(id).map((r) => r.step)).toEqual([1, 2]);
    expect(events.filter((e) => e.event === 'jobs:metrics')).toHaveLength(2);
    expect(manager.get(id).etaSec).toBe(2);
  });

  it('keeps the log, forwards each line as an event and hands it back (the run view\'s Log panel)', async () => {
    const { manager, workers, events } = setup('wasm');
    const { id } = manager.start(config, 'wasm');
    await flush();
    workers[0].send({ type: 'log', jobId: id, level: 'info', message: 'HNN on the pendulum' });
    workers[0].send({ type: 'log', jobId: id, level: 'warn', message: 'the model draws the average frame' });
    expect(manager.logs(id).map((l) => [l.jobId, l.level, l.message])).toEqual([
      [id, 'info', 'HNN on the pendulum'],
      [id, 'warn', 'the model draws the average frame'],
    ]);
    expect(events.filter((e) => e.event === 'jobs:log').map((e) => (e.payload as Events['jobs:log']).message)).toEqual(['HNN on the pendulum', 'the model draws the average frame']);
    // A copy: what the caller does with it does not change the job's log.
    manager.logs(id).pop();
    expect(manager.logs(id)).toHaveLength(2);
    expect(() => manager.logs('job-nope')).toThrow();
  });

  it('a job whose worker crashes fails alone; the others go on', async () => {
    const { manager, workers } = setup('wasm');
    const a = manager.start(config, 'wasm');
    const b = manager.start(config, 'wasm');
    await flush();
    workers[0].emit('error', new Error('boom'));
    expect(manager.get(a.id).status).toBe('failed');
    expect(manager.get(a.id).error?.message).toMatch(/boom/);
    expect(manager.get(b.id).status).toBe('running');
  });

  it('cancels a queued job at once, and a running one through its worker (terminating it if it hangs)', async () => {
    const { manager, workers } = setup('wasm', 1);
    const a = manager.start(config, 'wasm');
    const b = manager.start(config, 'wasm');
    await flush();
    expect(manager.cancel(b.id).status).toBe('cancelled');
    manager.cancel(a.id);
    expect(workers[0].received.at(-1)).toEqual({ type: 'cancel', jobId: a.id });
    await vi.waitFor(() => expect(manager.get(a.id).status).toBe('cancelled'));
    expect(workers[0].terminated).toBe(true);
  });

  it('discards only finished jobs, and tells the renderer', async () => {
    const { manager, workers, events } = setup('wasm', 1);
    const a = manager.start(config, 'wasm', 'probe');
    await flush();
    expect(() => manager.discard(a.id)).toThrow('probe is running: cancel it before removing it');
    workers[0].send({ type: 'done', jobId: a.id, status: 'completed', result: null });
    await flush();
    expect(manager.discard(a.id)).toEqual({ jobId: a.id });
    expect(manager.list().map((j) => j.id)).not.toContain(a.id);
    expect(events.at(-1)).toEqual({ event: 'jobs:discarded', payload: { jobId: a.id } });
    expect(() => manager.get(a.id)).toThrow();
  });

  it('gives each new worker the threads-per-job setting as it is at that start', async () => {
    let threads = 1;
    const workers: FakeWorker[] = [];
    const manager = new JobManager({
      emit: () => undefined,
      workerFactory: (init) => {
        const w = new FakeWorker(init, 'wasm');
        workers.push(w);
        return w;
      },
      predictBackend: () => 'wasm',
      maxParallel: 2,
      nativeThreads: () => threads,
    });
    manager.start(config, 'wasm');
    threads = 3;
    manager.start(config, 'wasm');
    await flush();
    expect(workers.map((w) => w.init.nativeThreads)).toEqual([1, 3]);
  });

  it('pauses and resumes only when that makes sense', async () => {
    const { manager, workers } = setup('wasm');
    const { id } = manager.start(config, 'wasm');
    await flush();
    expect(manager.pause(id).status).toBe('paused');
    expect(workers[0].received.at(-1)).toEqual({ type: 'pause', jobId: id });
    expect(() => manager.pause(id)).toThrow(/Cannot pause job-1: it is paused/);
    expect(manager.resume(id).status).toBe('running');
    expect(() => manager.get('job-99')).toThrow(/No job job-99/);
  });

  it('a backend that fails to load fails the job with its message', async () => {
    const { manager, workers } = setup('wasm');
    const { id } = manager.start(config, 'cpu');
    await flush();
    workers[0].send({ type: 'fatal', error: { name: 'Error', message: 'The cpu backend could not be loaded' } });
    const info: JobInfo = manager.get(id);
    expect(info.status).toBe('failed');
    expect(info.error?.message).toMatch(/could not be loaded/);
  });
});
