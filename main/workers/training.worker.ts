// Worker-thread entry: loads its own tfjs backend, then runs the jobs the JobManager sends, one at a time
// (a native-backend worker is long-lived and hosts every native job in turn).
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../engine/backends';
import { setNativeThreads } from '../engine/native-kernels';
import { setBf16Convs } from '../engine/native-kernels/precision';
import { hostJob, type JobControl } from './job-host';
import { toErrorInfo } from '../../preload/contract';
import type { FromWorker, ToWorker, WorkerInit } from './protocol';

const port = parentPort!;
// Progress carries the backend's tensor memory: the UI shows it and the wizard's estimate reads its peak.
const post = (msg: FromWorker) => port.postMessage(msg.type === 'progress' ? { ...msg, ...memoryNow() } : msg);

/** Tensor bytes, and on WebGPU the GPU buffers tfjs holds (in use plus its pool): what the device really spends. */
function memoryNow(): { memoryBytes: number; gpuBytes?: number } {
  const m = tf.memory() as tf.MemoryInfo & { numBytesAllocatedInGPU?: number };
  return m.numBytesAllocatedInGPU !== undefined ? { memoryBytes: m.numBytes, gpuBytes: m.numBytesAllocatedInGPU } : { memoryBytes: m.numBytes };
}
const controls = new Map<string, JobControl>();
let queue: Promise<void> = Promise.resolve();

function control(msg: Exclude<ToWorker, { type: 'start' }>): void {
  const c = controls.get(msg.jobId);
  if (!c) return;
  if (msg.type === 'cancel') c.cancelled = true;
  c.paused = msg.type === 'pause';
  c.wake?.();
}

async function main(): Promise<void> {
  const init = workerData as WorkerInit;
  if (init.nativeThreads) setNativeThreads(init.nativeThreads);
  setBf16Convs(init.bf16Convs === true);
  const ready = initBackend(init.backend).then(
    (info) => post({ type: 'ready', backend: info.name, device: info.device }),
    (err: unknown) => {
      post({ type: 'fatal', error: toErrorInfo(err) });
      throw err;
    },
  );
  port.on('message', (msg: ToWorker) => {
    if (msg.type !== 'start') return control(msg);
    const c: JobControl = { cancelled: false, paused: false };
    controls.set(msg.jobId, c);
    queue = queue
      .then(() => ready)
      .then(() => hostJob(msg.jobId, msg.config, c, post))
      .catch(() => undefined)
      .finally(() => controls.delete(msg.jobId));
  });
  await ready.catch(() => undefined);
}

void main();
