// The child process of the browser-mode robustness tests: a real browser-mode server (temporary renderer, data
// and config folders) whose jobs run on a stand-in worker that stays 'running' until cancelled, so a test can
// hit the server with hostile input and then check that the process lives and the job was not disturbed.
// Prints one line `{"port": N, "token": "..."}` when ready.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from '../../../main/browser-mode/server';
import type { WorkerLike } from '../../../main/services/jobs/worker-factory';
import type { FromWorker, ToWorker } from '../../../main/workers/protocol';

/** Loads instantly, reports one step of progress per start, then waits; a cancel ends the job. */
class IdleWorker extends EventEmitter implements WorkerLike {
  constructor() {
    super();
    queueMicrotask(() => this.send({ type: 'ready', backend: 'wasm', device: 'stand-in worker' }));
  }
  postMessage(msg: ToWorker): void {
    if (msg.type === 'start') this.send({ type: 'progress', jobId: msg.jobId, step: 1, total: 1_000_000, stepsPerSec: 1 });
    if (msg.type === 'cancel') this.send({ type: 'done', jobId: msg.jobId, status: 'cancelled', result: null });
  }
  private send(msg: FromWorker): void {
    queueMicrotask(() => this.emit('message', msg));
  }
  async terminate(): Promise<number> {
    this.emit('exit', 1);
    return 1;
  }
}

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-serve-child-'));
  const renderer = path.join(root, 'renderer');
  fs.mkdirSync(renderer);
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Hamiltonian Studio</title>');
  fs.writeFileSync(path.join(renderer, 'app.js'), 'console.log(1)');
  process.env.HS_CONFIG_DIR = path.join(root, 'config');
  const server = await startServer({ port: 0, token: 'a'.repeat(48), rendererDir: renderer, dataDir: path.join(root, 'data'), workerFactory: () => new IdleWorker() });
  process.stdout.write(`${JSON.stringify({ port: server.port, token: server.token })}\n`);
  const stop = () =>
    void server
      .close()
      .finally(() => fs.rmSync(root, { recursive: true, force: true }))
      .finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

void main();
