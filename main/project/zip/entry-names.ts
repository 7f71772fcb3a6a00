// Which entry names a project archive may hold. Names are checked as raw bytes first: nothing that could escape
// a folder when extracted (zip slip) is accepted, whatever a later reader or unzip tool would make of it.
import { ProjectError, quoteName } from '../errors';

export type EntryKind = 'json' | 'blob' | 'dir' | 'unknown';

const JSON_NAMES = new Set(['manifest.json', 'project.json', 'datasets.json', 'ui.json']);
const RUN_PART = /^runs\/[A-Za-z0-9][A-Za-z0-9_.-]{0,63}\.json$/;
const BLOB = /^blobs\/[0-9]{1,9}\.bin$/;
const DIRS = new Set(['runs/', 'blobs/']);
const MAX_NAME_BYTES = 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes and checks an entry name; throws 'unsafe-path' for anything that could point outside the archive. */
export function decodeEntryName(raw: Uint8Array): string {
  if (raw.length === 0) throw new ProjectError('unsafe-path', 'an entry has an empty name');
  if (raw.length > MAX_NAME_BYTES) throw new ProjectError('unsafe-path', `an entry name is ${raw.length} bytes long (at most ${MAX_NAME_BYTES})`);
  let name: string;
  try {
    name = utf8.decode(raw);
  } catch {
    throw new ProjectError('unsafe-path', 'an entry name is not valid UTF-8');
  }
  const problem = unsafePathProblem(name);
  if (problem) throw new ProjectError('unsafe-path', `entry ${quoteName(name)} ${problem} (zip slip): refused`);
  return name;
}

/** Why a name could escape the folder it is extracted into, or null. */
export function unsafePathProblem(name: string): string | null {
  // Control characters (NUL truncates paths in C APIs), backslashes (separators on Windows), drive letters.
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'contains control characters';
  if (name.includes('\\')) return 'contains a backslash';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'is an absolute path';
  const segments = name.split('/');
  if (segments.some((s) => s === '..')) return 'climbs out of the archive with ".."';
  if (segments.slice(0, -1).some((s) => s === '' || s === '.')) return 'has empty or "." path segments';
  return null;
}

export function entryKind(name: string): EntryKind {
  if (JSON_NAMES.has(name) || RUN_PART.test(name)) return 'json';
  if (BLOB.test(name)) return 'blob';
  if (DIRS.has(name)) return 'dir';
  return 'unknown';
}
