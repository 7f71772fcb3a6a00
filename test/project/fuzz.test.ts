// Fuzz: over 10,000 seeded mutations of valid project files (bit flips, overwrites, truncations, insertions,
// deletions, splices, lying header fields) and of their JSON parts and entry lists (wrong types, missing keys,
// hostile names, dropped and duplicated entries). Every file either opens to exactly the original project (the
// mutation hit bytes that carry no meaning, e.g. a timestamp) or is refused with a ProjectError that has a known
// code and a message; none crashes, hangs or writes anything.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRng, type Rng } from '../../main/core/random';
import { PROJECT_ERROR_CODES, Project, ProjectError, projectToBuffer, readProject, type ProjectErrorCode } from '../../main/project';
import { expectProjectsEqual } from './compare';
import { FIXED_DATE } from './fixtures';
import { partsOf, zipParts, type Parts } from './parts';
import { craftZip, json, type CraftEntry } from './zip-craft';

const BYTE_CASES = 8000;
const STRUCTURE_CASES = 2200;
const FILE_CASES = 200;
const HANG_MS = 10_000;

function tinyProject(): Project {
  const p = Project.create({ name: 'Fuzz', now: FIXED_DATE });
  p.putDataset({ id: 'd1', name: 'data', spec: { system: 'pendulum', seed: 1 }, createdAt: FIXED_DATE.toISOString(), data: { x: { dtype: 'uint8', shape: [4, 4], values: Uint8Array.from({ length: 16 }, (_, i) => i * 9) } } });
  p.addRun({
    id: 'r1',
    kind: 'hgn',
    config: { lr: 1e-3, layers: [8, 8] },
    metrics: [{ step: 1, values: { loss: 1.5 } }, { step: 2, values: { loss: Number.NaN } }],
    marks: [{ step: 2, kind: 'note', message: 'hi' }],
    weights: { meta: { f: 1 }, tensors: { w: { dtype: 'float32', shape: [3, 2], values: Float32Array.of(1, -2, 3.5, 0.25, 5, 6) }, b: { dtype: 'float64', shape: [2], values: Float64Array.of(0.1, -0.2) } } },
    saved: [{ id: 's1', kind: 'samples', name: 'samples', step: 2, createdAt: 5, meta: {}, tensors: { samples: { dtype: 'float32', shape: [2, 2], values: Float32Array.of(1, 2, 3, 4) } } }],
  });
  p.setUi({ openRun: 'r1', scrubber: 3 });
  return p;
}

const int = (rng: Rng, n: number) => Math.floor(rng() * n);
const pick = <T,>(rng: Rng, xs: readonly T[]): T => xs[int(rng, xs.length)];

// ---------- byte-level mutations ----------

const INTERESTING_32 = [0, 1, 0x7f, 0xff, 0xffff, 0x7fffffff, 0xffffffff, 0x10000, 30, 46];

function mutateBytes(src: Buffer, rng: Rng): Buffer {
  const b = Buffer.from(src);
  switch (int(rng, 8)) {
    case 0: {
      const flips = 1 + int(rng, 8);
      for (let i = 0; i < flips; i++) b[int(rng, b.length)] ^= 1 << int(rng, 8);
      return b;
    }
    case 1: {
      const at = int(rng, b.length);
      for (let i = 0; i < 1 + int(rng, 16) && at + i < b.length; i++) b[at + i] = int(rng, 256);
      return b;
    }
    case 2:
      return b.subarray(0, int(rng, b.length));
    case 3: {
      const at = int(rng, b.length);
      return Buffer.concat([b.subarray(0, at), Buffer.from(Array.from({ length: 1 + int(rng, 64) }, () => int(rng, 256))), b.subarray(at)]);
    }
    case 4: {
      const at = int(rng, b.length);
      return Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + int(rng, 64)))]);
    }
    case 5: {
      // Splice: copy a chunk of the file over another place.
      const len = 1 + int(rng, 128);
      const from = int(rng, b.length);
      b.copy(b, int(rng, b.length), from, Math.min(b.length, from + len));
      return b;
    }
    case 6: {
      // A header-like field in the last quarter (central directory, end record) set to a boundary value.
      const at = Math.max(0, b.length - 1 - int(rng, Math.ceil(b.length / 4)) - 4);
      b.writeUInt32LE(pick(rng, INTERESTING_32) >>> 0, at);
      return b;
    }
    default: {
      const at = int(rng, b.length - 2);
      b.writeUInt16LE(pick(rng, [0, 1, 8, 12, 0xffff, 0x0800, 0x0008]), at);
      return b;
    }
  }
}

