// Small JSON files (settings, window state, recent list): read without throwing, written atomically.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

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

/**
 * Writes `value` as JSON: temp file in the same folder, fsync, rename over the target. A crash at any point
 * leaves either the old file or the new one. Synchronous on purpose: these files are tiny and are also
 * written while the app quits, when a pending async write would be lost.
 */
export function writeJsonAtomic(file: string, value: unknown): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fd = fs.openSync(temp, 'w', 0o600);
    try {
      fs.writeSync(fd, JSON.stringify(value, null, 2) + '\n');
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, file);
  } catch (err) {
    fs.rmSync(temp, { force: true });
    throw err;
  }
}
