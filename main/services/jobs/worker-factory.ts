// How the JobManager gets a worker thread: the real one (source via tsx in dev/tests, or the built file).
import { Worker } from 'node:worker_threads';
import fs from 'node:fs';
import path from 'node:path';
import type { FromWorker, ToWorker, WorkerInit } from '../../workers/protocol';

/** The part of a worker the JobManager uses: tests substitute fakes (e.g. a fake native backend). */
export interface WorkerLike {
  postMessage(msg: ToWorker): void;
  on(event: 'message', listener: (msg: FromWorker) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  terminate(): Promise<number>;
}

export type WorkerFactory = (init: WorkerInit) => WorkerLike;

function resolveEntry(): { file: string; entry?: string } {
  if (__filename.endsWith('.ts')) {
    // Running from source (vitest, tsx): the worker is TypeScript too, loaded through tsx by a small shim.
    const workers = path.resolve(__dirname, '../../workers');
    return { file: path.join(workers, 'dev-bootstrap.cjs'), entry: path.join(workers, 'training.worker.ts') };
  }
  for (const dir of [__dirname, path.resolve(__dirname, '..')]) {
    const file = path.join(dir, 'training.worker.js');
    if (fs.existsSync(file)) return { file };
  }
  throw new Error(`training.worker.js not found next to ${__dirname}: was the app built?`);
}

export const nodeWorkerFactory: WorkerFactory = (init) => {
  const { file, entry } = resolveEntry();
  return new Worker(file, { workerData: { ...init, entry } }) as unknown as WorkerLike;
};
