// The dataset file: one buffer, no compression, so frames can be viewed in place.
//   bytes 0..3   magic "HSDS"
//   bytes 4..7   u32 little-endian: byte length L of the header (padded with spaces so 8 + L is a multiple of 8)
//   bytes 8..    UTF-8 JSON header (DatasetHeader), then the data section: the arrays listed in header.arrays,
//                each at an 8-byte aligned offset relative to the data section, little-endian, zero padding between.
// header.contentHash is the SHA-256 of the whole data section, so a file verifies itself.
import { canonicalJson, type Json } from './canonical-json';
import { sha256Hex } from './sha256';
import { DATASET_FORMAT, DATASET_MAGIC, FORMAT_VERSION } from './version';
import { SPLITS, type Dataset, type DatasetMeta, type DatasetSplit, type SplitName } from './dataset';

export interface ArrayEntry {
  name: string;
  dtype: 'uint8' | 'float64';
  shape: number[];
  /** Byte offset within the data section. */
  offset: number;
  byteLength: number;
}

export interface DatasetHeader extends DatasetMeta {
  arrays: ArrayEntry[];
  /** 'sha256:<hex>' of the data section. */
  contentHash: string;
}

/** SHA-256 hex of the concatenation of chunks. The default is pure TypeScript; Node callers may pass node:crypto. */
export type Hasher = (chunks: readonly Uint8Array[]) => string;
export const pureSha256: Hasher = (chunks) => sha256Hex(...chunks);

export interface EncodedDataset {
  header: DatasetHeader;
  /** The file as consecutive chunks (views of the dataset's arrays, not copies): write them in order. */
  parts: Uint8Array[];
  byteLength: number;
}

const align8 = (n: number): number => (n + 7) & ~7;

function assertLittleEndian(): void {
  if (new Uint8Array(Uint16Array.of(1).buffer)[0] !== 1) throw new Error('dataset files need a little-endian host');
}

