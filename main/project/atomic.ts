// Crash-safe file replacement: write a temp file in the same folder, fsync it, keep the previous good version as
// `<file>.bak` (a hard link, so no copy), rename the temp file over the target, fsync the folder. A crash at any
// moment leaves the target either as it was or as it is meant to be, never half written.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { messageOf, ProjectError } from './errors';
import { probeProject } from './read';

export interface AtomicWriteOptions {
  /** Keep the previous file as `<file>.bak` when it still opens as a project (default true). */
  backup?: boolean;
}

export const backupPathOf = (file: string): string => `${file}.bak`;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function tempName(base: string, tag = ''): string {
  return `.${base}.${tag}${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
}

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

async function fsyncDir(dir: string): Promise<void> {
  // Persists the rename. Not every platform lets a folder be opened (Windows), so this is best effort.
  try {
    const handle = await fs.open(dir, 'r');
    await handle.sync().finally(() => handle.close());
  } catch {
    /* best effort */
  }
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
  const temp = path.join(dir, tempName(path.basename(file), 'bak.'));
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

/** Writes the bytes of `source` to `file` atomically; returns the number of bytes written. */
export async function writeAtomic(file: string, source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, opts: AtomicWriteOptions = {}): Promise<number> {
  const target = path.resolve(file);
  const dir = path.dirname(target);
  await cleanStaleTemps(target);
  const temp = path.join(dir, tempName(path.basename(target)));
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(temp, 'wx', 0o644);
  } catch (e) {
    throw ioError('write', file, e);
  }
  let bytes = 0;
  try {
    for await (const chunk of source) {
      let written = 0;
      while (written < chunk.byteLength) {
        const r = await handle.write(chunk, written, chunk.byteLength - written);
        written += r.bytesWritten;
      }
      bytes += chunk.byteLength;
    }
    await handle.sync();
    await handle.close();
  } catch (e) {
    await handle.close().catch(() => undefined);
    await fs.rm(temp, { force: true });
    throw e instanceof ProjectError ? e : ioError('write', file, e);
  }
  try {
    if (opts.backup !== false) await rotateBackup(target);
    await fs.rename(temp, target);
  } catch (e) {
    await fs.rm(temp, { force: true });
    throw ioError('replace', file, e);
  }
  await fsyncDir(dir);
  return bytes;
}
