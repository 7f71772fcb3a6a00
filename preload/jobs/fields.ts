// Field metadata on the job schemas: each field of a job kind carries, beside its zod type, bounds and default,
// the words the UI and the CLI show (label, one-line help, published value, where the form puts it, when it
// applies, its CLI flag). `describeFields` reads a schema's shape back into form fields, so the wizard's form,
// the other launch forms and the CLI's options are generated from the one schema.
import { z } from 'zod';

/** A value a form field holds: what the engine's config holds. */
export type FieldValue = number | boolean | string | Array<number | string>;
/** The settings a `when` looks at (a family's model settings, or a job's flat fields). */
export type FieldValues = Record<string, FieldValue | undefined>;

export interface FieldMeta {
  label: string;
  /** One line: what it does (the published value and bounds are shown beside it). */
  help: string;
  /** The published value, when the default is not it (HGN fields read theirs from the paper preset). */
  paper?: FieldValue;
  /** Where forms show it: with the main choices, or folded under "Sizes and schedules". Unset: no form shows it. */
  group?: 'main' | 'advanced';
  /** Only meaningful for some settings of the others (e.g. GECO's constants with GECO). */
  when?: (v: FieldValues) => boolean;
  /** The CLI flag when it is not the key in kebab case (`batch` for batchSize); null: not a CLI option. */
  flag?: string | null;
}

/** The metadata of every described field (zod's registry: the schema itself carries it). */
export const fieldMeta = z.registry<FieldMeta>();

/** `schema` with its metadata; use on the outermost wrapper (after `.default()` / `.optional()`). */
export function field<T extends z.ZodType>(schema: T, meta: FieldMeta): T {
  fieldMeta.add(schema, meta);
  return schema;
}

export type FieldKind = 'int' | 'number' | 'bool' | 'enum' | 'intList' | 'enumList' | 'text';

/** A described field as forms and the CLI use it. */
export interface FormField extends FieldMeta {
  key: string;
  kind: FieldKind;
  options?: readonly string[];
  /** Inclusive bounds; `above` is an exclusive lower bound (learning rates, dt). For lists: each entry's. */
  min?: number;
  max?: number;
  above?: number;
  default?: FieldValue;
  /** Whether the field may be left out (a model override, an optional setting). */
  optional: boolean;
}

type Def = { type: string; innerType?: z.ZodType; defaultValue?: unknown; element?: z.ZodType; checks?: Array<{ _zod: { def: { check: string; value?: number; inclusive?: boolean } } }> };
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** The type under `.default()` and `.optional()`, with the default and optionality found on the way. */
function unwrap(s: z.ZodType): { inner: z.ZodType; default?: FieldValue; optional: boolean } {
  let inner = s;
  let dflt: FieldValue | undefined;
  let optional = false;
  for (;;) {
    const d = defOf(inner);
    if (d.type === 'default') dflt ??= (typeof d.defaultValue === 'function' ? (d.defaultValue as () => unknown)() : d.defaultValue) as FieldValue;
    else if (d.type === 'optional') optional = true;
    else return { inner, default: dflt, optional: optional || dflt !== undefined };
    inner = d.innerType!;
  }
}

function bounds(s: z.ZodType): Pick<FormField, 'min' | 'max' | 'above'> & { integer: boolean } {
  const out: Pick<FormField, 'min' | 'max' | 'above'> & { integer: boolean } = { integer: (s as z.ZodNumber).isInt === true };
  for (const c of defOf(s).checks ?? []) {
    const { check, value, inclusive } = c._zod.def;
    if (check === 'greater_than') inclusive ? (out.min = value) : (out.above = value);
    if (check === 'less_than' && inclusive) out.max = value;
  }
  return out;
}

function describe(key: string, schema: z.ZodType, meta: FieldMeta): FormField {
  const { inner, default: dflt, optional } = unwrap(schema);
  const d = defOf(inner);
  const base = { key, ...meta, default: dflt, optional };
  switch (d.type) {
    case 'boolean':
      return { ...base, kind: 'bool' };
    case 'enum':
      return { ...base, kind: 'enum', options: (inner as z.ZodEnum).options as string[] };
    case 'string':
      return { ...base, kind: 'text' };
    case 'number': {
      const { integer, ...b } = bounds(inner);
      return { ...base, ...b, kind: integer ? 'int' : 'number' };
    }
    case 'array': {
      const el = defOf(d.element!);
      if (el.type === 'enum') return { ...base, kind: 'enumList', options: (d.element as z.ZodEnum).options as string[] };
      const { integer: _i, ...b } = bounds(d.element!);
      return { ...base, ...b, kind: 'intList' };
    }
    default:
      throw new Error(`field "${key}": no form field for a zod ${d.type}`);
  }
}

/** Every field of `shape` that carries metadata, in the shape's order. */
export function describeFields(shape: Record<string, z.ZodType>): FormField[] {
  return Object.entries(shape).flatMap(([key, s]) => {
    const meta = fieldMeta.get(s);
    return meta ? [describe(key, s, meta)] : [];
  });
}

/** The fields a form shows (those with a group). */
export const formFields = (shape: Record<string, z.ZodType>): FormField[] => describeFields(shape).filter((f) => f.group !== undefined);

/**
 * The same object schema with every top-level default removed: what the contract's door accepts (a caller sends
 * complete jobs, as the forms build them from the defaults), while `schema.parse` fills the defaults for the CLI,
 * app info and tests. Derived, so the fields, bounds and types stay those of `schema`.
 */
export function complete<S extends z.ZodObject>(schema: S): z.ZodObject<{ [K in keyof S['shape']]: Completed<S['shape'][K]> }, z.core.$strict> {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, s] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    const d = defOf(s);
    shape[key] = d.type === 'default' || d.type === 'prefault' ? d.innerType! : s;
  }
  return z.strictObject(shape) as never;
}
type Completed<T> = T extends z.ZodDefault<infer I> ? I : T extends z.ZodPrefault<infer I> ? I : T;
