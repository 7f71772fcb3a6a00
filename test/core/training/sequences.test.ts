import { describe, expect, it } from 'vitest';
import { batchIndices, permutation, sliceFrames } from '../../../main/core/training/sequences';

describe('minibatch indices', () => {
  it('visit every sequence once per epoch, in a seeded order', () => {
    const seen = new Set<number>();
    for (let step = 0; step < 5; step++) for (const i of batchIndices(20, 4, step, 7)) seen.add(i);
    expect(seen.size).toBe(20);
    expect(Array.from(batchIndices(20, 4, 3, 7))).toEqual(Array.from(batchIndices(20, 4, 3, 7)));
    expect(Array.from(batchIndices(20, 4, 5, 7))).not.toEqual(Array.from(batchIndices(20, 4, 0, 7)));
  });

  it('permutations are permutations', () => {
    const p = Array.from(permutation(100, 3)).sort((a, b) => a - b);
    expect(p).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});

describe('frame slices', () => {
  it('reads [sequences, frames, pixels] and scales bytes to [0, 1]', () => {
    // 2 sequences of 3 frames of 1x1x2 pixels: value = 10 * seq + frame (as bytes)
    const frames = new Uint8Array(12);
    for (let s = 0; s < 2; s++) for (let f = 0; f < 3; f++) frames.fill(10 * s + f, (s * 3 + f) * 2, (s * 3 + f + 1) * 2);
    const set = { count: 2, length: 3, height: 1, width: 1, channels: 2, frames };
    const out = sliceFrames(set, [1, 0], 1, 2);
    expect(Array.from(out).map((x) => Math.round(x * 255))).toEqual([11, 11, 12, 12, 1, 1, 2, 2]);
    expect(() => sliceFrames(set, [0], 2, 2)).toThrow(/out of/);
  });
});
