// Issue 16, defect 7: the zip-bomb defence holds at the default limits. Inflation is bounded by what the file can
// plausibly hold and by the memory this machine can spare, checked before anything is inflated or allocated, and
// blob buffers are allocated one at a time as their entries are read.
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Project, projectToBuffer, readProject, type ProjectErrorCode } from '../../main/project';
import { FIXED_DATE } from './fixtures';
import { deflatedZeros, honestBomb } from './bombs';
import { partsOf, zipParts } from './parts';

async function refusal(bytes: Uint8Array, options?: Parameters<typeof readProject>[1]): Promise<{ code: ProjectErrorCode; message: string }> {
  try {
    await readProject(bytes, options);
  } catch (e) {
    expect(e).toMatchObject({ name: 'ProjectError' });
    return e as { code: ProjectErrorCode; message: string };
  }
  throw new Error('the file was accepted');
}

const arrayBuffers = () => process.memoryUsage().arrayBuffers;

describe('deflate bombs at the default limits', () => {
  it('the bomb helper makes true deflate streams', () => {
    const { payload, crc, size } = deflatedZeros(3);
    const out = zlib.inflateRawSync(payload);
    expect(out.length).toBe(size);
    expect(out.every((b) => b === 0)).toBe(true);
    expect(zlib.crc32(out) >>> 0).toBe(crc);
  });

  it('an honest bomb (2 MiB of file, 2 GiB of zeros, every size and CRC true) is refused before inflating', async () => {
    const bomb = honestBomb(2, 1024);
    expect(bomb.length).toBeLessThan(3 << 20);
    const before = arrayBuffers();
    const e = await refusal(bomb);
    expect(e.code).toBe('zip-bomb');
    expect(e.message).toMatch(/inflate to 2\.0 GiB from a file of 2\.\d MiB/);
    // Nothing of the 2 GiB was allocated.
    expect(arrayBuffers() - before).toBeLessThan(64 << 20);
  });

  it('a small file of very repetitive data still opens (below the floor of the ratio check)', async () => {
    const p = Project.create({ name: 'Zeros', now: FIXED_DATE });
    p.addRun({ id: 'r1', kind: 'flow', config: {}, weights: { meta: {}, tensors: { w: { dtype: 'float32', shape: [1 << 20], values: new Float32Array(1 << 20) } } } });
    const bytes = await projectToBuffer(p, { appVersion: '0', compress: 'all' });
    expect(bytes.length).toBeLessThan(64 << 10);
    expect((await readProject(bytes)).getRun('r1').weights!.tensors.w.values.length).toBe(1 << 20);
  });

  it('a project larger than the memory this machine can spare is refused with the sizes', async () => {
    const p = Project.create({ name: 'Big', now: FIXED_DATE });
    p.addRun({ id: 'r1', kind: 'flow', config: {}, weights: { meta: {}, tensors: { w: { dtype: 'float32', shape: [8 << 20], values: new Float32Array(8 << 20).fill(1.5) } } } });
    const bytes = await projectToBuffer(p, { appVersion: '0' });
    const e = await refusal(bytes, { limits: { maxMemoryBytes: 16 << 20 } });
    expect(e.code).toBe('too-large');
    expect(e.message).toMatch(/opening it needs 32\.0 MiB of memory; 16\.0 MiB can be spared now/);
    expect((await readProject(bytes, { limits: { maxMemoryBytes: 64 << 20 } })).getRun('r1').weights!.tensors.w.values[5]).toBe(1.5);
  });

  it('a damaged blob stops the read before the blobs after it are allocated', async () => {
    const p = Project.create({ name: 'Lazy', now: FIXED_DATE });
    p.addRun({ id: 'r1', kind: 'flow', config: {}, weights: { meta: {}, tensors: { a: { dtype: 'float32', shape: [4], values: Float32Array.of(1, 2, 3, 4) }, b: { dtype: 'float32', shape: [48 << 20], values: new Float32Array(48 << 20) } } } });
    const parts = partsOf(p);
    const [small, big] = [parts.blobs.get('blobs/1.bin')!, parts.blobs.get('blobs/2.bin')!];
    const bytes = zipParts({ ...parts, blobs: new Map() }, [
      { name: 'blobs/1.bin', data: small, method: 0, crc: 1 },
      { name: 'blobs/2.bin', data: big, method: 0 },
    ]);
    // blobs/1.bin is first in the archive: a CRC failure there must not leave 192 MiB allocated for blobs/2.bin.
    const before = arrayBuffers();
    const e = await refusal(bytes);
    expect(e.code).toBe('checksum');
    expect(arrayBuffers() - before).toBeLessThan(64 << 20);
  });
});
