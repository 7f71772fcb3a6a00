// Checks on an entry's bytes as they are read: its local header against the table of contents, its size while
// inflating (bombs), its CRC-32.
import zlib from 'node:zlib';
import { messageOf, ProjectError } from '../errors';
import type { ArchiveEntry } from './archive';

export function checkCrc(data: Uint8Array, entry: ArchiveEntry, what: string): void {
  if (zlib.crc32(data) >>> 0 !== entry.crc32 >>> 0) throw new ProjectError('checksum', `${what} is damaged: its CRC-32 does not match its data`);
}

/**
 * Checks the local header at `view[at]` against the entry (signature, method, name) and returns the offset of the
 * entry's data relative to the header. `left` is how many bytes of the file follow the header's start.
 */
export function checkLocalHeader(view: Buffer, at: number, entry: ArchiveEntry, what: string, left: number): number {
  const name = entry.raw.fileNameRaw;
  if (view.length - at < 30 || view.readUInt32LE(at) !== 0x04034b50) throw new ProjectError('corrupt', `${what}: its local header is missing or damaged`);
  const nameLength = view.readUInt16LE(at + 26);
  const extraLength = view.readUInt16LE(at + 28);
  if (
    view.readUInt16LE(at + 8) !== entry.raw.compressionMethod ||
    nameLength !== name.length ||
    view.length - at < 30 + nameLength ||
    !view.subarray(at + 30, at + 30 + nameLength).equals(name)
  ) {
    throw new ProjectError('corrupt', `${what}: its local header disagrees with the archive's table of contents`);
  }
  const dataOffset = 30 + nameLength + extraLength;
  if (dataOffset + entry.compressedSize > left) throw new ProjectError('corrupt', `${what} runs past the end of the file (truncated?)`);
  return dataOffset;
}

export function drainInto(stream: NodeJS.ReadableStream & { destroy(): void }, target: Uint8Array, entry: ArchiveEntry, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let offset = 0;
    let crc = 0;
    let settled = false;
    const settle = (err: ProjectError | null) => {
      if (settled) return;
      settled = true;
      if (err) {
        stream.destroy();
        reject(err);
      } else resolve();
    };
    stream.on('data', (chunk: Buffer) => {
      if (settled) return;
      if (offset + chunk.length > target.length) {
        settle(new ProjectError('zip-bomb', `${what} inflates beyond the ${target.length} bytes it declares (damaged, or a zip bomb): refused`));
        return;
      }
      target.set(chunk, offset);
      offset += chunk.length;
      crc = zlib.crc32(chunk, crc);
    });
    // Errors may still arrive after we gave up on a stream; they must not become uncaught exceptions.
    stream.on('error', (err: Error) => settle(streamError(err, what)));
    stream.on('end', () => {
      if (offset !== target.length) settle(new ProjectError('corrupt', `${what} ends after ${offset} of its ${target.length} bytes (truncated?)`));
      else if (crc >>> 0 !== entry.crc32 >>> 0) settle(new ProjectError('checksum', `${what} is damaged: its CRC-32 does not match its data`));
      else settle(null);
    });
  });
}

function streamError(err: Error, what: string): ProjectError {
  const msg = messageOf(err);
  if (/too many bytes/i.test(msg)) return new ProjectError('zip-bomb', `${what} inflates beyond the size it declares (damaged, or a zip bomb): refused`, { cause: err });
  if ((err as NodeJS.ErrnoException).code?.startsWith('Z_') || /zlib|inflate|invalid (block|code|distance|stored)|unexpected end/i.test(msg)) {
    return new ProjectError('corrupt', `${what}: the compressed data is damaged (${msg})`, { cause: err });
  }
  if (/not enough bytes/i.test(msg)) return new ProjectError('corrupt', `${what} is shorter than it declares (truncated?)`, { cause: err });
  return new ProjectError('corrupt', `${what} cannot be read: ${msg}`, { cause: err });
}
