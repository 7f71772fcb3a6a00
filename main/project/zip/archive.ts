// A zip archive opened for reading (yauzl underneath), with every check a hostile file calls for: entry count,
// names (zip slip), duplicates, declared sizes and ratios (bombs), overlapping entries, local headers that
// disagree with the central directory, actual inflated sizes and CRC-32s. Each entry is streamed into a buffer of
// its own, allocated when the entry is reached, so nothing is held twice and a failure leaves little allocated.
import fs from 'node:fs';
import { promisify } from 'node:util';
import yauzl from 'yauzl';
import { messageOf, ProjectError, quoteName } from '../errors';
import { decodeEntryName, entryKind, type EntryKind } from './entry-names';
import { checkCrc, checkLocalHeader, drainInto } from './entry-data';
import { MAX_DEFLATE_RATIO, type ReadLimits } from './limits';

export interface ArchiveEntry {
  name: string;
  kind: EntryKind;
  compressedSize: number;
  uncompressedSize: number;
  crc32: number;
  raw: yauzl.Entry;
}

/** A path to a file, or the file's bytes. */
export type ArchiveSource = string | Uint8Array;

const YAUZL_OPTIONS: yauzl.Options = {
  lazyEntries: true,
  autoClose: false,
  decodeStrings: false,
  validateEntrySizes: true,
  strictFileNames: true,
};

/** Reads `length` bytes at `position` of the archive into `target` at `offset`; returns the bytes read. */
type RandomRead = (target: Uint8Array, offset: number, length: number, position: number) => Promise<number>;

const fsOpen = promisify(fs.open);
const fsClose = promisify(fs.close);
const fsRead = promisify(fs.read);

/**
 * Opens the zip. For a file, we open the descriptor ourselves and hand it to yauzl (which closes it), so that
 * stored entries can be read straight into their final buffers from the very same file.
 */
async function openZip(source: ArchiveSource): Promise<{ zip: yauzl.ZipFile; read: RandomRead }> {
  let fd: number | null = null;
  if (typeof source === 'string') {
    try {
      fd = await fsOpen(source, 'r');
    } catch (e) {
      throw openError(source, e as Error);
    }
  }
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    const done = (err: Error | null, z?: yauzl.ZipFile) => {
      if (err || !z) reject(openError(source, err));
      else resolve(z);
    };
    try {
      if (fd !== null) yauzl.fromFd(fd, YAUZL_OPTIONS, done);
      else {
        const bytes = source as Uint8Array;
        yauzl.fromBuffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), YAUZL_OPTIONS, done);
      }
    } catch (e) {
      reject(openError(source, e as Error));
    }
  }).catch(async (e: unknown) => {
    if (fd !== null) await fsClose(fd).catch(() => undefined);
    throw e;
  });
  const read: RandomRead =
    fd !== null
      ? async (target, offset, length, position) => (await fsRead(fd, target, offset, length, position)).bytesRead
      : async (target, offset, length, position) => {
          const bytes = source as Uint8Array;
          const part = bytes.subarray(position, Math.min(bytes.length, position + length));
          target.set(part, offset);
          return part.length;
        };
  return { zip, read };
}

function openError(source: ArchiveSource, err: Error | null): ProjectError {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const what = typeof source === 'string' ? source : 'the data';
  if (code === 'ENOENT') return new ProjectError('io', `cannot open ${what}: no such file`, { cause: err });
  if (code === 'EISDIR') return new ProjectError('io', `cannot open ${what}: it is a folder`, { cause: err });
  if (code) return new ProjectError('io', `cannot open ${what}: ${messageOf(err)}`, { cause: err });
  return new ProjectError('not-zip', `${what} is not a readable zip archive (truncated, damaged or not a project file): ${messageOf(err)}`, { cause: err });
}

