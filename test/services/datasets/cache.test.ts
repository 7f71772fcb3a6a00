// The dataset cache: content addressing, reuse, progress, cancellation, corruption, listing, deleting.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatasetCache, type DatasetProducer } from '../../../main/services/datasets/cache';
import { resolveDatasetSpec } from '../../../main/core/data/spec';
import { writeFileAtomic } from '../../../main/files/atomic';
import type { GenerateProgress } from '../../../main/core/data/generate';

const spec = { system: 'pendulum', train: 6, test: 3, steps: 4, size: 16, seed: 2 } as const;
let dir: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hs-datasets-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('DatasetCache', () => {
  it('generates on a miss, reuses on a hit, with the same bytes', async () => {
    const cache = new DatasetCache(dir);
    const progress: GenerateProgress[] = [];
    const first = await cache.getOrGenerate(spec, (p) => progress.push(p));
    expect(first.fromCache).toBe(false);
    expect(progress.at(-1)).toMatchObject({ overallDone: 9, overallTotal: 9 });
    expect(first.entry.path).toBe(path.join(dir, `${first.entry.key}.hsds`));
    expect(first.entry.key).toBe(cache.keyOf(spec));
    const bytes = await fs.readFile(first.entry.path);
    const second = await cache.getOrGenerate({ ...spec });
    expect(second.fromCache).toBe(true);
    expect(Buffer.from(second.dataset.train.frames).equals(Buffer.from(first.dataset.train.frames))).toBe(true);
    expect((await fs.readFile(first.entry.path)).equals(bytes)).toBe(true);
    expect(await cache.has(spec)).toBe(true);
    expect(await cache.has({ ...spec, seed: 3 })).toBe(false);
  });

  it('shares one generation between concurrent requests for the same spec', async () => {
    let calls = 0;
    const cache = new DatasetCache(dir, async (s) => {
      calls++;
      const { generateInProcess } = await import('../../../main/services/datasets/generate-in-process');
      return generateInProcess(s);
    });
    const [a, b] = await Promise.all([cache.getOrGenerate(spec), cache.getOrGenerate(spec)]);
    expect(calls).toBe(1);
    expect(a.entry.key).toBe(b.entry.key);
  });

  it('accepts an encoded file from a plugged-in producer (a worker) and checks it is the right one', async () => {
    const { generateDatasetRunner } = await import('../../../main/jobs/generate-dataset');
    const { makeRng } = await import('../../../main/core/random');
    const viaRunner = async (s: Parameters<DatasetProducer>[0]): Promise<Uint8Array> => {
      for await (const event of generateDatasetRunner(s, { cancelled: () => false, rng: makeRng(0) })) {
        if (event.type === 'artifact' && event.data.kind === 'u8') return event.data.values;
      }
      throw new Error('no artifact');
    };
    const cache = new DatasetCache(dir, viaRunner);
    const { entry, fromCache } = await cache.getOrGenerate(spec);
    expect(fromCache).toBe(false);
    const inProcess = await new DatasetCache(path.join(dir, 'other')).getOrGenerate(spec);
    expect((await fs.readFile(entry.path)).equals(await fs.readFile(inProcess.entry.path))).toBe(true);
    const liar = new DatasetCache(path.join(dir, 'liar'), () => viaRunner(resolveDatasetSpec({ ...spec, seed: 99 })));
    await expect(liar.getOrGenerate(spec)).rejects.toThrow(/not [0-9a-f]{64}/);
  });

  it('stops on abort and leaves no file behind', async () => {
    const cache = new DatasetCache(dir);
    const controller = new AbortController();
    const big = { ...spec, train: 400, test: 0 };
    const run = cache.getOrGenerate(big, (p) => {
      if (p.overallDone >= 8) controller.abort();
    }, controller.signal);
    await expect(run).rejects.toThrow();
    expect((await fs.readdir(dir)).filter((f) => !f.startsWith('.'))).toEqual([]);
    expect(await cache.has(big)).toBe(false);
  });

  it('regenerates a corrupted file instead of serving it', async () => {
    const cache = new DatasetCache(dir);
    const { entry } = await cache.getOrGenerate(spec);
    const bytes = await fs.readFile(entry.path);
    bytes[bytes.length - 10] ^= 0xff;
    await fs.writeFile(entry.path, bytes);
    const again = await cache.getOrGenerate(spec);
    expect(again.fromCache).toBe(false);
    expect((await cache.load(entry.key)).dataset.meta.spec.seed).toBe(2);
  });

  it('lists datasets with their headers and deletes them', async () => {
    const cache = new DatasetCache(dir);
    const a = await cache.getOrGenerate(spec);
    const b = await cache.getOrGenerate({ ...spec, system: 'mass-spring' });
    await fs.writeFile(path.join(dir, 'notes.txt'), 'not a dataset');
    await fs.writeFile(path.join(dir, `${'0'.repeat(64)}.hsds`), 'garbage');
    const listed = await cache.list();
    expect(listed.map((e) => e.key).sort()).toEqual([a.entry.key, b.entry.key].sort());
    expect(listed.find((e) => e.key === b.entry.key)?.header.spec.system).toBe('mass-spring');
    expect(await cache.delete(a.entry.key)).toBe(true);
    expect(await cache.delete(a.entry.key)).toBe(false);
    expect((await cache.list()).map((e) => e.key)).toEqual([b.entry.key]);
    expect(() => cache.pathOf('../etc/passwd')).toThrow(/not a dataset key/);
  });

  it('lists nothing for a folder that does not exist yet', async () => {
    expect(await new DatasetCache(path.join(dir, 'missing')).list()).toEqual([]);
  });
});

describe('writeFileAtomic', () => {
  it('writes all parts in order and leaves no temp file', async () => {
    const file = path.join(dir, 'sub', 'out.bin');
    await writeFileAtomic(file, [Uint8Array.of(1, 2), new Uint8Array(0), Uint8Array.of(3)]);
    expect(Array.from(await fs.readFile(file))).toEqual([1, 2, 3]);
    expect(await fs.readdir(path.dirname(file))).toEqual(['out.bin']);
  });

  it('keeps the previous file when writing fails midway', async () => {
    const file = path.join(dir, 'keep.bin');
    await writeFileAtomic(file, [Uint8Array.of(9)]);
    const bad = { byteLength: 4 } as unknown as Uint8Array; // not a buffer: the write throws
    await expect(writeFileAtomic(file, [Uint8Array.of(1), bad])).rejects.toThrow();
    expect(Array.from(await fs.readFile(file))).toEqual([9]);
    expect(await fs.readdir(dir)).toEqual(['keep.bin']);
  });
});
