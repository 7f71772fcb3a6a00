// The review step's line of model settings, in the fields' own words: "laptop preset; changed: Learning rate
// 1.5e-4 (preset 2e-3)", never internal names ("encoderFilters") or NaN. Pure (tested in
// test/renderer/review-text.test.ts).
import { formatField } from './field-check';
import { problemLabel } from './job-config';
import type { FieldValue } from './model-fields';
import type { ModelFamily } from './model-fields';

/** The settings of `model` that differ from `preset`, by label (frame size and interval come with the data). */
export function changedText(family: ModelFamily, model: Record<string, FieldValue | undefined>, preset: Record<string, FieldValue | undefined>, base: string): string {
  const same = (a: FieldValue | undefined, b: FieldValue | undefined) => JSON.stringify(a) === JSON.stringify(b);
  const diff = Object.entries(model)
    .filter(([k, v]) => k !== 'dt' && k !== 'imageSize' && !same(v, preset[k]))
    .map(([k, v]) => `${problemLabel(family, `model.${k}`)} ${valueWords(v)} (preset ${valueWords(preset[k])})`);
  return `${base}${diff.length ? `; changed: ${diff.join('; ')}` : ', unchanged'}`;
}

/** A value as the review writes it ("none" for a setting the preset leaves unset). */
function valueWords(v: FieldValue | undefined): string {
  if (v === undefined || (typeof v === 'number' && Number.isNaN(v))) return 'none';
  return formatField(v);
}
