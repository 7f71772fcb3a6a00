// One binary blob for JSON metadata plus groups of float32 arrays (weights, optimiser moments): what the CLI
// writes to disk now and what project files can embed later. Layout: "HSPK", u32 version, u32 header bytes,
// UTF-8 JSON header (meta + directory), zero padding to 4 bytes, then little-endian float32 data.
import type { NamedArrays } from './named-arrays';

const MAGIC = [0x48, 0x53, 0x50, 0x4b]; // "HSPK"
const VERSION = 1;

interface DirEntry {
  group: string;
  name: string;
  shape: number[];
  offset: number;
  length: number;
}

export interface Packed<M> {
  meta: M;
  groups: Record<string, NamedArrays>;
}

export function packArrays<M>(meta: M, groups: Record<string, NamedArrays>): Uint8Array {
  const dir: DirEntry[] = [];
  let offset = 0;
  for (const [group, arrays] of Object.entries(groups)) {
    for (const [name, a] of Object.entries(arrays)) {
      dir.push({ group, name, shape: a.shape, offset, length: a.values.length });
      offset += a.values.length;
    }
  }
  const header = new TextEncoder().encode(JSON.stringify({ meta, dir }));
  const dataStart = align4(12 + header.length);
  const out = new Uint8Array(dataStart + offset * 4);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  view.setUint32(4, VERSION, true);
  view.setUint32(8, header.length, true);
  out.set(header, 12);
  for (const e of dir) {
    const values = groups[e.group][e.name].values;
    const base = dataStart + e.offset * 4;
    for (let i = 0; i < values.length; i++) view.setFloat32(base + i * 4, values[i], true);
  }
  return out;
}

export function unpackArrays<M>(bytes: Uint8Array): Packed<M> {
  if (bytes.length < 12 || MAGIC.some((b, i) => bytes[i] !== b)) throw new Error('not a Hamiltonian Studio array pack');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version !== VERSION) throw new Error(`unsupported pack version ${version}`);
  const headerLength = view.getUint32(8, true);
  if (12 + headerLength > bytes.length) throw new Error('truncated pack header');
  const parsed = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength))) as { meta: M; dir: DirEntry[] };
  const dataStart = align4(12 + headerLength);
  const groups: Record<string, NamedArrays> = {};
  for (const e of parsed.dir) {
    const size = e.shape.reduce((a, b) => a * b, 1);
    if (size !== e.length || dataStart + (e.offset + e.length) * 4 > bytes.length) {
      throw new Error(`corrupt pack entry ${e.group}/${e.name}`);
    }
    const values = new Float32Array(e.length);
    const base = dataStart + e.offset * 4;
    for (let i = 0; i < e.length; i++) values[i] = view.getFloat32(base + i * 4, true);
    (groups[e.group] ??= {})[e.name] = { shape: e.shape, values };
  }
  return { meta: parsed.meta, groups };
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
