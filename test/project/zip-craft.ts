// A raw zip writer for hostile test files: any name (../, absolute, duplicates), lying sizes and CRCs, overlapping
// entries, odd compression methods and flags. Real zip libraries refuse to write these, which is the point.
import zlib from 'node:zlib';

export interface CraftEntry {
  name: string | Buffer;
  data: Buffer;
  /** 0 stored, 8 deflated (default), anything else is written as is. */
  method?: number;
  /** Override what the headers declare. */
  declaredSize?: number;
  declaredCompressedSize?: number;
  crc?: number;
  flags?: number;
  /** A different name in the local header than in the central directory. */
  localName?: string;
  /** Bytes to store as the entry's (compressed) payload instead of encoding `data`. */
  rawPayload?: Buffer;
  /** Point this entry's central record at another entry's local header (overlap). */
  sameOffsetAs?: number;
}

export function crc32(b: Buffer): number {
  return zlib.crc32(b) >>> 0;
}

export function craftZip(entries: CraftEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  const offsets: number[] = [];
  let offset = 0;
  entries.forEach((e, i) => {
    const method = e.method ?? 8;
    const payload = e.rawPayload ?? (method === 8 ? zlib.deflateRawSync(e.data) : e.data);
    const name = typeof e.name === 'string' ? Buffer.from(e.name, 'utf8') : e.name;
    const localName = e.localName !== undefined ? Buffer.from(e.localName, 'utf8') : name;
    const crc = e.crc ?? crc32(e.data);
    const size = e.declaredSize ?? e.data.length;
    const csize = e.declaredCompressedSize ?? payload.length;
    const flags = (e.flags ?? 0) | 0x800;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(csize >>> 0, 18);
    local.writeUInt32LE(size >>> 0, 22);
    local.writeUInt16LE(localName.length, 26);
    const at = e.sameOffsetAs !== undefined ? offsets[e.sameOffsetAs] : offset;
    offsets.push(at);
    if (e.sameOffsetAs === undefined) {
      locals.push(local, localName, payload);
      offset += 30 + localName.length + payload.length;
    }
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(csize >>> 0, 20);
    central.writeUInt32LE(size >>> 0, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(at, 42);
    centrals.push(central, name);
    void i;
  });
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

export const json = (v: unknown): Buffer => Buffer.from(JSON.stringify(v));
