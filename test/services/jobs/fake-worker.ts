// A scripted stand-in for a training worker: lets tests drive the JobManager without threads or tfjs.
import { EventEmitter } from 'node:events';
import type { FromWorker, ToWorker, WorkerInit } from '../../../main/workers/protocol';
import type { WorkerLike } from '../../../main/services/jobs/worker-factory';

export class FakeWorker extends EventEmitter implements WorkerLike {
  readonly received: ToWorker[] = [];
  terminated = false;
  constructor(readonly init: WorkerInit, readonly backend: 'tfjs-node' | 'wasm') {
    super();
    queueMicrotask(() => this.send({ type: 'ready', backend, device: `fake ${backend}` }));
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
  async terminate(): Promise<number> {
    this.terminated = true;
    this.emit('exit', 1);
    return 1;
  }
}
