// Reading, showing and checking one hyperparameter of the wizard: text in, a typed value out, and the message
// a user sees when it is out of range. Pure functions (tested in test/renderer/field-check.test.ts).
import { parseNumber } from '../../components/number-text';
import { numberMessage, rangeText } from '../../../../preload/contract';
import type { FieldValue, ModelField } from './model-fields';

/**
 * What the user typed (or ticked), as the value the engine's config holds. Numbers that are not (yet) numbers
 * become NaN; a list entry that is not a number stays the text typed, so its message can quote it.
 */
export function parseField(field: ModelField, raw: string | boolean): FieldValue {
  if (field.kind === 'bool') return raw === true || raw === 'true';
  const text = String(raw).trim();
  if (field.kind === 'enum' || field.kind === 'text') return text;
  const entries = text === '' ? [] : text.split(/[\s,]+/).filter(Boolean);
  if (field.kind === 'intList') return entries.map((e) => (Number.isNaN(parseNumber(e)) ? e : parseNumber(e)));
  if (field.kind === 'enumList') return entries;
  return parseNumber(text);
}

/** How a value is written in its input, and next to "paper:". */
export function formatField(value: FieldValue | undefined): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.join(', ');
  // 1.5e-4 reads better than 0.00015 (and is what the papers print).
  if (typeof value === 'number' && value !== 0 && Math.abs(value) < 1e-3) return value.toExponential();
  return String(value);
}

function numberProblem(field: ModelField, x: number, integer: boolean): string | null {
  const inRange = (field.min === undefined || x >= field.min) && (field.max === undefined || x <= field.max) && (field.above === undefined || x > field.above);
  if (!Number.isFinite(x) || (integer && !Number.isInteger(x)) || !inRange) return numberMessage(integer, field);
  return null;
}

/** The message for a value out of its field's range or kind, or null when it is fine. */
export function fieldProblem(field: ModelField, value: FieldValue | undefined): string | null {
  switch (field.kind) {
    case 'int':
    case 'number':
      return typeof value === 'number' ? numberProblem(field, value, field.kind === 'int') : 'Enter a number.';
    case 'bool':
      return typeof value === 'boolean' ? null : 'Yes or no.';
    case 'enum':
      return typeof value === 'string' && field.options?.includes(value) ? null : `One of ${field.options?.join(', ')}.`;
    case 'text':
      return typeof value === 'string' && value.trim() !== '' ? null : 'Required.';
    case 'intList': {
      if (!Array.isArray(value) || value.length === 0) return 'One or more integers, separated by commas.';
      const bad = value.find((x) => typeof x !== 'number' || numberProblem(field, x, true) !== null);
      return bad === undefined ? null : `Each entry: an integer ${rangeText(field)} ("${bad}" is not).`;
    }
    case 'enumList': {
      if (!Array.isArray(value) || value.length === 0) return `One or more of ${field.options?.join(', ')}.`;
      const bad = value.find((x) => typeof x !== 'string' || !field.options?.includes(x));
      return bad === undefined ? null : `Each entry: one of ${field.options?.join(', ')} ("${bad}" is not).`;
    }
  }
}

/** Equal as settings (lists element by element). */
export function sameValue(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

/** A deep copy of plain settings (works on Vue's reactive proxies, which structuredClone refuses). */
export function cloneValue<T extends FieldValue | Record<string, FieldValue>>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
