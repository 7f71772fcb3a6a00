// CLI options generated from a job kind's schema (preload/jobs/<kind>.ts): one option per described field, with
// its bounds, choices and default, so a field added to a schema is a flag of the command that runs that kind.
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { z } from 'zod';
import { describeFields, type FieldValue, type FormField } from '../../preload/contract';
import { intArg } from './options';

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const camel = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

function numberParser(f: FormField): (value: string) => number {
  if (f.kind === 'int') return intArg(f.min ?? f.above ?? Number.MIN_SAFE_INTEGER, f.max);
  const range = `${f.above !== undefined ? `above ${f.above}` : `at least ${f.min ?? '-inf'}`}${f.max !== undefined ? ` and at most ${f.max}` : ''}`;
  return (value) => {
    const n = Number(value);
    const ok = value.trim() !== '' && Number.isFinite(n) && (f.min === undefined || n >= f.min) && (f.above === undefined || n > f.above) && (f.max === undefined || n <= f.max);
    if (!ok) throw new InvalidArgumentError(`expected a number ${range}.`);
    return n;
  };
}

function listParser(f: FormField): (value: string) => Array<number | string> {
  const int = numberParser({ ...f, kind: 'int' });
  const each = (v: string): number | string => {
    if (f.kind === 'intList') return int(v);
    if (!f.options?.includes(v)) throw new InvalidArgumentError(`each entry: one of ${f.options?.join(', ')}.`);
    return v;
  };
  return (value) => value.split(/[\s,]+/).filter(Boolean).map(each);
}

function optionOf(f: FormField, flag: string, dflt: FieldValue | undefined): Option {
  const help = f.help.replace(/\.$/, '');
  if (f.kind === 'bool') return dflt === true ? new Option(`--no-${flag}`, `${f.label}: off (${help})`) : new Option(`--${flag}`, `${f.label} (${help})`);
  const o = new Option(`--${flag} <${f.kind === 'intList' || f.kind === 'enumList' ? 'list' : f.kind === 'int' ? 'n' : f.kind === 'number' ? 'x' : 'value'}>`, help);
  if (f.kind === 'enum') o.choices(f.options ?? []);
  else if (f.kind === 'int' || f.kind === 'number') o.argParser(numberParser(f));
  else if (f.kind === 'intList' || f.kind === 'enumList') o.argParser(listParser(f));
  if (dflt !== undefined) o.default(dflt);
  return o;
}

export interface SchemaOptions {
  /** Fields the command handles itself (or does not offer). */
  exclude?: readonly string[];
  /** This command's own defaults, where they differ from the schema's. */
  defaults?: Readonly<Record<string, FieldValue>>;
}

/** The fields a command offers as flags, with the attribute commander stores each under. */
function offered(shape: Record<string, z.ZodType>, o: SchemaOptions): Array<{ field: FormField; flag: string; attr: string }> {
  return describeFields(shape)
    .filter((f) => f.flag !== null && !o.exclude?.includes(f.key))
    .map((field) => {
      const flag = field.flag ?? kebab(field.key);
      return { field, flag, attr: camel(flag) };
    });
}

/** Adds one option per described field of `shape`. */
export function addSchemaOptions(cmd: Command, shape: Record<string, z.ZodType>, o: SchemaOptions = {}): Command {
  for (const { field, flag } of offered(shape, o)) {
    const dflt = o.defaults?.[field.key] ?? field.default;
    cmd.addOption(optionOf(field, flag, dflt));
    // An optional switch (a model override) can be set either way; unset, the preset's value stands.
    if (field.kind === 'bool' && dflt === undefined) cmd.addOption(new Option(`--no-${flag}`, `${field.label}: off`));
  }
  return cmd;
}

/** The values commander parsed for those options, keyed by field (unset optional fields are left out). */
export function schemaValues(opts: Record<string, unknown>, shape: Record<string, z.ZodType>, o: SchemaOptions = {}): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const { field, attr } of offered(shape, o)) {
    const v = opts[attr];
    if (v !== undefined) out[field.key] = v as FieldValue;
  }
  return out;
}