// ---------- structural mutations (JSON parts and the entry list) ----------

const HOSTILE_VALUES: unknown[] = [
  null, -1, 0, 1.5, 1e308, -1e308, 2 ** 53, 'x', '', 'NaN', 'Infinity', [], {}, true, [1, 2, 3], { blob: 'blobs/1.bin' },
  { blob: '../x.bin', dtype: 'float32', shape: [1] }, { blob: 'blobs/1.bin', dtype: 'float32', shape: [1e9, 1e9] },
  { blob: 'blobs/1.bin', dtype: 'complex64', shape: [1] }, 'a'.repeat(5000), ['nested', ['deeper', [{}]]],
];
const HOSTILE_NAMES = ['../evil.json', '/abs.json', 'runs/../../x.json', 'C:/x.json', 'a\\b.json', 'runs/r1.json', 'blobs/1.bin', 'manifest.json', 'blobs/999.bin', 'runs/evil one.json', 'x'];

type Node = Record<string, unknown> | unknown[];

/** A random object or array inside `root`, with a key in it (or null if there is none). */
function randomSlot(root: unknown, rng: Rng): { parent: Node; key: string | number } | null {
  const slots: Array<{ parent: Node; key: string | number }> = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) v.forEach((x, i) => (slots.push({ parent: v, key: i }), stack.push(x)));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) slots.push({ parent: v as Node, key: k }), stack.push(x);
  }
  return slots.length ? pick(rng, slots) : null;
}

function mutateStructure(base: Parts, rng: Rng): Buffer {
  const parts: Parts = { json: new Map([...base.json].map(([k, v]) => [k, structuredClone(v)])), blobs: new Map(base.blobs) };
  const extra: CraftEntry[] = [];
  const edits = 1 + int(rng, 3);
  for (let e = 0; e < edits; e++) {
    const kind = int(rng, 7);
    const partName = pick(rng, [...parts.json.keys()]);
    const root = parts.json.get(partName);
    if (kind <= 2) {
      const slot = randomSlot(root, rng);
      if (slot) (slot.parent as Record<string | number, unknown>)[slot.key] = structuredClone(pick(rng, HOSTILE_VALUES));
    } else if (kind === 3) {
      const slot = randomSlot(root, rng);
      if (slot && !Array.isArray(slot.parent)) delete (slot.parent as Record<string, unknown>)[slot.key as string];
      else if (slot) (slot.parent as unknown[]).splice(slot.key as number, 1);
    } else if (kind === 4) {
      const slot = randomSlot(root, rng);
      if (slot && !Array.isArray(slot.parent)) (slot.parent as Record<string, unknown>)[pick(rng, ['extra', '__proto__', 'constructor', 'id'])] = pick(rng, HOSTILE_VALUES);
    } else if (kind === 5) {
      // Drop an entry, or replace a blob's bytes with a different length.
      if (rng() < 0.5) parts.json.delete(partName);
      else if (parts.blobs.size) {
        const blob = pick(rng, [...parts.blobs.keys()]);
        parts.blobs.set(blob, Buffer.alloc(int(rng, 64), int(rng, 256)));
      }
    } else {
      extra.push({ name: pick(rng, HOSTILE_NAMES), data: rng() < 0.5 ? json(pick(rng, HOSTILE_VALUES)) : Buffer.alloc(int(rng, 32)), method: pick(rng, [0, 8]) });
    }
  }
  return zipParts(parts, extra);
}

// ---------- the oracle ----------

interface Tally {
  refused: Partial<Record<ProjectErrorCode, number>>;
  opened: number;
}