function bytesOf(a: Float64Array | Uint8Array): Uint8Array {
  return a instanceof Uint8Array ? a : new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

function layout(meta: DatasetMeta, ds: Dataset): { entries: ArrayEntry[]; arrays: Uint8Array[]; dataLength: number } {
  const entries: ArrayEntry[] = [];
  const arrays: Uint8Array[] = [];
  let offset = 0;
  for (const split of SPLITS) {
    const s = ds[split];
    for (const [kind, dtype, shape, data] of [
      ['frames', 'uint8', meta.shapes.frames, s.frames],
      ['states', 'float64', meta.shapes.states, s.states],
    ] as const) {
      const bytes = bytesOf(data);
      entries.push({ name: `${split}/${kind}`, dtype, shape: [s.count, ...shape], offset, byteLength: bytes.byteLength });
      arrays.push(bytes);
      offset = align8(offset + bytes.byteLength);
    }
  }
  return { entries, arrays, dataLength: offset };
}

export function encodeDatasetParts(ds: Dataset, hasher: Hasher = pureSha256): EncodedDataset {
  assertLittleEndian();
  const { entries, arrays, dataLength } = layout(ds.meta, ds);
  const dataParts: Uint8Array[] = [];
  let at = 0;
  arrays.forEach((bytes, k) => {
    const gap = entries[k].offset - at;
    if (gap > 0) dataParts.push(new Uint8Array(gap));
    dataParts.push(bytes);
    at = entries[k].offset + bytes.byteLength;
  });
  if (dataLength > at) dataParts.push(new Uint8Array(dataLength - at));
  const header: DatasetHeader = { ...ds.meta, arrays: entries, contentHash: `sha256:${hasher(dataParts)}` };
  const json = new TextEncoder().encode(canonicalJson(header as unknown as Json));
  const headerLength = align8(8 + json.byteLength) - 8;
  const prefix = new Uint8Array(8 + headerLength).fill(0x20);
  prefix.set(DATASET_MAGIC, 0);
  new DataView(prefix.buffer).setUint32(4, headerLength, true);
  prefix.set(json, 8);
  return { header, parts: [prefix, ...dataParts], byteLength: prefix.byteLength + dataLength };
}

/** The whole file in one Uint8Array. */
export function encodeDataset(ds: Dataset, hasher?: Hasher): Uint8Array {
  const { parts, byteLength } = encodeDatasetParts(ds, hasher);
  const out = new Uint8Array(byteLength);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/** Bytes needed to read the header: the 8-byte prefix says how many more. */
export function headerByteLength(prefix: Uint8Array): number {
  if (prefix.byteLength < 8 || DATASET_MAGIC.some((b, i) => prefix[i] !== b)) {
    throw new Error('not a Hamiltonian Studio dataset (bad magic)');
  }
  return 8 + new DataView(prefix.buffer, prefix.byteOffset, 8).getUint32(4, true);
}

/** Parses and sanity-checks the header (no data needed beyond it). */
export function readDatasetHeader(bytes: Uint8Array): DatasetHeader {
  const end = headerByteLength(bytes);
  if (bytes.byteLength < end) throw new Error('dataset file truncated inside its header');
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, end)));
  } catch (err) {
    throw new Error(`dataset header is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  return checkHeader(header);
}

function checkHeader(h: unknown): DatasetHeader {
  const o = h as Partial<DatasetHeader> | null;
  if (!o || typeof o !== 'object' || o.format !== DATASET_FORMAT) throw new Error('dataset header: wrong format tag');
  if (o.formatVersion !== FORMAT_VERSION) {
    throw new Error(`dataset format version ${String(o.formatVersion)} is not supported (expected ${FORMAT_VERSION})`);
  }
  if (!Array.isArray(o.arrays) || typeof o.contentHash !== 'string' || !o.spec || !o.shapes) {
    throw new Error('dataset header: missing arrays, contentHash, spec or shapes');
  }
  for (const a of o.arrays) {
    const elems = a.shape.reduce((x, y) => x * y, 1);
    const size = a.dtype === 'uint8' ? 1 : a.dtype === 'float64' ? 8 : 0;
    if (!size || elems * size !== a.byteLength || a.offset % 8 !== 0 || a.offset < 0) {
      throw new Error(`dataset header: inconsistent array entry '${a.name}'`);
    }
  }
  return o as DatasetHeader;
}

export interface DecodeOptions {
  /** Check the content hash (default true). */
  verify?: boolean;
  hasher?: Hasher;
}

/**
 * Reads a dataset file. Frames are views into `bytes` (no copy); states are views when aligned, copies otherwise.
 */
export function decodeDataset(bytes: Uint8Array, options: DecodeOptions = {}): { header: DatasetHeader; dataset: Dataset } {
  assertLittleEndian();
  const header = readDatasetHeader(bytes);
  const dataStart = headerByteLength(bytes);
  const data = bytes.subarray(dataStart);
  const dataLength = header.arrays.reduce((end, a) => Math.max(end, align8(a.offset + a.byteLength)), 0);
  if (data.byteLength < dataLength) throw new Error('dataset file truncated: data section shorter than its header says');
  if (options.verify ?? true) {
    const hash = `sha256:${(options.hasher ?? pureSha256)([data.subarray(0, dataLength)])}`;
    if (hash !== header.contentHash) throw new Error('dataset content hash mismatch: the file is corrupt');
  }
  const find = (name: string): ArrayEntry => {
    const entry = header.arrays.find((a) => a.name === name);
    if (!entry) throw new Error(`dataset file lacks array '${name}'`);
    return entry;
  };
  const split = (name: SplitName): DatasetSplit => {
    const f = find(`${name}/frames`);
    const s = find(`${name}/states`);
    const frames = data.subarray(f.offset, f.offset + f.byteLength);
    const stateBytes = data.subarray(s.offset, s.offset + s.byteLength);
    const states =
      stateBytes.byteOffset % 8 === 0
        ? new Float64Array(stateBytes.buffer, stateBytes.byteOffset, s.byteLength / 8)
        : new Float64Array(stateBytes.slice().buffer);
    return { count: f.shape[0], frames, states };
  };
  const { arrays: _arrays, contentHash: _hash, ...meta } = header;
  return { header, dataset: { meta, train: split('train'), test: split('test') } };
}
