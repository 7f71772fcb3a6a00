// Issue 19: problems are said in the field's own words: no raw schema text ("Invalid input: expected number,
// received string", "Too small: expected number to be >=0"), no internal names, no '("NaN" is not)'.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HgnModelSchema, describeFields } from '../../preload/contract';
import { fieldErrors, issueText } from '../../renderer/src/components/field-errors';
import { fieldProblem, parseField } from '../../renderer/src/pages/wizard/field-check';
import { problemLabel } from '../../renderer/src/pages/wizard/job-config';
import { changedText } from '../../renderer/src/pages/wizard/review-text';

const RAW = /Invalid input|Too small|Too big|expected number|received|NaN|>=|<=/;
const field = (key: string) => describeFields(HgnModelSchema.shape).find((f) => f.key === key)!;

describe('field errors from zod', () => {
  it('turns zod wording into plain words', () => {
    const schema = z.strictObject({ a: z.number(), b: z.number().min(0), c: z.number().max(5), d: z.string().min(1), e: z.array(z.number()).min(1) });
    const r = schema.safeParse({ a: 'x', b: -1, c: 9, d: '', e: [], f: 1 });
    expect(r.success).toBe(false);
    const errors = fieldErrors(r.error);
    expect(errors).toMatchObject({ a: 'Enter a number.', b: 'At least 0.', c: 'At most 5.', d: 'Required.', e: 'At least one entry.' });
    for (const m of Object.values(errors)) expect(m).not.toMatch(RAW);
  });

  it("keeps the contract's own messages", () => {
    const r = z.object({ n: z.number({ error: 'An integer from 1 to 512.' }).min(1, { error: 'An integer from 1 to 512.' }) }).safeParse({ n: 0 });
    expect(issueText(r.error!.issues[0])).toBe('An integer from 1 to 512.');
  });
});

describe('wizard fields', () => {
  it('explains -8 in Batch by its range', () => {
    const batch = field('batchSize');
    expect(parseField(batch, '-8')).toBe(-8);
    const m = fieldProblem(batch, -8)!;
    expect(m).toMatch(/^An integer from 1 to \d+\.$/);
  });

  it('says which entry of a size list is wrong, as typed', () => {
    const filters = field('encoderFilters');
    const value = parseField(filters, '16, 1O, 16');
    expect(value).toEqual([16, '1O', 16]);
    const m = fieldProblem(filters, value)!;
    expect(m).toContain('"1O" is not');
    expect(m).not.toMatch(RAW);
    expect(fieldProblem(filters, parseField(filters, ''))).toBe('One or more integers, separated by commas.');
  });

  it('names settings by their labels in problems and in the review', () => {
    expect(problemLabel('hgn', 'model.encoderFilters')).toBe('Encoder filters');
    const text = changedText('hgn', { encoderFilters: [16, 16], learningRate: 1.5e-4 }, { learningRate: 2e-3 }, 'laptop preset');
    expect(text).toBe('laptop preset; changed: Encoder filters 16, 16 (preset none); Learning rate 1.5e-4 (preset 0.002)');
    expect(text).not.toMatch(/encoderFilters|learningRate|NaN/);
    expect(changedText('hgn', {}, { learningRate: 2e-3 }, 'paper preset')).toBe('paper preset, unchanged');
  });
});
