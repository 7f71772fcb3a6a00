// Reading a sweep file the user wrote: JSON or YAML (by extension; YAML is a superset, so anything else is read
// as YAML), checked with the contract's SweepFileSchema, then planned (every value checked with its job schema).
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { planSweep, specFromFile, SweepFileSchema, type SlurmOptions, type SweepPlan, type SweepSpec } from '../../preload/contract';

export class SweepSpecError extends Error {
  override name = 'SweepSpecError';
}

const MAX_SPEC_BYTES = 16 << 20;

export interface SpecFile {
  spec: SweepSpec;
  plan: SweepPlan;
  slurm?: SlurmOptions;
  local?: { parallel: number };
}

/** Parses the text of a sweep file; `name` is used in messages. */
export function parseSpecText(text: string, name: string): SpecFile {
  let raw: unknown;
  try {
    raw = name.toLowerCase().endsWith('.json') ? JSON.parse(text) : YAML.parse(text, { maxAliasCount: 100 });
  } catch (e) {
    throw new SweepSpecError(`${name}: not valid ${name.toLowerCase().endsWith('.json') ? 'JSON' : 'YAML'}: ${(e as Error).message.split('\n')[0]}`);
  }
  const file = SweepFileSchema.safeParse(raw);
  if (!file.success) throw new SweepSpecError(`${name}:\n${z.prettifyError(file.error).split('\n').slice(0, 12).join('\n')}`);
  const { spec, slurm, local } = specFromFile(file.data);
  const planned = planSweep(spec);
  if (!planned.ok) throw new SweepSpecError(`${name}:\n${planned.problems.map((p) => `  ${p}`).join('\n')}`);
  return { spec, plan: planned.plan, slurm, local };
}

export function readSpecFile(file: string): SpecFile {
  let text: string;
  try {
    const size = fs.statSync(file).size;
    if (size > MAX_SPEC_BYTES) throw new SweepSpecError(`${file}: ${size} bytes, more than a sweep file may have (${MAX_SPEC_BYTES})`);
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof SweepSpecError) throw e;
    throw new SweepSpecError(`cannot read ${file}: ${(e as Error).message}`);
  }
  return parseSpecText(text, path.basename(file));
}
