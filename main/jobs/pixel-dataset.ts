// The pixel dataset a HGN or PixelHNN job trains on: the one it was given, or generated from its spec
// (deterministic from the seed) with progress events; null when the user cancels during generation.
import type { Dataset } from '../core/data/dataset';
import { generateDataset } from '../core/data/generate';
import type { DatasetSpec } from '../core/data/spec';
import { sequencesFromSplit, type PixelSequences } from '../core/training/sequences';
import type { RunContext, RunnerEvent } from './runner';

export async function* datasetFor(given: Dataset | undefined, spec: DatasetSpec, totalSteps: number, ctx: RunContext): AsyncGenerator<RunnerEvent, Dataset | null> {
  if (given) return given;
  const gen = generateDataset(spec);
  for (;;) {
    if (ctx.cancelled()) return null;
    const next = gen.next();
    if (next.done) return next.value;
    yield { type: 'progress', step: 0, total: totalSteps, message: `generating data ${next.value.overallDone}/${next.value.overallTotal}` };
  }
}

/** Its train and test sequences (null when cancelled); a dataset without training sequences is refused. */
export async function* sequencesFor(given: Dataset | undefined, spec: DatasetSpec, totalSteps: number, ctx: RunContext): AsyncGenerator<RunnerEvent, { dataset: Dataset; train: PixelSequences; test: PixelSequences } | null> {
  const dataset = yield* datasetFor(given, spec, totalSteps, ctx);
  if (!dataset) return null;
  const train = sequencesFromSplit(dataset.train, dataset.meta.shapes);
  if (train.count === 0) throw new Error('the dataset has no training sequences');
  return { dataset, train, test: sequencesFromSplit(dataset.test, dataset.meta.shapes) };
}

/** What an HGN or PixelHNN trainer takes from its job and data: the splits, length and test schedule. */
export function trainerSchedule(job: { steps: number; evalEvery: number; evalSequences: number }, s: { train: PixelSequences; test: PixelSequences }) {
  return { train: s.train, test: s.test.count > 0 ? s.test : undefined, steps: job.steps, evalEvery: job.evalEvery, evalSequences: job.evalSequences };
}
