// The jobs store keeps the newest state of a job even when its updates overtake the reply to jobs.start (a short
// job can finish before the reply arrives), and the state it returns is that newest one.
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Api, Events, JobInfo } from '../../preload/contract';
import { setApi } from '../../renderer/src/api/instance';
import { useJobs } from '../../renderer/src/stores/jobs';

function info(status: JobInfo['status']): JobInfo {
  return {
    id: 'job-1', kind: 'hnn', label: 'probe', status, backendChoice: 'wasm', backend: 'wasm', device: null, step: 0, total: 10,
    stepsPerSec: 0, etaSec: null, memoryBytes: null, createdAt: 1, startedAt: null, endedAt: null, error: null, result: null,
    config: { kind: 'hnn' } as JobInfo['config'],
  };
}

/** An event bus as the API's `on` sees it, and the `emit` a test drives it with. */
function eventBus() {
  const listeners = new Map<string, Array<(p: unknown) => void>>();
  const emit = <E extends keyof Events>(e: E, p: Events[E]) => listeners.get(e)?.forEach((f) => f(p));
  const on = (e: string, f: (p: unknown) => void) => {
    listeners.set(e, [...(listeners.get(e) ?? []), f]);
    return () => undefined;
  };
  return { on, emit };
}

/** An API whose jobs.start reply arrives only after the job's 'running' and 'completed' updates. */
function overtakingApi(): Api {
  const { on, emit } = eventBus();
  const api = {
    on,
    jobs: {
      list: async () => [],
      metrics: async () => [],
      marks: async () => [],
      logs: async () => [],
      artifacts: async () => [],
      start: async () => {
        emit('jobs:update', info('running'));
        emit('jobs:update', info('completed'));
        return info('queued');
      },
    },
  };
  return api as unknown as Api;
}

beforeEach(() => {
  setActivePinia(createPinia());
  setApi(overtakingApi());
});

describe('jobs store', () => {
  it("keeps the finished state when the job's updates overtake the start reply", async () => {
    const jobs = useJobs();
    await jobs.init();
    const started = await jobs.start({ kind: 'hnn' } as JobInfo['config'], 'wasm', 'probe');
    expect(started.status).toBe('completed');
    expect(jobs.byId.get('job-1')?.status).toBe('completed');
  });
});

/** An API for a reopened project: its runs arrive finished, each with its curve, checkpoint marks and log. */
function reopenedApi(): { api: Api; emit: <E extends keyof Events>(e: E, p: Events[E]) => void } {
  const { on, emit } = eventBus();
  const api = {
    on,
    jobs: {
      list: async () => [],
      metrics: async () => [{ step: 1, values: { train_loss: 1 } }],
      marks: async ({ jobId }: { jobId: string }) => [{ jobId, step: 3, kind: 'checkpoint', message: 'saved' }],
      logs: async ({ jobId }: { jobId: string }) => [{ jobId, level: 'warn', message: 'sat at the mean frame', time: 5 }],
      artifacts: async () => [],
    },
  };
  return { api: api as unknown as Api, emit };
}

describe('jobs store, a reopened project', () => {
  it('selects a run and brings back its checkpoint marks and its log', async () => {
    const { api, emit } = reopenedApi();
    setApi(api);
    const jobs = useJobs();
    await jobs.init();
    expect(jobs.selected).toEqual([]);
    emit('jobs:update', { ...info('completed'), id: 'job-7' });
    emit('jobs:update', { ...info('completed'), id: 'job-8' });
    expect(jobs.selected).toEqual(['job-7']);
    await new Promise((r) => setTimeout(r, 0));
    await new Promise((r) => setTimeout(r, 0));
    expect(jobs.marks.get('job-7')?.map((m) => [m.step, m.kind])).toEqual([[3, 'checkpoint']]);
    expect(jobs.logs.get('job-7')?.map((l) => [l.level, l.message])).toEqual([['warn', 'sat at the mean frame']]);
    expect(jobs.rowsOf('job-8')).toHaveLength(1);
    // A line that arrives live is added after the saved ones.
    emit('jobs:log', { jobId: 'job-7', level: 'info', message: 'later', time: 6 });
    expect(jobs.logs.get('job-7')?.map((l) => l.message)).toEqual(['sat at the mean frame', 'later']);
  });
});
