// Which queued job runs next, and where. Native backends (tfjs-node-gpu / tfjs-node) load in only one worker
// thread per process (tfjs issues #2079, #8388): their jobs share one long-lived worker and run one after
// another. wasm, cpu and webgpu jobs each get their own worker, up to `maxParallel` at once (Dawn's dawn.node
// loads in several worker threads at once: test/engine/webgpu/threads.test.ts).
import type { BackendName } from '../../../preload/contract';

export type Lane = 'native' | 'parallel';

export function laneOf(backend: BackendName): Lane {
  return backend === 'tfjs-node-gpu' || backend === 'tfjs-node' ? 'native' : 'parallel';
}

export interface QueuedJob {
  id: string;
  lane: Lane;
}

export interface LaneState {
  nativeBusy: boolean;
  parallelRunning: number;
  maxParallel: number;
}

/** The queued jobs to start now, in queue order (FIFO within each lane; lanes do not block each other). */
export function pickRunnable(queue: readonly QueuedJob[], state: LaneState): QueuedJob[] {
  const picked: QueuedJob[] = [];
  let nativeBusy = state.nativeBusy;
  let parallel = state.parallelRunning;
  for (const job of queue) {
    if (job.lane === 'native' && !nativeBusy) {
      picked.push(job);
      nativeBusy = true;
    } else if (job.lane === 'parallel' && parallel < state.maxParallel) {
      picked.push(job);
      parallel++;
    }
  }
  return picked;
}
