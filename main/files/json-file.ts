// Small JSON files (settings, window state, recent list): read without throwing, written atomically.
import fs from 'node:fs';
import { writeFileAtomicSync } from './atomic';

export type JsonRead = { kind: 'missing' } | { kind: 'ok'; value: unknown } | { kind: 'corrupt'; reason: string };

/** Reads and parses `file`; a missing file and unreadable or invalid JSON are results, not exceptions. */
export function readJsonFile(file: string, maxBytes = 1 << 20): JsonRead {
  let text: string;
  try {
    const size = fs.statSync(file).size;
    if (size > maxBytes) return { kind: 'corrupt', reason: `file is ${size} bytes, more than the ${maxBytes} allowed` };
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'corrupt', reason: `cannot read it (${(err as Error).message})` };
  }
  try {
    return { kind: 'ok', value: JSON.parse(text) as unknown };
  } catch (err) {
    return { kind: 'corrupt', reason: `not valid JSON (${(err as Error).message})` };
  }
}

/** Writes `value` as JSON, atomically and synchronously (these files are also written while the app quits). */
export function writeJsonAtomic(file: string, value: unknown): void {
  writeFileAtomicSync(file, JSON.stringify(value, null, 2) + '\n');
}
