// The electron-builder configuration, checked with electron-builder's own loader, schema and file matcher:
// the four targets, the .hsproj association, the asarUnpack patterns against the real .wasm files, and the
// icons each target needs.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { FileMatcher } from 'app-builder-lib/out/fileMatcher';
import { DebugLogger } from 'builder-util';
import type { Configuration, FileAssociation, TargetConfiguration } from 'app-builder-lib';
import { pngSize, readIcns, readIco } from '../../resources/icons/formats';
import { drawAppIcon } from '../../resources/icons/draw';
import { encodePng } from '../../resources/icons/formats';

const root = path.resolve(__dirname, '../..');
const asFile = { isDirectory: () => false } as fs.Stats;

async function loadConfig(): Promise<Configuration> {
  return getConfig(root, null, null);
}

/** Names of a platform section's targets, whatever form they take (string, object, list). */
function targetNames(target: unknown): string[] {
  const list = Array.isArray(target) ? target : [target];
  return list.map((t) => (typeof t === 'string' ? t : (t as TargetConfiguration).target));
}

/** Whether electron-builder's matcher for `patterns` (relative to the app dir) accepts `rel`. */
function matches(patterns: string[], rel: string): boolean {
  const filter = new FileMatcher(root, root, (p) => p, patterns).createFilter();
  return filter(path.join(root, rel), asFile);
}

/** A config path as electron-builder resolves it: relative to the build resources dir or to the project. */
function resolveResource(config: Configuration, rel: string): string {
  const candidates = [path.join(root, config.directories?.buildResources ?? 'build', rel), path.join(root, rel)];
  const found = candidates.find((f) => fs.existsSync(f));
  if (!found) throw new Error(`${rel} not found in ${candidates.join(' or ')}`);
  return found;
}

describe('electron-builder.yml', () => {
  it('passes electron-builder\'s own schema validation (which does reject unknown keys)', async () => {
    const config = await loadConfig();
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, iconz: 'x' } as Configuration, new DebugLogger(false))).rejects.toThrow();
  });

  it('builds AppImage + deb on Linux, dmg on macOS, NSIS on Windows', async () => {
    const config = await loadConfig();
    expect(targetNames(config.linux?.target).sort()).toEqual(['AppImage', 'deb']);
    expect(targetNames(config.mac?.target)).toEqual(['dmg']);
    expect(targetNames(config.win?.target)).toEqual(['nsis']);
    expect(config.appId).toMatch(/^[a-z0-9.-]+$/i);
    expect(config.productName).toBe('Hamiltonian Studio');
    // A deb needs a maintainer; NSIS registers file types only per machine.
    expect(config.linux?.maintainer).toMatch(/<.+@.+>/);
    expect(config.nsis?.perMachine).toBe(true);
  });

  it('registers .hsproj with a name, a MIME type and a document icon for macOS and Windows', async () => {
    const config = await loadConfig();
    const assoc = [config.fileAssociations ?? []].flat() as FileAssociation[];
    const hsproj = assoc.find((a) => [a.ext].flat().includes('hsproj'));
    expect(hsproj).toBeDefined();
    expect(hsproj!.name).toBeTruthy();
    expect(hsproj!.mimeType).toMatch(/^application\/[a-z0-9.+-]+$/);
    const icns = readIcns(fs.readFileSync(resolveResource(config, `${hsproj!.icon}.icns`)));
    expect(new Set(icns.map((e) => e.pixels))).toEqual(new Set([16, 32, 64, 128, 256, 512, 1024]));
    const ico = readIco(fs.readFileSync(resolveResource(config, `${hsproj!.icon}.ico`)));
    expect(ico.map((e) => e.size)).toEqual(expect.arrayContaining([16, 32, 48, 256]));
  });

  it('unpacks every real .wasm file of tfjs-backend-wasm from the asar, and nothing else of its dist', async () => {
    const config = await loadConfig();
    const unpack = [config.asarUnpack ?? []].flat();
    const dist = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
    const wasm = fs.readdirSync(dist).filter((f) => f.endsWith('.wasm'));
    expect(wasm.length).toBeGreaterThanOrEqual(3);
    for (const f of wasm) expect(matches(unpack, `node_modules/@tensorflow/tfjs-backend-wasm/dist/${f}`), f).toBe(true);
    const others = fs.readdirSync(dist).filter((f) => !f.endsWith('.wasm') && fs.statSync(path.join(dist, f)).isFile());
    for (const f of others) expect(matches(unpack, `node_modules/@tensorflow/tfjs-backend-wasm/dist/${f}`), f).toBe(false);
  });

  it('unpacks the optional native backends\' addon and libtensorflow (file layout of tfjs-node 4.x)', async () => {
    const unpack = [(await loadConfig()).asarUnpack ?? []].flat();
    for (const pkg of ['tfjs-node', 'tfjs-node-gpu']) {
      for (const rel of ['lib/napi-v8/tfjs_binding.node', 'lib/napi-v8/tensorflow.dll', 'deps/lib/libtensorflow.so.2.9.1', 'deps/lib/libtensorflow_framework.so.2']) {
        expect(matches(unpack, `node_modules/@tensorflow/${pkg}/${rel}`), `${pkg}/${rel}`).toBe(true);
      }
      expect(matches(unpack, `node_modules/@tensorflow/${pkg}/dist/index.js`)).toBe(false);
    }
    expect(matches(unpack, 'out/main/index.js')).toBe(false);
  });

  it("unpacks Dawn's WebGPU addon, and each platform's installer keeps only its own dawn.node", async () => {
    const config = await loadConfig();
    const unpack = [config.asarUnpack ?? []].flat();
    const dist = path.join(root, 'node_modules/webgpu/dist');
    const platforms = fs.readdirSync(dist);
    for (const dir of platforms) expect(matches(unpack, `node_modules/webgpu/dist/${dir}/dawn.node`), dir).toBe(true);
    // The exclusion is one top-level pattern with electron-builder's ${platform} macro (a platform section's own
    // `files` would replace the whole list): expand it as electron-builder does for each platform.
    const sets = [config.files ?? []].flat() as Array<string | { filter?: string | string[] }>;
    const patterns = sets.flatMap((x) => (typeof x === 'string' ? [x] : [x.filter ?? []].flat())).filter((x) => x.includes('webgpu/dist'));
    expect(patterns.length).toBeGreaterThan(0);
    for (const platform of ['linux', 'darwin', 'win32']) {
      const expanded = patterns.map((x) => x.replace(/\$\{platform\}/g, platform));
      for (const dir of platforms) {
        const dropped = expanded.some((x) => matches([x.replace(/^!/, '')], `node_modules/webgpu/dist/${dir}/dawn.node`));
        expect(dropped, `${platform} drops ${dir}`).toBe(!dir.startsWith(`${platform}-`));
      }
    }
  });

  it('packs the built app and package.json, not the sources, tests, maps or build tools', async () => {
    // getConfig normalises `files` into file sets ({ filter: patterns }); the patterns are what matter here.
    const sets = [(await loadConfig()).files ?? []].flat() as Array<string | { filter?: string | string[] }>;
    const files = sets.flatMap((s) => (typeof s === 'string' ? [s] : [s.filter ?? []].flat()));
    for (const rel of ['out/main/index.js', 'out/main/training.worker.js', 'out/preload/index.js', 'out/renderer/index.html', 'package.json']) {
      expect(matches(files, rel), rel).toBe(true);
    }
    for (const rel of ['main/index.ts', 'renderer/src/App.vue', 'test/electron/builder-config.test.ts', 'bench/run.ts', 'out/main/index.js.map', 'electron-builder.yml', 'resources/icons/draw.ts']) {
      expect(matches(files, rel), rel).toBe(false);
    }
  });
});

