// Fault injection: a child process saving a 20 MB project over the file is killed with SIGKILL at a random moment,
// 100 times. After every kill the file opens and equals either the old or the new state, never a broken one; the
// backup is always a good project; the temp files the dead writers left are cleaned up by the next save.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRng } from '../../main/core/random';
import { backupPathOf, readProject, writeProjectFile, type Project } from '../../main/project';
import { faultStateFrom, faultStateValues } from './fault-child';

const KILLS = 100;
const MB = 20;

let dir: string;
let childScript: string;
let states: Project[];

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hsproj-fault-'));
  // A bundled child starts in ~50 ms where one under tsx takes a second: 100 kills fit the time budget.
  const esbuild = await import('esbuild');
  childScript = path.join(dir, 'fault-child.cjs');
  await esbuild.build({ entryPoints: [path.join(__dirname, 'fault-child.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: childScript, logLevel: 'error' });
  states = [0, 1].map((k) => faultStateFrom(k, faultStateValues(k, MB)));
  for (const k of [0, 1]) {
    const values = states[k].getRun('run-1').checkpoints.map((c) => Object.values(c.weights)[0].values as Float32Array);
    await fs.writeFile(rawPath(k), Buffer.concat(values.map((v) => Buffer.from(v.buffer, v.byteOffset, v.byteLength))));
  }
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

interface Child {
  ready: Promise<void>;
  saved: Promise<boolean>;
  exited: Promise<void>;
  kill(): void;
}

const rawPath = (k: number) => path.join(dir, `state-${k}.raw`);

function startChild(file: string, k: number): Child {
  const child = spawn(process.execPath, [childScript, file, String(k), rawPath(k)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  let onReady: () => void = () => undefined;
  let onSaved: (v: boolean) => void = () => undefined;
  const ready = new Promise<void>((r) => (onReady = r));
  const saved = new Promise<boolean>((r) => (onSaved = r));
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes('ready')) onReady();
    if (out.includes('saved')) onSaved(true);
  });
  const exited = new Promise<void>((r) => child.on('exit', () => (onReady(), onSaved(false), r())));
  return { ready, saved, exited, kill: () => child.kill('SIGKILL') };
}

/** Which state the project is (0 or 1), comparing every value bitwise; -1 if neither. */
function whichState(p: Project): number {
  return states.findIndex((s) => {
    if (p.meta.name !== s.meta.name || JSON.stringify(p.ui) !== JSON.stringify(s.ui)) return false;
    const [a, b] = [p.getRun('run-1'), s.getRun('run-1')];
    if (JSON.stringify(a.metrics) !== JSON.stringify(b.metrics) || a.checkpoints.length !== b.checkpoints.length) return false;
    return b.checkpoints.every((c, i) =>
      Object.entries(c.weights).every(([name, t]) => {
        const u = a.checkpoints[i].weights[name];
        return !!u && Buffer.from(u.values.buffer, u.values.byteOffset, u.values.byteLength).equals(Buffer.from(t.values.buffer, t.values.byteOffset, t.values.byteLength));
      }),
    );
  });
}

async function stateOf(file: string): Promise<number> {
  const k = whichState(await readProject(file));
  expect(k, `${path.basename(file)} is neither the old nor the new state`).toBeGreaterThanOrEqual(0);
  return k;
}

describe('fault injection', () => {
  it(`the file survives ${KILLS} SIGKILLs at random moments of a save`, async () => {
    const file = path.join(dir, 'big.hsproj');
    await writeProjectFile(states[0], file, { appVersion: '0.1.0' });

    // How long an undisturbed save takes, so kills land before, during and just after it.
    const probe = startChild(file, 1);
    await probe.ready;
    const tReady = performance.now();
    expect(await probe.saved).toBe(true);
    await probe.exited;
    let saveMs = performance.now() - tReady;
    expect(await stateOf(file)).toBe(1);

    const rng = makeRng(424242);
    const outcomes = { old: 0, new: 0 };
    let tempsSeen = 0;
    let current = 1;
    for (let i = 0; i < KILLS; i++) {
      const target = 1 - current;
      const child = startChild(file, target);
      await child.ready;
      const tStart = performance.now();
      // Uniform over twice the longest save seen: about half the kills land mid-save, the rest after it.
      const delay = rng() * saveMs * 2;
      const finished = await Promise.race([new Promise<false>((r) => setTimeout(() => r(false), delay)), child.saved]);
      if (finished) saveMs = Math.max(saveMs, performance.now() - tStart);
      child.kill();
      await child.exited;
      tempsSeen += (await fs.readdir(dir)).filter((n) => n.endsWith('.tmp')).length;
      const now = await stateOf(file);
      expect([current, target]).toContain(now);
      outcomes[now === current ? 'old' : 'new']++;
      current = now;
      if (i % 10 === 9) await stateOf(backupPathOf(file));
    }
    console.log(`fault injection: save ${saveMs.toFixed(0)} ms; after ${KILLS} kills the file was the old state ${outcomes.old} times, the new one ${outcomes.new} times; ${tempsSeen} temp files left by killed writers were seen`);
    // Kills landed both before the rename and after it.
    expect(outcomes.old).toBeGreaterThan(5);
    expect(outcomes.new).toBeGreaterThan(5);

    // Dead writers left temp files (each save removes those of writers whose process is gone).
    expect(tempsSeen).toBeGreaterThan(0);
    await writeProjectFile(states[0], file, { appVersion: '0.1.0' });
    expect(await stateOf(file)).toBe(0);
    expect(await stateOf(backupPathOf(file))).toBe(current);
    expect((await fs.readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
