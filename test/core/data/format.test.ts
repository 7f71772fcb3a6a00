// The dataset file: round trip, byte-identical encoding, self-verification, layout.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateDatasetSync } from '../../../main/core/data/generate';
import {
  decodeDataset,
  encodeDataset,
  encodeDatasetParts,
  headerByteLength,
  readDatasetHeader,
  type Hasher,
} from '../../../main/core/data/format';

const spec = { system: 'two-body', train: 3, test: 2, steps: 5, size: 17, seed: 9 } as const;
const nodeSha: Hasher = (chunks) => {
  const h = createHash('sha256');
  for (const c of chunks) h.update(c);
  return h.digest('hex');
};

describe('dataset format', () => {
  it('round-trips frames, states and provenance', () => {
    const ds = generateDatasetSync(spec);
    const bytes = encodeDataset(ds);
    const { header, dataset } = decodeDataset(bytes);
    expect(dataset.meta).toEqual(ds.meta);
    for (const split of ['train', 'test'] as const) {
      expect(dataset[split].count).toBe(ds[split].count);
      expect(Buffer.from(dataset[split].frames).equals(Buffer.from(ds[split].frames))).toBe(true);
      expect(Array.from(dataset[split].states)).toEqual(Array.from(ds[split].states));
    }
    expect(header.arrays.map((a) => a.name)).toEqual(['train/frames', 'train/states', 'test/frames', 'test/states']);
    expect(header.arrays[0].shape).toEqual([3, 5, 17, 17, 3]);
    expect(header.arrays[1].shape).toEqual([3, 5, 8]);
    for (const a of header.arrays) expect(a.offset % 8).toBe(0);
    expect(header.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('is byte-identical for the same seed and the same with the native hasher', () => {
    const a = encodeDataset(generateDatasetSync(spec));
    const b = encodeDataset(generateDatasetSync(spec), nodeSha);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('stores about frames x H x W x 3 bytes plus the states and a small header', () => {
    const ds = generateDatasetSync(spec);
    const { byteLength, parts } = encodeDatasetParts(ds);
    const frameBytes = 5 * 5 * 17 * 17 * 3;
    const stateBytes = 5 * 5 * 8 * 8;
    expect(byteLength).toBeGreaterThanOrEqual(frameBytes + stateBytes);
    expect(byteLength - frameBytes - stateBytes).toBeLessThan(parts[0].byteLength + 32);
    expect(parts[0].byteLength % 8).toBe(0);
  });

  it('reads the header alone from a prefix', () => {
    const bytes = encodeDataset(generateDatasetSync(spec));
    const end = headerByteLength(bytes.subarray(0, 8));
    expect(readDatasetHeader(bytes.subarray(0, end)).spec.seed).toBe(9);
  });

  it('rejects corrupt, truncated and foreign files with clear errors', () => {
    const bytes = encodeDataset(generateDatasetSync(spec));
    const flipped = bytes.slice();
    flipped[bytes.length - 100] ^= 1;
    expect(() => decodeDataset(flipped)).toThrow(/hash mismatch/);
    expect(() => decodeDataset(flipped, { verify: false })).not.toThrow();
    expect(() => decodeDataset(bytes.subarray(0, bytes.length - 64))).toThrow(/truncated/);
    expect(() => decodeDataset(bytes.subarray(0, 20))).toThrow(/truncated/);
    expect(() => decodeDataset(new TextEncoder().encode('PK\u0003\u0004 not a dataset'))).toThrow(/magic/);
    const badJson = bytes.slice();
    badJson[8] = 0x7b + 1;
    expect(() => decodeDataset(badJson)).toThrow(/JSON/);
  });

  it('decodes from an unaligned buffer (copying states only)', () => {
    const bytes = encodeDataset(generateDatasetSync(spec));
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    const { dataset } = decodeDataset(shifted.subarray(3));
    expect(dataset.train.states.every(Number.isFinite)).toBe(true);
    expect(dataset.train.frames.buffer).toBe(shifted.buffer);
  });
});
