import { describe, expect, it } from 'vitest';
import { laneOf, pickRunnable } from '../../../main/services/jobs/scheduler';

describe('scheduler', () => {
  it('puts native backends in the one native lane', () => {
    expect(laneOf('tfjs-node-gpu')).toBe('native');
    expect(laneOf('tfjs-node')).toBe('native');
    expect(laneOf('wasm')).toBe('parallel');
    expect(laneOf('cpu')).toBe('parallel');
    // Dawn loads in several worker threads at once (test/engine/webgpu/backend.test.ts): no shared lane needed.
    expect(laneOf('webgpu')).toBe('parallel');
  });
  it('starts one native job at a time, and parallel jobs up to the limit, FIFO, lanes independent', () => {
    const queue = [
      { id: 'a', lane: 'native' as const },
      { id: 'b', lane: 'native' as const },
      { id: 'c', lane: 'parallel' as const },
      { id: 'd', lane: 'parallel' as const },
      { id: 'e', lane: 'parallel' as const },
    ];
    expect(pickRunnable(queue, { nativeBusy: false, parallelRunning: 0, maxParallel: 2 }).map((j) => j.id)).toEqual(['a', 'c', 'd']);
    expect(pickRunnable(queue, { nativeBusy: true, parallelRunning: 1, maxParallel: 2 }).map((j) => j.id)).toEqual(['c']);
  });
});
