// The room rules of .dependency-cruiser.cjs and tsconfig.core.json catch what they are meant to: each planted
// violation, in a scratch copy of the layout, fails `npm run lint`'s check with the rule's name; the real tree
// passes it.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = path.resolve(__dirname, '../..');
const depcruise = path.join(repo, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const tsc = path.join(repo, 'node_modules/typescript/bin/tsc');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-rooms-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** Runs the lint check in `cwd`; returns the exit code and what it printed. */
async function cruise(cwd: string, ...dirs: string[]): Promise<{ code: number; out: string }> {
  try {
    const r = await run(process.execPath, [depcruise, ...dirs, '--config', path.join(repo, '.dependency-cruiser.cjs'), '--output-type', 'err'], { cwd });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
}

/** A scratch tree with the repository's room folders and one planted file, plus what the config needs to load. */
let planted = 0;
function plant(files: Record<string, string>): string {
  const dir = path.join(scratch, `tree-${++planted}`);
  const all: Record<string, string> = {
    'tsconfig.node.json': JSON.stringify({ compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler', strict: true } }),
    'main/core/ok.ts': 'export const ok = 1;\n',
    'main/services/service.ts': "export const service = 'services';\n",
    ...files,
  };
  for (const [file, text] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  fs.symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

describe('npm run lint: the rooms', () => {
  it('the repository as it is passes', async () => {
    const r = await cruise(repo, 'main', 'preload', 'renderer/src', 'bench');
    expect(r.out).toContain('no dependency violations found');
    expect(r.code).toBe(0);
  });

  it.each([
    ['a node: import in core', 'core-is-pure', { 'main/core/planted.ts': "import fs from 'node:fs';\nexport const n = fs.constants.F_OK;\n" }],
    ['a bare Node built-in in core', 'core-is-pure', { 'main/core/planted.ts': "import path from 'path';\nexport const s = path.sep;\n" }],
    ['core importing the services above it', 'no-upward-from-core', { 'main/core/planted.ts': "import { service } from '../services/service';\nexport const s = service;\n" }],
    ['a runner importing the services', 'no-upward-from-jobs', { 'main/jobs/planted.ts': "import { service } from '../services/service';\nexport const s = service;\n" }],
    ['the renderer importing main', 'renderer-no-main', { 'renderer/src/planted.ts': "import { ok } from '../../main/core/ok';\nexport const s = ok;\n" }],
    ['a Vue component importing main', 'renderer-no-main', { 'renderer/src/Planted.vue': "<script setup lang=\"ts\">\nimport { ok } from '../../main/core/ok';\nconst s = ok;\n</script>\n<template><p>{{ s }}</p></template>\n" }],
    ['the contract reaching tfjs', 'contract-stays-light', { 'preload/planted.ts': "import * as tf from '@tensorflow/tfjs-core';\nexport const t = tf.version_core;\n" }],
    ['electron outside its room', 'electron-only-in-its-room', { 'main/services/planted.ts': "import { app } from 'electron';\nexport const a = app;\n" }],
  ])('fails on %s (%s)', async (_what, rule, files) => {
    const dir = plant(files);
    const r = await cruise(dir, ...['main', 'preload', 'renderer'].filter((d) => fs.existsSync(path.join(dir, d))));
    expect(r.code).not.toBe(0);
    expect(r.out).toContain(rule);
  });

  it('tsconfig.core.json gives core neither Node nor DOM types', async () => {
    const dir = path.join(scratch, 'types');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'planted.ts'), 'export const env = process.env.HOME;\nexport const title = document.title;\nexport const text = new TextEncoder().encode("ok");\n');
    const config = { extends: path.join(repo, 'tsconfig.core.json'), include: [path.join(dir, 'planted.ts'), path.join(repo, 'types/core-globals.d.ts')] };
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(config));
    const r = await run(process.execPath, [tsc, '--noEmit', '-p', path.join(dir, 'tsconfig.json')]).then(
      (x) => ({ code: 0, out: x.stdout }),
      (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
    );
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/planted\.ts\(1,\d+\): error TS25\d\d: Cannot find name 'process'/);
    expect(r.out).toMatch(/planted\.ts\(2,\d+\): error TS2584: Cannot find name 'document'/);
    expect(r.out).not.toMatch(/planted\.ts\(3,/);
  });
});
