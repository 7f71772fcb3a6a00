// One axis of the sweep builder as typed: a field of the job (axisFields) and its values as text, e.g.
// "1e-3, 3e-3" for a number, "pendulum mass-spring" for a choice, "8, 16; 16, 32" for lists of integers. Each value
// is checked as the wizard checks the field (field-check); main checks them all again with the schema.
import type { AxisValue, FormField } from '../../../../preload/contract';
import { fieldProblem } from '../wizard/field-check';

export interface ParsedAxis {
  values: AxisValue[];
  problem: string | null;
}

function split(field: FormField, text: string): string[] {
  const t = text.trim();
  if (!t) return [];
  if (field.kind === 'intList' || field.kind === 'enumList' || field.kind === 'text') return t.split(';').map((s) => s.trim()).filter(Boolean);
  return t.split(/[\s,;]+/).filter(Boolean);
}

function one(field: FormField, raw: string): AxisValue {
  switch (field.kind) {
    case 'int':
    case 'number':
      return Number(raw);
    case 'bool':
      return raw === 'true' || raw === 'yes' || raw === 'on';
    case 'intList':
      return raw.split(/[\s,]+/).filter(Boolean).map(Number);
    case 'enumList':
      return raw.split(/[\s,]+/).filter(Boolean);
    default:
      return raw;
  }
}

export function parseAxis(field: FormField, text: string): ParsedAxis {
  const parts = split(field, text);
  if (!parts.length) return { values: [], problem: 'Give one or more values.' };
  const values = parts.map((p) => one(field, p));
  for (let i = 0; i < values.length; i++) {
    const bad = fieldProblem(field, values[i] as never);
    if (bad) return { values, problem: `"${parts[i]}": ${bad}` };
  }
  const texts = values.map((v) => JSON.stringify(v));
  if (new Set(texts).size !== texts.length) return { values, problem: 'A value is repeated.' };
  return { values, problem: null };
}

/** How the builder shows a field's values to start from: its current value (the run the wizard configured). */
export function axisHint(field: FormField): string {
  if (field.kind === 'intList' || field.kind === 'enumList' || field.kind === 'text') return 'values separated by ;';
  if (field.kind === 'enum') return field.options?.join(' ') ?? '';
  if (field.kind === 'bool') return 'true false';
  return 'values separated by commas';
}
