// Runs the pure generator on this thread, handing the event loop back between progress reports so the process
// stays responsive and cancellation (AbortSignal) is noticed. Workers use the `generate-dataset` runner instead.
import { generateDataset, type GenerateProgress } from '../../core/data/generate';
import type { Dataset } from '../../core/data/dataset';
import type { DatasetSpec } from '../../core/data/spec';

export type ProgressListener = (progress: GenerateProgress) => void;

/** How long the generator may hold the thread before yielding to the event loop. */
const SLICE_MS = 50;

export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const err = new Error('dataset generation cancelled');
  err.name = 'AbortError';
  return err;
}

export async function generateInProcess(spec: DatasetSpec, onProgress?: ProgressListener, signal?: AbortSignal): Promise<Dataset> {
  const gen = generateDataset(spec);
  let sliceStart = Date.now();
  for (;;) {
    if (signal?.aborted) throw abortError(signal);
    const step = gen.next();
    if (step.done) return step.value;
    onProgress?.(step.value);
    if (Date.now() - sliceStart > SLICE_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStart = Date.now();
    }
  }
}