function listEntries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    zip.on('entry', (e: yauzl.Entry) => {
      entries.push(e);
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', (err: Error) => reject(new ProjectError('corrupt', `the archive's table of contents is damaged: ${messageOf(err)}`, { cause: err })));
    zip.readEntry();
  });
}

export class Archive {
  private readonly byName = new Map<string, ArchiveEntry>();
  private closed = false;

  private constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly randomRead: RandomRead,
    readonly fileSize: number,
    private readonly limits: ReadLimits,
  ) {}

  static async open(source: ArchiveSource, limits: ReadLimits): Promise<Archive> {
    const { zip, read } = await openZip(source);
    const archive = new Archive(zip, read, zip.fileSize, limits);
    try {
      if (zip.entryCount > limits.maxEntries) {
        throw new ProjectError('too-large', `the archive declares ${zip.entryCount} entries; at most ${limits.maxEntries} are allowed`);
      }
      archive.index(await listEntries(zip));
      return archive;
    } catch (e) {
      archive.close();
      throw e;
    }
  }

  entries(): ArchiveEntry[] {
    return [...this.byName.values()];
  }

  get(name: string): ArchiveEntry | undefined {
    return this.byName.get(name);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.zip.close();
  }

  private index(raw: yauzl.Entry[]): void {
    let total = 0;
    for (const e of raw) {
      const name = decodeEntryName(e.fileNameRaw);
      if (this.byName.has(name)) throw new ProjectError('duplicate-entry', `entry ${quoteName(name)} appears more than once in the archive`);
      if (e.generalPurposeBitFlag & 0x1) throw new ProjectError('unsupported', `entry ${quoteName(name)} is encrypted; projects never are`);
      if (e.compressionMethod !== 0 && e.compressionMethod !== 8) {
        throw new ProjectError('unsupported', `entry ${quoteName(name)} uses compression method ${e.compressionMethod}; only stored and deflated entries are read`);
      }
      const kind = entryKind(name);
      this.checkDeclaredSize(name, kind, e);
      total += e.uncompressedSize;
      if (total > this.limits.maxTotalBytes) {
        throw new ProjectError('too-large', `the archive inflates to more than ${this.limits.maxTotalBytes} bytes (the limit for one project)`);
      }
      this.byName.set(name, { name, kind, compressedSize: e.compressedSize, uncompressedSize: e.uncompressedSize, crc32: e.crc32, raw: e });
    }
    this.checkNoOverlap();
  }

  private checkDeclaredSize(name: string, kind: EntryKind, e: yauzl.Entry): void {
    const size = e.uncompressedSize;
    const limit = kind === 'json' ? this.limits.maxJsonBytes : kind === 'dir' ? 0 : this.limits.maxBlobBytes;
    if (size > limit) {
      throw new ProjectError(kind === 'dir' ? 'corrupt' : 'too-large', `entry ${quoteName(name)} declares ${size} bytes; at most ${limit} are allowed for a ${kind} entry`);
    }
    if (e.compressionMethod === 8 && size > 1024 && size > e.compressedSize * MAX_DEFLATE_RATIO) {
      throw new ProjectError('zip-bomb', `entry ${quoteName(name)} claims ${e.compressedSize} compressed bytes inflate to ${size}, beyond what deflate can do: refused as a zip bomb`);
    }
  }

  /** Entries whose data overlap (the "overlapping files" zip bomb) or run past the end of the file. */
  private checkNoOverlap(): void {
    const spans = this.entries()
      .map((e) => ({ name: e.name, start: e.raw.relativeOffsetOfLocalHeader, end: e.raw.relativeOffsetOfLocalHeader + 30 + e.raw.fileNameLength + e.compressedSize }))
      .sort((a, b) => a.start - b.start);
    spans.forEach((s, i) => {
      if (s.end > this.fileSize) throw new ProjectError('corrupt', `entry ${quoteName(s.name)} runs past the end of the file (truncated?)`);
      const next = spans[i + 1];
      if (next && s.end > next.start) {
        throw new ProjectError('corrupt', `entries ${quoteName(s.name)} and ${quoteName(next.name)} overlap in the archive: refused (damaged, or a zip bomb)`);
      }
    });
  }

  /** Inflates an entry into a new buffer of its declared size (already bounded by the limits). */
  async read(entry: ArchiveEntry): Promise<Uint8Array> {
    const target = new Uint8Array(entry.uncompressedSize);
    await this.readInto(entry, target);
    return target;
  }

  /** Streams an entry into `target`, which must have exactly the entry's declared size. */
  async readInto(entry: ArchiveEntry, target: Uint8Array): Promise<void> {
    if (target.length !== entry.uncompressedSize) throw new Error(`readInto: target has ${target.length} bytes for ${entry.uncompressedSize}`);
    const what = `entry ${quoteName(entry.name)}`;
    let stream: NodeJS.ReadableStream & { destroy(): void };
    const dataStart = await this.localDataStart(entry, what);
    if (entry.raw.compressionMethod === 0) return this.readStored(dataStart, target, entry, what);
    try {
      stream = (await this.zip.openReadStreamPromise(entry.raw)) as typeof stream;
    } catch (e) {
      throw new ProjectError('corrupt', `${what} cannot be read: ${messageOf(e)}`, { cause: e });
    }
    await drainInto(stream, target, entry, what);
  }

  /**
   * Where an entry's data starts, from its local header, which must agree with the table of contents (name and
   * method): tools that extract by local headers would otherwise see another archive than we check. One read.
   */
  private async localDataStart(entry: ArchiveEntry, what: string): Promise<number> {
    const at = entry.raw.relativeOffsetOfLocalHeader;
    const head = new Uint8Array(30 + entry.raw.fileNameRaw.length + 256);
    let n: number;
    try {
      n = await this.randomRead(head, 0, Math.min(head.length, Math.max(0, this.fileSize - at)), at);
    } catch (e) {
      throw new ProjectError('io', `${what} cannot be read: ${messageOf(e)}`, { cause: e });
    }
    return at + checkLocalHeader(Buffer.from(head.buffer, 0, n), 0, entry, what, this.fileSize - at);
  }

  /**
   * Reads many entries in archive order and hands each one's bytes to `use`. A buffer is allocated only when its
   * entry is reached, so a failure part way leaves nothing allocated for the entries after it. Runs of small stored
   * entries (most tensors) are read with one read per 4 MiB of archive into a scratch buffer and copied out,
   * instead of two reads per entry.
   */
  async readMany(entries: readonly ArchiveEntry[], use: (entry: ArchiveEntry, bytes: Uint8Array) => void): Promise<void> {
    const sorted = [...entries].sort((a, b) => a.raw.relativeOffsetOfLocalHeader - b.raw.relativeOffsetOfLocalHeader);
    const small = (e: ArchiveEntry) => e.raw.compressionMethod === 0 && e.compressedSize <= BATCH_ENTRY_MAX;
    const readOne = async (entry: ArchiveEntry) => use(entry, await this.read(entry));
    let scratch: Uint8Array | null = null;
    for (let i = 0; i < sorted.length; ) {
      if (!small(sorted[i])) {
        await readOne(sorted[i++]);
        continue;
      }
      scratch ??= new Uint8Array(BATCH_BYTES);
      const start = sorted[i].raw.relativeOffsetOfLocalHeader;
      let n: number;
      try {
        n = await this.randomRead(scratch, 0, Math.min(scratch.length, Math.max(0, this.fileSize - start)), start);
      } catch (e) {
        throw new ProjectError('io', `the archive cannot be read: ${messageOf(e)}`, { cause: e });
      }
      const region = Buffer.from(scratch.buffer, 0, n);
      const first = i;
      for (; i < sorted.length && small(sorted[i]); i++) {
        const entry = sorted[i];
        const off = entry.raw.relativeOffsetOfLocalHeader - start;
        if (off + 30 + entry.raw.fileNameRaw.length > region.length) break; // header cut by the region's end
        const what = `entry ${quoteName(entry.name)}`;
        const data = off + checkLocalHeader(region, off, entry, what, this.fileSize - start - off);
        if (data + entry.uncompressedSize > region.length) break;
        const target = new Uint8Array(entry.uncompressedSize);
        target.set(region.subarray(data, data + target.length));
        checkCrc(target, entry, what);
        use(entry, target);
      }
      if (i === first) await readOne(sorted[i++]);
    }
  }

  /** A stored entry: its bytes are read straight into `target` in large chunks (no intermediate buffers). */
  private async readStored(start: number, target: Uint8Array, entry: ArchiveEntry, what: string): Promise<void> {
    if (start + target.length > this.fileSize) throw new ProjectError('corrupt', `${what} runs past the end of the file (truncated?)`);
    const CHUNK = 8 << 20;
    for (let offset = 0; offset < target.length; ) {
      let n: number;
      try {
        n = await this.randomRead(target, offset, Math.min(CHUNK, target.length - offset), start + offset);
      } catch (e) {
        throw new ProjectError('io', `${what} cannot be read: ${messageOf(e)}`, { cause: e });
      }
      if (n <= 0) throw new ProjectError('corrupt', `${what} ends after ${offset} of its ${target.length} bytes (truncated?)`);
      offset += n;
    }
    checkCrc(target, entry, what);
  }
}

// Runs of stored entries up to this size are read a region at a time.
const BATCH_BYTES = 4 << 20;
const BATCH_ENTRY_MAX = 1 << 20;
