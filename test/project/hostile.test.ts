// Hand-crafted hostile and damaged files: each is refused with the right code and a message naming the problem.
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Project, projectToBuffer, readProject, type ProjectErrorCode } from '../../main/project';
import { makeRng } from '../../main/core/random';
import { hgnRun, FIXED_DATE } from './fixtures';
import { partsOf, zipParts, type Parts } from './parts';
import { craftZip, json } from './zip-craft';

function smallProject(): Project {
  const p = Project.create({ name: 'Small', now: FIXED_DATE });
  p.addRun({ id: 'r1', kind: 'flow', config: { a: 1 }, weights: { meta: {}, tensors: { w: { dtype: 'float32', shape: [2, 3], values: Float32Array.of(1, 2, 3, 4, 5, 6) } } } });
  return p;
}

async function refusal(bytes: Uint8Array, limits?: Parameters<typeof readProject>[1]): Promise<{ code: ProjectErrorCode; message: string }> {
  try {
    await readProject(bytes, limits);
  } catch (e) {
    expect(e).toMatchObject({ name: 'ProjectError' });
    return e as { code: ProjectErrorCode; message: string };
  }
  throw new Error('the file was accepted');
}

function edit(change: (p: Parts) => void, project = smallProject()): Buffer {
  const parts = partsOf(project);
  change(parts);
  return zipParts(parts);
}

const run = (p: Parts) => p.json.get('runs/r1.json') as Record<string, any>;

