// Runs electron-builder's real packaging step (`--linux dir`) against a stand-in Electron distribution (the
// real one cannot be downloaded here) and inspects the result: what went into app.asar, what was unpacked.
// This exercises the same file collection and asarUnpack logic the installers use.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listPackage } from '@electron/asar';

const root = path.resolve(__dirname, '../..');
const built = fs.existsSync(path.join(root, 'out/main/index.js')) && fs.existsSync(path.join(root, 'out/renderer/index.html'));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-pack-'));

/** A directory shaped like Electron's Linux distribution, with a shell script as the "binary". */
function fakeElectronDist(): string {
  const dir = path.join(work, 'electron-dist');
  fs.mkdirSync(path.join(dir, 'resources'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'electron'), '#!/bin/sh\necho stand-in\n', { mode: 0o755 });
  for (const f of ['LICENSE', 'LICENSES.chromium.html', 'chrome-sandbox']) fs.writeFileSync(path.join(dir, f), '');
  return dir;
}

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

// Linux only: the stand-in distribution is a Linux one (installers for each OS are built by the CI workflow).
const runnable = built && process.platform === 'linux';

describe.skipIf(!runnable)('packaging with electron-builder (linux dir target)', () => {
  if (!built) console.warn('skipped: out/ is not built; run `npm run build` first.');

  it('puts out/ and the production modules in app.asar and unpacks the .wasm files', () => {
    const output = path.join(work, 'dist');
    const electronVersion = (JSON.parse(fs.readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
    const run = spawnSync(
      process.execPath,
      [
        path.join(root, 'node_modules/electron-builder/cli.js'),
        '--linux', 'dir',
        `-c.electronDist=${fakeElectronDist()}`,
        `-c.electronVersion=${electronVersion}`,
        `-c.directories.output=${output}`,
      ],
      { cwd: root, encoding: 'utf8', timeout: 180_000, env: { ...process.env, CI: 'true' } },
    );
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);

    const resources = path.join(output, 'linux-unpacked', 'resources');
    expect(fs.existsSync(path.join(output, 'linux-unpacked', 'hamiltonian-studio'))).toBe(true);
    expect(fs.existsSync(path.join(resources, 'icon.png'))).toBe(true);

    const entries = new Set(listPackage(path.join(resources, 'app.asar'), { isPack: false }).map((p) => p.replace(/\\/g, '/')));
    for (const f of ['/package.json', '/out/main/index.js', '/out/main/training.worker.js', '/out/preload/index.js', '/out/renderer/index.html']) {
      expect(entries.has(f), f).toBe(true);
    }
    for (const dep of ['zod', 'commander', 'ws', '@msgpack/msgpack', '@tensorflow/tfjs-backend-wasm']) {
      expect(entries.has(`/node_modules/${dep}/package.json`), dep).toBe(true);
    }
    const stray = [...entries].filter((p) => /^\/(main|renderer|preload|test|bench|resources|scripts)\//.test(p) || p.endsWith('.map') || p.includes('/node_modules/electron/') || p.includes('/node_modules/vitest/'));
    expect(stray).toEqual([]);

    const unpackedDist = path.join(resources, 'app.asar.unpacked/node_modules/@tensorflow/tfjs-backend-wasm/dist');
    const sourceDist = path.join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
    const wasm = fs.readdirSync(sourceDist).filter((f) => f.endsWith('.wasm'));
    expect(fs.readdirSync(unpackedDist).sort()).toEqual(wasm.sort());
    for (const f of wasm) expect(fs.statSync(path.join(unpackedDist, f)).size).toBe(fs.statSync(path.join(sourceDist, f)).size);

    // Dawn's addon is unpacked, and only Linux's builds of it are shipped.
    const dawn = path.join(resources, 'app.asar.unpacked/node_modules/webgpu/dist');
    const dirs = fs.readdirSync(dawn);
    expect(dirs.length).toBeGreaterThan(0);
    expect(dirs.filter((d) => !d.startsWith('linux-'))).toEqual([]);
    expect(fs.existsSync(path.join(dawn, `linux-${process.arch}`, 'dawn.node'))).toBe(true);
  });
});
