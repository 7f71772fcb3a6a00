// Crash-safe project saves: the one atomic writer (files/atomic.ts), plus the project's own steps: the previous
// good version is kept as `<file>.bak` (a hard link, so no copy) and temp files of writers that died are removed.
import fs from 'node:fs/promises';
import path from 'node:path';
import { AtomicWriteError, tempPathFor, writeFileAtomic } from '../files/atomic';
import { messageOf, ProjectError } from './errors';
import { probeProject } from './read';

export interface AtomicWriteOptions {
  /** Keep the previous file as `<file>.bak` when it still opens as a project (default true). */
  backup?: boolean;
}

export const backupPathOf = (file: string): string => `${file}.bak`;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function ioError(what: string, file: string, e: unknown): ProjectError {
  return new ProjectError('io', `cannot ${what} ${file}: ${messageOf(e)}`, { cause: e });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes temp files that writers which died mid-save left next to `file` (their process is gone). */
export async function cleanStaleTemps(file: string): Promise<string[]> {
  const dir = path.dirname(file);
  const pattern = new RegExp(`^\\.${escapeRegExp(path.basename(file))}\\.(?:bak\\.)?(\\d+)-[0-9a-f]{8}\\.tmp$`);
  const removed: string[] = [];
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const pid = Number(pattern.exec(name)?.[1] ?? Number.NaN);
    if (!Number.isInteger(pid) || pid === process.pid || isAlive(pid)) continue;
    await fs.rm(path.join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** Makes the current `file` the backup, if it is a good project (a damaged file never replaces a good backup). */
async function rotateBackup(file: string): Promise<void> {
  if (!(await exists(file))) return;
  try {
    await probeProject(file);
  } catch {
    return;
  }
  const dir = path.dirname(file);
  const temp = tempPathFor(file, 'bak.');
  try {
    await fs.link(file, temp);
  } catch {
    // No hard links here (some file systems): copy, and make the copy durable before it becomes the backup.
    await fs.copyFile(file, temp);
    const h = await fs.open(temp, 'r+');
    await h.sync().finally(() => h.close());
  }
  try {
    await fs.rename(temp, backupPathOf(file));
  } catch (e) {
    await fs.rm(temp, { force: true });
    throw e;
  }
}

/** Writes the bytes of `source` to `file` atomically, keeping the previous good project as `.bak`; returns the bytes written. */
export async function writeAtomic(file: string, source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, opts: AtomicWriteOptions = {}): Promise<number> {
  const target = path.resolve(file);
  await cleanStaleTemps(target);
  try {
    return await writeFileAtomic(target, source, { mkdir: false, beforeReplace: opts.backup !== false ? rotateBackup : undefined });
  } catch (e) {
    const cause = e instanceof AtomicWriteError ? e.cause : e;
    throw cause instanceof ProjectError ? cause : ioError(e instanceof AtomicWriteError ? e.stage : 'write', file, cause);
  }
}