describe('icons', () => {
  it('Linux: an icon set of NxN PNGs from 16 to 1024 px (AppImage and deb want at least 256 and 512)', async () => {
    const config = await loadConfig();
    const dir = resolveResource(config, config.linux!.icon!);
    const sizes = fs.readdirSync(dir).map((f) => {
      const m = /^(\d+)x(\d+)\.png$/.exec(f);
      expect(m, f).not.toBeNull();
      const { width, height } = pngSize(fs.readFileSync(path.join(dir, f)));
      expect([width, height]).toEqual([Number(m![1]), Number(m![2])]);
      return width;
    });
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 64, 128, 256, 512, 1024]));
  });

  it('macOS: an .icns with every size from 16 to 1024 px (electron-builder needs >= 512)', async () => {
    const config = await loadConfig();
    const entries = readIcns(fs.readFileSync(resolveResource(config, config.mac!.icon!)));
    expect(new Set(entries.map((e) => e.pixels))).toEqual(new Set([16, 32, 64, 128, 256, 512, 1024]));
    expect(entries.map((e) => e.type)).toEqual(expect.arrayContaining(['ic09', 'ic10']));
  });

  it('Windows: an .ico with 16, 24, 32, 48, 64, 128 and 256 px (NSIS needs 256), also for the installer', async () => {
    const config = await loadConfig();
    for (const icon of [config.win!.icon!, config.nsis!.installerIcon!, config.nsis!.uninstallerIcon!]) {
      const sizes = readIco(fs.readFileSync(resolveResource(config, icon))).map((e) => e.size);
      expect(sizes).toEqual([16, 24, 32, 48, 64, 128, 256]);
    }
  });

  it('the run-time window icon is shipped as an extra resource', async () => {
    const config = await loadConfig();
    const extra = [config.extraResources ?? []].flat() as Array<{ from: string; to: string }>;
    const icon = extra.find((e) => e.to === 'icon.png');
    expect(icon).toBeDefined();
    expect(pngSize(fs.readFileSync(path.join(root, icon!.from)))).toEqual({ width: 512, height: 512 });
  });

  it('the committed icons are what the generator draws (run `npm run icons` after changing draw.ts)', () => {
    for (const size of [16, 48]) {
      const committed = fs.readFileSync(path.join(root, `resources/icons/png/${size}x${size}.png`));
      expect(encodePng(drawAppIcon(size)).equals(committed), `${size}x${size}.png`).toBe(true);
    }
  });
});
