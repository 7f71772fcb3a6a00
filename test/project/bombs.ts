// Deflate bombs built cheaply: a byte-aligned deflate block of 1 MiB of zeros repeated (each block refers only to
// its own bytes, so the copies chain into one valid stream), then a final empty block. N MiB of zeros cost about
// N KiB. `honestBomb` wraps them in an otherwise valid project whose sizes and CRCs are all true.
import zlib from 'node:zlib';
import { Project } from '../../main/project';
import { FIXED_DATE } from './fixtures';
import { partsOf, zipParts } from './parts';

const MiB = 1 << 20;
const ZEROS = Buffer.alloc(MiB);
const BLOCK = zlib.deflateRawSync(ZEROS, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
const FINAL = Buffer.from([0x03, 0x00]);

const made = new Map<number, { payload: Buffer; crc: number; size: number }>();

/** The raw deflate stream of `mib` MiB of zeros, and their CRC-32 (made once per size). */
export function deflatedZeros(mib: number): { payload: Buffer; crc: number; size: number } {
  let z = made.get(mib);
  if (!z) {
    let crc = 0;
    for (let i = 0; i < mib; i++) crc = zlib.crc32(ZEROS, crc);
    z = { payload: Buffer.concat([...Array.from({ length: mib }, () => BLOCK), FINAL]), crc: crc >>> 0, size: mib * MiB };
    made.set(mib, z);
  }
  return z;
}

/** A valid project whose one run has `blobs` float32 weight tensors of `mibEach` MiB of zeros, each deflated. */
export function honestBomb(blobs: number, mibEach: number): Buffer {
  const p = Project.create({ name: 'Bomb', now: FIXED_DATE });
  p.addRun({ id: 'r1', kind: 'flow', config: { a: 1 } });
  const parts = partsOf(p);
  const run = parts.json.get('runs/r1.json') as { weights: unknown };
  const zeros = deflatedZeros(mibEach);
  const tensors: Record<string, { blob: string; dtype: 'float32'; shape: number[] }> = {};
  for (let i = 1; i <= blobs; i++) tensors[`w${i}`] = { blob: `blobs/${i}.bin`, dtype: 'float32', shape: [zeros.size / 4] };
  run.weights = { meta: {}, tensors };
  return zipParts(
    parts,
    Object.values(tensors).map((t) => ({ name: t.blob, data: Buffer.alloc(0), rawPayload: zeros.payload, method: 8, crc: zeros.crc, declaredSize: zeros.size })),
  );
}
