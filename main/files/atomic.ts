// The one atomic file writer: temp file in the target's folder, fsync, rename over the target, fsync the folder.
// A crash at any moment leaves the target either as it was or as it is meant to be, never half written. Used by
// projects (which add a backup step), the dataset cache, settings and window state, recent lists and the CLI.
import { randomBytes } from 'node:crypto';
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

/** `.<name>.<tag><pid>-<8 hex>.tmp` next to `file`: the pid lets a later writer remove what a dead one left. */
export function tempPathFor(file: string, tag = ''): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${tag}${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

/** Persists a rename. Not every platform lets a folder be opened (Windows), so this is best effort. */
export async function fsyncDir(dir: string): Promise<void> {
  try {
    const handle = await fs.open(dir, 'r');
    await handle.sync().finally(() => handle.close());
  } catch {
    /* best effort */
  }
}

/** A failure of the write (`write`: making the temp file) or of putting it in place (`replace`). */
export class AtomicWriteError extends Error {
  constructor(
    readonly stage: 'write' | 'replace',
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'AtomicWriteError';
  }
}

export interface AtomicWriteOptions {
  /** Create the folder when missing (default true). */
  mkdir?: boolean;
  /** Permissions of a new file (default 0o644). */
  mode?: number;
  /** Runs after the temp file is durable and before it replaces the target (projects keep a backup here). */
  beforeReplace?: (target: string) => Promise<void>;
}

/** Writes the chunks of `source` to `file` atomically; returns the number of bytes written. */
export async function writeFileAtomic(
  file: string,
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  opts: AtomicWriteOptions = {},
): Promise<number> {
  const target = path.resolve(file);
  const dir = path.dirname(target);
  const temp = tempPathFor(target);
  let bytes = 0;
  try {
    if (opts.mkdir !== false) await fs.mkdir(dir, { recursive: true });
    const handle = await fs.open(temp, 'wx', opts.mode ?? 0o644);
    try {
      for await (const chunk of source) {
        let written = 0;
        while (written < chunk.byteLength) written += (await handle.write(chunk, written, chunk.byteLength - written)).bytesWritten;
        bytes += chunk.byteLength;
      }
      await handle.sync();
    } finally {
      await handle.close().catch(() => undefined);
    }
  } catch (e) {
    await fs.rm(temp, { force: true });
    throw new AtomicWriteError('write', e);
  }
  try {
    await opts.beforeReplace?.(target);
    await fs.rename(temp, target);
  } catch (e) {
    await fs.rm(temp, { force: true });
    throw new AtomicWriteError('replace', e);
  }
  await fsyncDir(dir);
  return bytes;
}

/**
 * The same, synchronously, for small files written while the app quits (settings, window state, recent list),
 * when a pending asynchronous write would be lost.
 */
export function writeFileAtomicSync(file: string, data: string | Uint8Array, mode = 0o600): void {
  const dir = path.dirname(file);
  fsSync.mkdirSync(dir, { recursive: true });
  const temp = tempPathFor(file);
  try {
    const fd = fsSync.openSync(temp, 'w', mode);
    try {
      fsSync.writeFileSync(fd, data);
      fsSync.fsyncSync(fd);
    } finally {
      fsSync.closeSync(fd);
    }
    fsSync.renameSync(temp, file);
  } catch (err) {
    fsSync.rmSync(temp, { force: true });
    throw err;
  }
}
