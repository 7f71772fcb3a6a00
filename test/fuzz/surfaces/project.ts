// Project files under attack: byte-level mutations of valid files (bit flips, overwrites, truncations, insertions,
// deletions, splices, lying header fields), structural ones (JSON parts retyped, keys removed or added, hostile
// entry names, dropped and duplicated entries), deflate bombs (honest ones, whose every size and CRC is true, and
// ones that lie about their size), and some of each opened from disk by an app session that has a project open.
// Every file either opens to exactly the original project (a mutation that hit bytes carrying no meaning) or is
// refused with a ProjectError with a known code and a clear message; nothing crashes or hangs, nothing is written,
// and the session keeps the project it had.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ERROR_CODES, Project, ProjectError, projectToBuffer, readProject } from '../../../main/project';
import { ProjectSession } from '../../../main/services/projects';
import { FIXED_DATE } from '../../project/fixtures';
import { deflatedZeros, honestBomb } from '../../project/bombs';
import { partsOf, zipParts, type Parts } from '../../project/parts';
import { json, type CraftEntry } from '../../project/zip-craft';
import { caseRng, int, pick, type Rng } from '../gen';
import { Tally, unclearMessage, withWatchdog, type FuzzOptions, type FuzzReport } from '../report';

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

const INTERESTING_32 = [0, 1, 0x7f, 0xff, 0xffff, 0x7fffffff, 0xffffffff, 0x10000, 30, 46];

export function mutateBytes(src: Buffer, rng: Rng): Buffer {
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

export function mutateStructure(base: Parts, rng: Rng): Buffer {
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

// ---------- bombs ----------

/** An honest bomb (true sizes and CRCs) of 1-4 blobs, or a JSON part that inflates far beyond what it declares. */
export function bomb(rng: Rng, parts: Parts): Buffer {
  if (rng() < 0.6) return honestBomb(1 + int(rng, 4), pick(rng, [128, 512, 1024, 2048]));
  const zeros = deflatedZeros(pick(rng, [1, 16, 64]));
  const name = pick(rng, ['ui.json', 'datasets.json', 'runs/r1.json']);
  const others = { ...parts, json: new Map([...parts.json].filter(([n]) => n !== name)) };
  const lie: CraftEntry = { name, data: Buffer.alloc(0), rawPayload: zeros.payload, method: 8, crc: zeros.crc, declaredSize: int(rng, 4096) };
  return zipParts(others, [lie]);
}

// ---------- the oracle ----------

/** Equal in everything a file holds (tensors bitwise, NaN payloads included): the same bytes once written. */
async function sameProject(a: Project, b: Project): Promise<boolean> {
  const write = (p: Project) => projectToBuffer(p, { appVersion: '0', now: FIXED_DATE });
  return (await write(a)).equals(await write(b));
}

/** The outcome of opening `source` ("opened" or the refusal's code); throws a description of anything else. */
export async function check(source: string | Buffer, what: string, original: Project | null): Promise<string> {
  let project: Project;
  try {
    project = await withWatchdog(readProject(source), HANG_MS, what);
  } catch (e) {
    if (!(e instanceof ProjectError)) throw new Error(`${what}: not a ProjectError: ${(e as Error)?.stack ?? String(e)}`);
    const unclear = unclearMessage(e.message);
    if (!PROJECT_ERROR_CODES.includes(e.code) || unclear) throw new Error(`${what}: unclear refusal ${e.code}: ${unclear ?? e.message}`);
    return e.code;
  }
  project.validate();
  if (original && !(await sameProject(original, project))) throw new Error(`${what}: opened, but not as the original project`);
  return 'opened';
}

/** Writes the file, opens it in a session holding another project: the session must keep it, and the folder
 * must hold only the file afterwards (zip-slip names would have landed beside it or above). */
async function checkFromDisk(bytes: Buffer, sandbox: string, i: number, original: Project | null): Promise<string> {
  const work = await fs.mkdtemp(path.join(sandbox, 'case-'));
  const file = path.join(work, 'case.hsproj');
  await fs.writeFile(file, bytes);
  const outcome = await check(file, `file case ${i}`, original);
  const session = new ProjectSession({ configDir: path.join(sandbox, 'config'), appVersion: '0.1.0' });
  session.project.addRun({ id: 'mine', kind: 'hnn', config: {} });
  const revision = session.project.revision;
  try {
    const opened = await session.open(file);
    if (opened.openError !== null) throw new Error(`file case ${i}: an unexpected recovery offer`);
  } catch (e) {
    if (!(e instanceof ProjectError)) throw new Error(`file case ${i}: the session threw ${(e as Error)?.name}: ${(e as Error)?.message}`);
    if (session.project.revision !== revision || !session.project.hasRun('mine')) throw new Error(`file case ${i}: a refused file changed the open project`);
  } finally {
    await session.dispose();
  }
  const left = await fs.readdir(work);
  if (left.join() !== 'case.hsproj') throw new Error(`file case ${i}: opening wrote ${left.join(', ')}`);
  if ((await fs.readdir(sandbox)).some((n) => !n.startsWith('case-') && n !== 'config')) throw new Error(`file case ${i}: opening wrote above its folder`);
  await fs.rm(work, { recursive: true, force: true });
  return outcome;
}

/** Case i: 3 in 4 byte mutations, 1 in 5 structural ones, 1 in 50 bombs; every 50th from disk through a session. */
export async function fuzzProjects({ cases, seed }: FuzzOptions): Promise<FuzzReport> {
  const tally = new Tally('project');
  const original = tinyProject();
  const parts = partsOf(original);
  const bases = [await projectToBuffer(original, { appVersion: '0.1.0', now: FIXED_DATE }), await projectToBuffer(original, { appVersion: '0.1.0', now: FIXED_DATE, compress: 'all' })];
  const sandbox = await fs.mkdtemp(path.join(os.tmpdir(), 'hsproj-fuzz-'));
  try {
    for (let i = 0; i < cases; i++) {
      const rng = caseRng(seed, i);
      const k = int(rng, 100);
      const [bytes, same] = k < 75 ? [mutateBytes(bases[i % 2], rng), original] : k < 98 ? [mutateStructure(parts, rng), null] : [bomb(rng, parts), null];
      const kind = k < 75 ? 'byte' : k < 98 ? 'structure' : 'bomb';
      try {
        const outcome = i % 50 === 49 ? await checkFromDisk(bytes, sandbox, i, same) : await check(bytes, `${kind} case ${i}`, same);
        if (kind === 'bomb' && outcome === 'opened') throw new Error(`bomb case ${i}: opened`);
        tally.ran(`${kind}:${outcome}`);
      } catch (e) {
        tally.crashed(`project case ${i} (seed ${seed}): ${(e as Error).message}`);
      }
    }
  } finally {
    await fs.rm(sandbox, { recursive: true, force: true });
  }
  return tally.done();
}
