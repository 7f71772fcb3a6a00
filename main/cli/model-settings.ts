// The model settings of a training command: `--config FILE` (JSON) then `--set key=value` pairs, each key checked
// against the model's schema with a suggestion for a near miss.
import fs from 'node:fs';
import { InvalidArgumentError } from 'commander';
import type { z } from 'zod';
import { HgnModelSchema } from '../../preload/contract';
import { nearestName } from './suggest';

/** "key=value" -> a model override; the value is JSON when it parses ("[16,32]", "true", "0.1"), else a string. */
export function parseSetting(text: string, previous: string[] = []): string[] {
  if (!/^[A-Za-z]\w*=/.test(text)) throw new InvalidArgumentError(`expected key=value, got "${text}"`);
  return [...previous, text];
}

/** "unknown HGN setting "batchsize": did you mean "batchSize"? The settings are: ..." */
export function unknownSetting(name: string, key: string, known: readonly string[], where = '--set'): Error {
  const near = nearestName(key, known);
  return new Error(`${where}: unknown ${name} setting "${key}"${near ? `: did you mean "${near}"?` : '.'} The ${name} settings are: ${known.join(', ')}.`);
}

/** Model settings from a JSON file, then `--set` pairs, each key checked against the model's schema. */
export function overridesFrom(settings: string[], configFile?: string, schema: z.ZodObject = HgnModelSchema, name = 'HGN'): Record<string, unknown> {
  const out: Record<string, unknown> = configFile ? (JSON.parse(fs.readFileSync(configFile, 'utf8')) as Record<string, unknown>) : {};
  const known = Object.keys(schema.shape);
  for (const key of Object.keys(out)) if (!known.includes(key)) throw unknownSetting(name, key, known, configFile);
  for (const s of settings) {
    const eq = s.indexOf('=');
    const key = s.slice(0, eq);
    const raw = s.slice(eq + 1);
    if (!known.includes(key)) throw unknownSetting(name, key, known);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // a bare string such as leapfrog
    }
    out[key] = value;
  }
  return out;
}
