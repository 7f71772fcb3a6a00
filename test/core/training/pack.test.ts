import { describe, expect, it } from 'vitest';
import { packArrays, unpackArrays } from '../../../main/core/training/pack';
import { NanGuard } from '../../../main/core/training/nan-guard';

describe('array packs', () => {
  const groups = {
    params: { 'a.w': { shape: [2, 3], values: Float32Array.from([1, 2, 3, 4, 5, -6.5]) }, b: { shape: [1], values: Float32Array.from([Math.PI]) } },
    other: { x: { shape: [0], values: new Float32Array(0) } },
  };

  it('round-trips metadata and arrays bit for bit', () => {
    const bytes = packArrays({ hello: 'world', n: 3 }, groups);
    const back = unpackArrays<{ hello: string; n: number }>(bytes);
    expect(back.meta).toEqual({ hello: 'world', n: 3 });
    expect(back.groups.params['a.w'].shape).toEqual([2, 3]);
    expect(Array.from(back.groups.params['a.w'].values)).toEqual([1, 2, 3, 4, 5, -6.5]);
    expect(back.groups.params.b.values[0]).toBe(Math.fround(Math.PI));
    expect(back.groups.other.x.values.length).toBe(0);
  });

  it('rejects foreign and truncated data with a clear error', () => {
    expect(() => unpackArrays(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]))).toThrow(/not a Hamiltonian Studio/);
    const bytes = packArrays({}, groups);
    expect(() => unpackArrays(bytes.subarray(0, bytes.length - 4))).toThrow(/corrupt/);
  });
});

describe('NaN guard', () => {
  it('hands back the last remembered state and gives up after its budget', () => {
    const g = new NanGuard<string>({ lrFactor: 0.5, maxRollbacks: 2 });
    expect(() => g.rollback()).toThrow(/before any good checkpoint/);
    const h = new NanGuard<string>({ lrFactor: 0.5, maxRollbacks: 2 });
    h.remember(10, 'ten');
    h.remember(20, 'twenty');
    expect(h.rollback()).toEqual({ step: 20, state: 'twenty' });
    expect(h.rollback().step).toBe(20);
    expect(() => h.rollback()).toThrow(/3 times/);
  });
});
