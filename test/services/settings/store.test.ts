import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SettingsStore, defaultSettings, parseSettingsFile, type Settings } from '../../../main/services/settings';

let dir: string;
let file: string;
const defaults: Settings = defaultSettings({ config: '/cfg', data: '/home/u/data', cache: '/home/u/cache' }, 4);
const quiet = () => undefined;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-settings-'));
  file = path.join(dir, 'nested', 'settings.json');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function store(warnings: string[] = []): SettingsStore {
  return new SettingsStore({ file, defaults, warn: (m) => warnings.push(m) });
}

describe('SettingsStore', () => {
  it('starts from the defaults when there is no file, without warnings and without writing', () => {
    const warnings: string[] = [];
    const s = store(warnings);
    expect(s.get()).toEqual(defaults);
    expect(warnings).toEqual([]);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('persists a change (creating the folder) and a new store reads it back', () => {
    const s = store();
    const next = s.set({ backend: 'cpu', workers: 3, threadsPerJob: 2, theme: 'light', dataDir: '/srv/hs' });
    expect(next).toEqual({ ...defaults, backend: 'cpu', workers: 3, threadsPerJob: 2, theme: 'light', dataDir: '/srv/hs' });
    expect(store().get()).toEqual(next);
    const onDisk = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(onDisk.version).toBe(1);
    expect(onDisk.theme).toBe('light');
  });

  it('reads a file written before threads-per-job existed, with its default and no warning', () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ version: 1, backend: 'wasm', workers: 2, dataDir: defaults.dataDir, cacheDir: defaults.cacheDir, theme: 'dark' }));
    const warnings: string[] = [];
    const s = store(warnings);
    expect(s.get()).toEqual({ ...defaults, backend: 'wasm', workers: 2, threadsPerJob: 1 });
    expect(warnings).toEqual([]);
  });

  it('refuses invalid changes with a message naming the field, and keeps the old values on disk and in memory', () => {
    const s = store();
    s.set({ workers: 2 });
    const bad: unknown[] = [
      { workers: 0 },
      { workers: 2.5 },
      { threadsPerJob: 0 },
      { threadsPerJob: 1000 },
      { backend: 'webgl' },
      { theme: 'blue' },
      { dataDir: 'relative/path' },
      { cacheDir: '' },
      { cacheDir: '/a\0b' },
      { colour: 'red' },
      'dark',
      null,
    ];
    for (const patch of bad) expect(() => s.set(patch), JSON.stringify(patch)).toThrow(/Invalid settings/);
    expect(() => s.set({ workers: 0 })).toThrow(/workers/);
    expect(() => s.set({ colour: 'red' })).toThrow(/colour/);
    expect(s.get().workers).toBe(2);
    expect(store().get().workers).toBe(2);
  });

  it('accepts Windows folder paths', () => {
    expect(store().set({ dataDir: 'C:\\Users\\u\\Hamiltonian', cacheDir: '\\\\server\\share\\cache' }).dataDir).toBe('C:\\Users\\u\\Hamiltonian');
  });

  it('a corrupt file gives the defaults and a clear warning, never an exception, and the file is kept aside', () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    for (const content of ['{"theme": "li', '', '\u0000\u0001binary', '[1,2,3]', '"dark"', 'null']) {
      fs.writeFileSync(file, content);
      const warnings: string[] = [];
      const s = store(warnings);
      expect(s.get(), content).toEqual(defaults);
      expect(warnings.length, content).toBeGreaterThan(0);
      expect(warnings[0]).toContain(file);
      expect(s.snapshot().warnings).toEqual(warnings);
    }
    fs.writeFileSync(file, '{ not json');
    const warnings: string[] = [];
    store(warnings);
    expect(warnings.join('\n')).toMatch(/not valid JSON/);
    expect(fs.readFileSync(`${file}.bad`, 'utf8')).toBe('{ not json');
  });

  it('keeps the valid fields of a partly bad file and names each bad one', () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ version: 1, backend: 'wasm', workers: -3, theme: 'light', dataDir: 42, future: true }));
    const warnings: string[] = [];
    const s = store(warnings);
    expect(s.get()).toEqual({ ...defaults, backend: 'wasm', theme: 'light' });
    const text = warnings.join('\n');
    expect(text).toMatch(/"workers" is invalid/);
    expect(text).toMatch(/"dataDir" is invalid/);
    expect(text).toMatch(/unknown settings: future/);
  });

  it('saving after a bad load writes a clean file and clears the warnings', () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '{"workers": "many"}');
    const s = store();
    expect(s.snapshot().warnings.length).toBe(1);
    s.set({ theme: 'light' });
    expect(s.snapshot().warnings).toEqual([]);
    const warnings: string[] = [];
    expect(store(warnings).get()).toEqual({ ...defaults, theme: 'light' });
    expect(warnings).toEqual([]);
  });

  it('writes atomically: no temp files are left and an unwritable target leaves the old file intact', () => {
    const s = store();
    s.set({ workers: 3 });
    expect(fs.readdirSync(path.dirname(file))).toEqual(['settings.json']);
    // Make the target a folder: the rename fails, the store keeps its state, no temp file remains.
    const blocked = path.join(dir, 'blocked.json');
    fs.mkdirSync(path.join(blocked, 'x'), { recursive: true });
    const t = new SettingsStore({ file: blocked, defaults, warn: quiet });
    expect(() => t.set({ workers: 5 })).toThrow();
    expect(t.get().workers).toBe(defaults.workers);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('reset goes back to the defaults on disk', () => {
    const s = store();
    s.set({ theme: 'light', workers: 9 });
    expect(s.reset()).toEqual(defaults);
    expect(store().get()).toEqual(defaults);
  });
});

describe('parseSettingsFile', () => {
  it('warns about a file from a newer version but reads the fields it knows', () => {
    const { settings, warnings } = parseSettingsFile({ version: 99, theme: 'light' }, defaults);
    expect(settings.theme).toBe('light');
    expect(warnings.join()).toMatch(/newer version/);
  });
});

describe('defaultSettings', () => {
  it('uses the given folders, auto backend, dark theme and one worker per core (at least 1, at most 16), one thread per job, fp32 convolutions', () => {
    const d = defaultSettings({ config: '/c', data: '/d', cache: '/k' }, 2);
    expect(d).toEqual({ backend: 'auto', workers: 2, threadsPerJob: 1, bf16Convs: false, dataDir: '/d', cacheDir: '/k', theme: 'dark' });
    expect(defaultSettings({ config: '/c', data: '/d', cache: '/k' }, 0).workers).toBe(1);
    expect(defaultSettings({ config: '/c', data: '/d', cache: '/k' }, 128).workers).toBe(16);
  });
});
