// The learning rate and its schedule are one definition across the job kinds (preload/jobs/learning-rate.ts), and
// configs saved under the former flow / canonical names read under today's.
import { describe, expect, it } from 'vitest';
import { CanonicalJobSchema, describeFields, FlowJobSchema, HgnModelSchema, HnnJobSchema, PixelHnnModelSchema, withCurrentNames } from '../../preload/contract';
import type { z } from 'zod';

const NAMES = ['learningRate', 'learningRateSchedule', 'learningRateFinal'];

function rateFields(shape: Record<string, z.ZodType>) {
  return describeFields(shape)
    .filter((f) => NAMES.includes(f.key))
    .map((f) => ({ key: f.key, label: f.label, help: f.help, flag: f.flag }));
}

describe('one learning rate, one schedule', () => {
  it('every kind names, labels, explains and flags them alike', () => {
    const flow = rateFields(FlowJobSchema.shape);
    expect(flow.map((f) => f.key)).toEqual(NAMES);
    expect(rateFields(CanonicalJobSchema.shape)).toEqual(flow);
    expect(rateFields(HgnModelSchema.shape)).toEqual(flow);
    expect(rateFields(HnnJobSchema.shape)).toEqual(flow.slice(0, 1));
    expect(rateFields(PixelHnnModelSchema.shape)).toEqual(flow.slice(0, 1));
    expect(flow.map((f) => f.flag)).toEqual(['lr', 'lr-schedule', 'lr-final']);
  });

  it('the final fraction is bounded alike: above 0 and at most 1', () => {
    for (const schema of [FlowJobSchema, CanonicalJobSchema]) {
      const kind = schema === FlowJobSchema ? 'flow' : 'canonical';
      expect(schema.safeParse({ kind, learningRateFinal: 1 }).success).toBe(true);
      expect(schema.safeParse({ kind, learningRateFinal: 0 }).success).toBe(false);
      expect(schema.safeParse({ kind, learningRateFinal: 1.5 }).success).toBe(false);
    }
    expect(HgnModelSchema.safeParse({ learningRateFinal: 0 }).success).toBe(false);
  });
});

describe('withCurrentNames', () => {
  it('reads a flow or canonical config saved under the former names', () => {
    const old = { kind: 'flow', density: 'moons', lr: 2e-3, lrSchedule: 'cosine', lrFinalFraction: 0.1, lambdaLr: 5 };
    const now = withCurrentNames(old);
    expect(now).toEqual({ kind: 'flow', density: 'moons', learningRate: 2e-3, learningRateSchedule: 'cosine', learningRateFinal: 0.1, lambdaLr: 5 });
    expect(FlowJobSchema.parse(now)).toMatchObject({ learningRate: 2e-3, learningRateSchedule: 'cosine', learningRateFinal: 0.1, lambdaLr: 5 });
    expect(CanonicalJobSchema.parse(withCurrentNames({ kind: 'canonical', lrSchedule: 'constant' })).learningRateSchedule).toBe('constant');
    // The old object is left as it was.
    expect(old.lr).toBe(2e-3);
  });

  it('keeps today\'s name where both are present, and leaves other kinds and non-objects alone', () => {
    expect(withCurrentNames({ kind: 'flow', lr: 1, learningRate: 2e-3 })).toEqual({ kind: 'flow', learningRate: 2e-3 });
    const hnn = { kind: 'hnn', lr: 1 };
    expect(withCurrentNames(hnn)).toBe(hnn);
    for (const v of [null, 3, 'flow', [1]]) expect(withCurrentNames(v)).toBe(v);
  });
});
