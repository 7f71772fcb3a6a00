// The worker runner for dataset generation (main/workers/runners/generate-dataset.ts): progress, artifacts, cancel.
import { describe, expect, it } from 'vitest';
import { generateDatasetRunner } from '../../../main/jobs/generate-dataset';
import { decodeDataset, type DatasetHeader } from '../../../main/core/data/format';
import { encodeDataset } from '../../../main/core/data/format';
import { generateDatasetSync } from '../../../main/core/data/generate';
import { makeRng } from '../../../main/core/random';
import type { RunnerEvent } from '../../../main/jobs/runner';

const spec = { system: 'mass-spring', train: 20, test: 5, steps: 3, size: 16, seed: 1 } as const;

async function collect(cancelAfter = Infinity): Promise<{ events: RunnerEvent[]; result: unknown }> {
  const events: RunnerEvent[] = [];
  let progress = 0;
  const gen = generateDatasetRunner(spec, { cancelled: () => progress >= cancelAfter, rng: makeRng(0) });
  for (;;) {
    const step = await gen.next();
    if (step.done) return { events, result: step.value };
    events.push(step.value);
    if (step.value.type === 'progress') progress++;
  }
}

describe('generate-dataset runner', () => {
  it('reports progress to the total and yields the encoded dataset and its header', async () => {
    const { events, result } = await collect();
    const progress = events.filter((e) => e.type === 'progress');
    expect(progress.at(-1)).toMatchObject({ step: 25, total: 25 });
    const artifact = events.find((e) => e.type === 'artifact' && e.name === 'dataset');
    if (artifact?.type !== 'artifact' || artifact.data.kind !== 'u8') throw new Error('no u8 dataset artifact');
    expect(artifact.data.shape).toEqual([artifact.data.values.byteLength]);
    // Same bytes as encoding in-process.
    expect(Buffer.from(artifact.data.values).equals(Buffer.from(encodeDataset(generateDatasetSync(spec))))).toBe(true);
    const header = events.find((e) => e.type === 'artifact' && e.name === 'dataset-header');
    if (header?.type !== 'artifact' || header.data.kind !== 'json') throw new Error('no header artifact');
    expect((header.data.value as DatasetHeader).contentHash).toBe(decodeDataset(artifact.data.values).header.contentHash);
    expect(result).toMatchObject({ sequences: 25, bytes: artifact.data.values.byteLength });
  });

  it('stops without an artifact when cancelled', async () => {
    const { events } = await collect(2);
    expect(events.some((e) => e.type === 'artifact')).toBe(false);
    expect(events.at(-1)).toMatchObject({ type: 'log', level: 'warn' });
  });
});
