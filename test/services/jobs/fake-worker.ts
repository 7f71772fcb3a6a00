// A scripted stand-in for a training worker: lets tests drive the JobManager without threads or tfjs.
import { EventEmitter } from 'node:events';
import type { FromWorker, ToWorker, WorkerInit } from '../../../main/workers/protocol';
import type { WorkerLike } from '../../../main/services/jobs/worker-factory';

export class FakeWorker extends EventEmitter implements WorkerLike {
  readonly received: ToWorker[] = [];
  terminated = false;
  /** `load: 'fails'`: the backend does not load (the worker reports 'fatal', as a real one does). */
  constructor(readonly init: WorkerInit, readonly backend: 'tfjs-node' | 'tfjs-node-gpu' | 'wasm', load: 'loads' | 'fails' = 'loads') {
    super();
    queueMicrotask(() =>
      this.send(load === 'loads' ? { type: 'ready', backend, device: `fake ${backend}` } : { type: 'fatal', error: { name: 'Error', message: `The ${backend} backend could not be loaded on this machine.` } }),
    );
  }
  postMessage(msg: ToWorker): void {
    this.received.push(msg);
  }
  send(msg: FromWorker): void {
    this.emit('message', msg);
  }
  startedJobs(): string[] {
    return this.received.filter((m) => m.type === 'start').map((m) => m.jobId);
  }
  /** Completes a job it was given. */
  complete(jobId: string): void {
    this.send({ type: 'done', jobId, status: 'completed', result: { loss: 1 } });
  }
  async terminate(): Promise<number> {
    if (this.terminated) return 1;
    this.terminated = true;
    this.emit('exit', 1);
    return 1;
  }
}