function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hang: ${what} took more than ${HANG_MS} ms`)), HANG_MS);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

async function check(source: string | Buffer, what: string, tally: Tally, original: Project | null): Promise<void> {
  let project: Project;
  try {
    project = await withTimeout(readProject(source), what);
  } catch (e) {
    if (!(e instanceof ProjectError)) throw new Error(`${what}: not a ProjectError: ${(e as Error)?.stack ?? String(e)}`);
    if (!PROJECT_ERROR_CODES.includes(e.code) || e.message.length < 10 || /undefined|\[object Object\]/.test(e.message)) {
      throw new Error(`${what}: unclear refusal ${e.code}: ${e.message}`);
    }
    tally.refused[e.code] = (tally.refused[e.code] ?? 0) + 1;
    return;
  }
  tally.opened++;
  project.validate();
  if (original) expectProjectsEqual(original, project);
}

describe('fuzzing the reader', () => {
  let original: Project;
  let bases: Buffer[];
  let parts: Parts;
  let sandbox: string;
  const tally: Tally = { refused: {}, opened: 0 };

  beforeAll(async () => {
    original = tinyProject();
    parts = partsOf(original);
    bases = [await projectToBuffer(original, { appVersion: '0.1.0', now: FIXED_DATE }), await projectToBuffer(original, { appVersion: '0.1.0', now: FIXED_DATE, compress: 'all' })];
    sandbox = await fs.mkdtemp(path.join(os.tmpdir(), 'hsproj-fuzz-'));
    await fs.mkdir(path.join(sandbox, 'work'));
  });

  afterAll(async () => {
    console.log('fuzz tally', JSON.stringify(tally));
    await fs.rm(sandbox, { recursive: true, force: true });
  });

  it(`${BYTE_CASES} byte-level mutations of valid files`, async () => {
    const rng = makeRng(20260301);
    for (let i = 0; i < BYTE_CASES; i++) {
      const mutated = mutateBytes(bases[i % bases.length], rng);
      await check(mutated, `byte case ${i}`, tally, original);
    }
    expect(Object.values(tally.refused).reduce((a, b) => a + (b ?? 0), 0)).toBeGreaterThan(BYTE_CASES * 0.8);
  });

  it(`${STRUCTURE_CASES} structural mutations (JSON parts, entry lists)`, async () => {
    const rng = makeRng(7);
    const before = tally.opened;
    for (let i = 0; i < STRUCTURE_CASES; i++) await check(mutateStructure(parts, rng), `structure case ${i}`, tally, null);
    // Most structural edits break the schema; a few (a changed label, an extra metric) are still valid projects.
    expect(tally.opened - before).toBeLessThan(STRUCTURE_CASES * 0.2);
    expect(tally.refused.schema).toBeGreaterThan(100);
    expect(tally.refused['unsafe-path']).toBeGreaterThan(10);
  });

  it(`${FILE_CASES} hostile files opened from disk write nothing, inside or outside their folder`, async () => {
    const rng = makeRng(99);
    const work = path.join(sandbox, 'work');
    const written: string[] = [];
    for (let i = 0; i < FILE_CASES; i++) {
      const bytes = i % 2 ? mutateBytes(bases[0], rng) : mutateStructure(parts, rng);
      const file = path.join(work, `case-${i}.hsproj`);
      await fs.writeFile(file, bytes);
      written.push(`case-${i}.hsproj`);
      await check(file, `file case ${i}`, tally, i % 2 ? original : null);
    }
    // The zip-slip names would have landed in the sandbox (one level up) or beside the files.
    expect((await fs.readdir(sandbox)).sort()).toEqual(['work']);
    expect((await fs.readdir(work)).sort()).toEqual(written.sort());
  });

  it('hand-crafted extremes', async () => {
    const cases: Buffer[] = [
      Buffer.alloc(22), // an end record alone, claiming nothing
      craftZip([]),
      craftZip(Array.from({ length: 2000 }, (_, i) => ({ name: `runs/r${i}.json`, data: json({}) }))),
      Buffer.concat([Buffer.from('PK\u0005\u0006'), Buffer.alloc(18, 0xff)]),
      Buffer.from('PK\u0003\u0004' + 'A'.repeat(100)),
    ];
    for (const [i, c] of cases.entries()) await check(c, `extreme ${i}`, tally, null);
    expect(tally.opened).toBeLessThan(BYTE_CASES);
  });
});