describe('hostile files', () => {
  it('the unmodified parts open (the helpers themselves are sound)', async () => {
    const p = await readProject(edit(() => undefined));
    expect(p.getRun('r1').weights!.tensors.w.values).toEqual(Float32Array.of(1, 2, 3, 4, 5, 6));
  });

  it.each([
    ['../evil.json', /climbs out/],
    ['runs/../../evil.json', /climbs out/],
    ['/etc/passwd', /absolute path/],
    ['C:/Windows/evil.dll', /absolute path/],
    ['runs\\..\\evil.json', /backslash/],
    ['blobs/1.bin\u0000.txt', /control characters/],
    ['runs//x.json', /empty or "." path segments/],
  ])('zip slip: %j', async (name, why) => {
    const parts = partsOf(smallProject());
    const e = await refusal(zipParts(parts, [{ name, data: Buffer.from('x') }]));
    expect(e.code).toBe('unsafe-path');
    expect(e.message).toMatch(why);
    expect(e.message).toMatch(/zip slip/);
  });

  it('an entry name that is not UTF-8', async () => {
    const e = await refusal(zipParts(partsOf(smallProject()), [{ name: Buffer.from([0x72, 0xff, 0xfe]), data: Buffer.from('x') }]));
    expect(e).toMatchObject({ code: 'unsafe-path', message: expect.stringMatching(/UTF-8/) });
  });

  it('duplicated entries', async () => {
    const parts = partsOf(smallProject());
    const e = await refusal(zipParts(parts, [{ name: 'manifest.json', data: json(parts.json.get('manifest.json')) }]));
    expect(e).toMatchObject({ code: 'duplicate-entry', message: expect.stringContaining('"manifest.json" appears more than once') });
  });

  it('a bomb that declares its size honestly is refused before inflating', async () => {
    const big = Buffer.alloc(5 << 20, 0x20);
    const e = await refusal(zipParts(partsOf(smallProject()), [{ name: 'runs/bomb.json', data: big }]), { limits: { maxJsonBytes: 1 << 20 } });
    expect(e).toMatchObject({ code: 'too-large', message: expect.stringContaining('"runs/bomb.json" declares 5242880 bytes') });
  });

  it('a bomb that lies about its size is stopped while inflating', async () => {
    const parts = partsOf(smallProject());
    const ui = Buffer.concat([json({ state: null }), Buffer.alloc(4 << 20, 0x20)]);
    const e = await refusal(zipParts({ ...parts, json: new Map([...parts.json].filter(([n]) => n !== 'ui.json')) }, [{ name: 'ui.json', data: ui, declaredSize: 100 }]));
    expect(e.code).toBe('zip-bomb');
    expect(e.message).toContain('"ui.json" inflates beyond');
  });

  it('a declared compression ratio deflate cannot reach', async () => {
    const e = await refusal(zipParts(partsOf(smallProject()), [{ name: 'runs/x.json', data: Buffer.from('{}'), declaredSize: 200 << 20, declaredCompressedSize: 10 }]));
    expect(e).toMatchObject({ code: 'zip-bomb', message: expect.stringContaining('beyond what deflate can do') });
  });

  it('a sum of entries beyond the total limit', async () => {
    const p = smallProject();
    p.setWeights('r1', { w: { dtype: 'float32', shape: [1000], values: new Float32Array(1000) } });
    const e = await refusal(await projectToBuffer(p, { appVersion: '0' }), { limits: { maxTotalBytes: 2000 } });
    expect(e).toMatchObject({ code: 'too-large' });
  });

  it('overlapping entries (the overlapping-files bomb)', async () => {
    const parts = partsOf(smallProject());
    const bytes = zipParts(parts, [{ name: 'blobs/99.bin', data: Buffer.alloc(0), method: 0, sameOffsetAs: 0, declaredSize: 0, declaredCompressedSize: 0 }]);
    const e = await refusal(bytes);
    expect(e).toMatchObject({ code: 'corrupt', message: expect.stringMatching(/overlap/) });
  });

  it('too many entries', async () => {
    const e = await refusal(edit(() => undefined), { limits: { maxEntries: 3 } });
    expect(e).toMatchObject({ code: 'too-large', message: expect.stringMatching(/entries/) });
  });

  it('an unknown future version names both versions', async () => {
    const e = await refusal(
      edit((p) => {
        Object.assign(p.json.get('manifest.json') as object, { formatVersion: 7, appVersion: '3.1.0' });
        p.json.set('notes/new-part.json', {});
      }),
    );
    expect(e.code).toBe('future-version');
    expect(e.message).toMatch(/saved by Hamiltonian Studio 3\.1\.0 in format version 7; this app reads versions up to 2/);
  });

  it.each([0, -1, 1.5])('a version that never existed: %s', async (v) => {
    const e = await refusal(edit((p) => Object.assign(p.json.get('manifest.json') as object, { formatVersion: v })));
    expect(e.code).toBe('unsupported-version');
  });

  it('wrong types name the part and the field', async () => {
    const e = await refusal(edit((p) => (run(p).metrics = [{ step: 'ten', values: {} }])));
    expect(e.code).toBe('schema');
    expect(e.message).toMatch(/^runs\/r1\.json: metrics\[0\]\.step: /);
  });

  it('unknown fields are refused (strict schemas)', async () => {
    const e = await refusal(edit((p) => (run(p).surprise = 1)));
    expect(e).toMatchObject({ code: 'schema', message: expect.stringContaining('surprise') });
  });

  it('NaN or Inf in weights', async () => {
    const e = await refusal(edit((p) => p.blobs.set('blobs/1.bin', Buffer.from(Float32Array.of(1, 2, Number.NaN, 4, 5, 6).buffer))));
    expect(e).toMatchObject({ code: 'non-finite', message: expect.stringContaining('run "r1": weights, tensor "w": value 2 is NaN') });
    const inf = await refusal(edit((p) => p.blobs.set('blobs/1.bin', Buffer.from(Float32Array.of(1, 2, 3, 4, 5, -Infinity).buffer))));
    expect(inf.code).toBe('non-finite');
  });

  it('NaN in a checkpoint is refused too', async () => {
    const p = Project.create({ now: FIXED_DATE });
    p.addRun({ ...hgnRun(makeRng(1), 4, 1), id: 'r1' });
    const parts = partsOf(p);
    const ref = (run(parts).checkpoints[0].state as Record<string, { blob: string }>)['adam.v/encoder/conv0/bias'];
    const bytes = Buffer.from(parts.blobs.get(ref.blob)!);
    bytes.writeFloatLE(Number.NaN, 0);
    parts.blobs.set(ref.blob, bytes);
    const e = await refusal(zipParts(parts));
    expect(e).toMatchObject({ code: 'non-finite', message: expect.stringContaining('checkpoint "step-100" state, tensor "adam.v/encoder/conv0/bias"') });
  });

  it('wrong-sized weights', async () => {
    const e = await refusal(edit((p) => p.blobs.set('blobs/1.bin', Buffer.alloc(20))));
    expect(e.code).toBe('bad-blob');
    expect(e.message).toContain('a float32 tensor of shape [2, 3] needs 24 bytes, but blobs/1.bin holds 20');
    const shape = await refusal(edit((p) => (run(p).weights.tensors.w.shape = [2, 4])));
    expect(shape.code).toBe('bad-blob');
  });

  it('missing parts', async () => {
    const noRun = await refusal(edit((p) => p.json.delete('runs/r1.json')));
    expect(noRun).toMatchObject({ code: 'missing-part', message: 'runs/r1.json is missing (the manifest refers to it)' });
    const noBlob = await refusal(edit((p) => p.blobs.delete('blobs/1.bin')));
    expect(noBlob).toMatchObject({ code: 'missing-part', message: expect.stringContaining('blobs/1.bin is missing (run "r1" weights, tensor "w" refers to it)') });
    const noUi = await refusal(edit((p) => p.json.delete('ui.json')));
    expect(noUi.code).toBe('missing-part');
  });

  it('bad JSON, bad UTF-8 and absurd nesting', async () => {
    const parts = partsOf(smallProject());
    const without = (name: string) => ({ ...parts, json: new Map([...parts.json].filter(([n]) => n !== name)) });
    const bad = await refusal(zipParts(without('datasets.json'), [{ name: 'datasets.json', data: Buffer.from('{"datasets": [') }]));
    expect(bad).toMatchObject({ code: 'bad-json', message: expect.stringMatching(/^datasets\.json is not valid JSON/) });
    const utf = await refusal(zipParts(without('ui.json'), [{ name: 'ui.json', data: Buffer.from([0x7b, 0xc3, 0x28, 0x7d]) }]));
    expect(utf).toMatchObject({ code: 'bad-json', message: 'ui.json is not valid UTF-8 text' });
    const deep = await refusal(zipParts(without('ui.json'), [{ name: 'ui.json', data: Buffer.from(`{"state":${'['.repeat(100_000)}${']'.repeat(100_000)}}`) }]));
    expect(deep).toMatchObject({ code: 'bad-json', message: expect.stringMatching(/nested deeper than 64/) });
  });

  it('not a zip, empty, truncated', async () => {
    expect((await refusal(Buffer.from('hello, I am a text file'))).code).toBe('not-zip');
    expect((await refusal(Buffer.alloc(0))).code).toBe('not-zip');
    const good = edit(() => undefined);
    expect((await refusal(good.subarray(0, good.length - 30))).code).toBe('not-zip');
  });

  it('not a project', async () => {
    const e = await refusal(craftZip([{ name: 'readme.txt', data: Buffer.from('hi') }]));
    expect(e).toMatchObject({ code: 'not-a-project', message: expect.stringContaining('no manifest.json') });
    const other = await refusal(craftZip([{ name: 'manifest.json', data: json({ format: 'something-else', formatVersion: 1 }) }]));
    expect(other).toMatchObject({ code: 'not-a-project', message: expect.stringContaining('"something-else"') });
  });

  it('unknown and unreferenced entries', async () => {
    const unknown = await refusal(zipParts(partsOf(smallProject()), [{ name: 'extra/payload.exe', data: Buffer.from('MZ') }]));
    expect(unknown).toMatchObject({ code: 'unexpected-entry', message: expect.stringContaining('"extra/payload.exe"') });
    const orphan = await refusal(zipParts(partsOf(smallProject()), [{ name: 'blobs/77.bin', data: Buffer.alloc(4), method: 0 }]));
    expect(orphan).toMatchObject({ code: 'unexpected-entry', message: expect.stringContaining('"blobs/77.bin" is not referred to') });
    const orphanRun = await refusal(zipParts(partsOf(smallProject()), [{ name: 'runs/ghost.json', data: json({}) }]));
    expect(orphanRun.code).toBe('unexpected-entry');
  });

  it('a blob referred to twice', async () => {
    const e = await refusal(
      edit((p) => {
        run(p).weights.tensors.w2 = { ...run(p).weights.tensors.w };
      }),
    );
    expect(e).toMatchObject({ code: 'schema', message: expect.stringContaining('referred to twice') });
  });

  it('CRC mismatch, encryption, unknown compression, lying local header', async () => {
    const parts = partsOf(smallProject());
    const blob = parts.blobs.get('blobs/1.bin')!;
    const noBlob = { ...parts, blobs: new Map() };
    expect((await refusal(zipParts(noBlob, [{ name: 'blobs/1.bin', data: blob, method: 0, crc: 1234 }]))).code).toBe('checksum');
    expect((await refusal(zipParts(noBlob, [{ name: 'blobs/1.bin', data: blob, method: 8, flags: 1 }]))).code).toBe('unsupported');
    expect((await refusal(zipParts(noBlob, [{ name: 'blobs/1.bin', data: blob, method: 12 }]))).code).toBe('unsupported');
    const lie = await refusal(zipParts(noBlob, [{ name: 'blobs/1.bin', data: blob, method: 0, localName: 'blobs/2.bin' }]));
    expect(lie).toMatchObject({ code: 'corrupt', message: expect.stringContaining('local header disagrees') });
  });

  it('deflate data damaged mid-stream', async () => {
    const parts = partsOf(smallProject());
    const data = json(parts.json.get('datasets.json'));
    const others = { ...parts, json: new Map([...parts.json].filter(([n]) => n !== 'datasets.json')) };
    const truncated = zlib.deflateRawSync(data).subarray(0, 10);
    const e = await refusal(zipParts(others, [{ name: 'datasets.json', data, rawPayload: truncated }]));
    expect(e).toMatchObject({ code: 'corrupt', message: expect.stringContaining('"datasets.json"') });
    const garbage = Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    const g = await refusal(zipParts(others, [{ name: 'datasets.json', data, rawPayload: garbage }]));
    expect(g).toMatchObject({ code: 'corrupt', message: expect.stringContaining('compressed data is damaged') });
  });

  it('"__proto__" as a tensor name', async () => {
    const e = await refusal(
      edit((p) => {
        const w = run(p).weights.tensors;
        run(p).weights.tensors = JSON.parse(`{"__proto__": ${JSON.stringify(w.w)}}`);
      }),
    );
    expect(e).toMatchObject({ code: 'bad-json', message: expect.stringContaining('reserved key "__proto__"') });
  });

  it('a run part whose id is not the one listed', async () => {
    const e = await refusal(edit((p) => (run(p).id = 'r2')));
    expect(e).toMatchObject({ code: 'schema', message: 'runs/r1.json: its id is "r2", not "r1"' });
  });
});
