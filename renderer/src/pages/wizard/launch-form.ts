// The state behind a launch form other than the wizard (Quick launch, the Flows page): a job kind's schema
// fields, their values, and the problems to show, checked the wizard's way (field-check.ts) and then by the
// schema itself, so the form and the contract cannot disagree. Pure (no Vue), like job-config.ts.
import type { z } from 'zod';
import { describeFields, type FieldValue, type FormField } from '../../../../preload/contract';
import { issueText } from '../../components/field-errors';
import { fieldProblem } from './field-check';

/** The described fields of `shape` named in `keys`, in that order. */
export function pickFields(shape: Record<string, z.ZodType>, keys: readonly string[]): FormField[] {
  const all = new Map(describeFields(shape).map((f) => [f.key, f]));
  return keys.map((k) => {
    const f = all.get(k);
    if (!f) throw new Error(`no described field "${k}"`);
    return f;
  });
}

/** The fields that apply to `values` (a field hidden by another is not shown or checked). */
export const visibleFields = (fields: readonly FormField[], values: Record<string, FieldValue | undefined>): FormField[] =>
  fields.filter((f) => !f.when || f.when(values));

/** Problems by field key: each visible field's own, then what the schema refuses of the whole config (by path). */
export function formProblems(fields: readonly FormField[], values: Record<string, FieldValue | undefined>, parsed: { success: boolean; error?: z.ZodError }, prefix = ''): Record<string, string> {
  const p: Record<string, string> = {};
  for (const f of visibleFields(fields, values)) {
    const problem = fieldProblem(f, values[f.key]);
    if (problem) p[prefix + f.key] = problem;
  }
  for (const issue of parsed.success ? [] : (parsed.error?.issues ?? [])) p[issue.path.join('.')] ??= issueText(issue);
  return p;
}
