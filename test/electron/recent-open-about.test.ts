import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_RECENT, RecentProjects, sameFile } from '../../main/services/projects/recent';
import { PendingOpen, projectFromArgv } from '../../main/electron/open-file';
import { aboutText, activeBackend, type AboutInfo } from '../../main/electron/about';
import type { JobInfo } from '../../preload/contract';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-recent-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('recent projects (the one list: services/projects/recent.ts, also behind the desktop menu)', () => {
  it('moves a reopened file to the front, without duplicates, capped', async () => {
    const r = new RecentProjects(path.join(dir, 'recent.json'), MAX_RECENT, 'linux');
    for (let k = 0; k < MAX_RECENT + 5; k++) await r.add(`/p/${k}.hsproj`, String(k));
    let list = (await r.list()).map((e) => e.path);
    expect(list.length).toBe(MAX_RECENT);
    expect(list[0]).toBe(`/p/${MAX_RECENT + 4}.hsproj`);
    list = (await r.add('/p/10.hsproj', '10')).map((e) => e.path);
    expect(list[0]).toBe('/p/10.hsproj');
    expect(list.filter((f) => f === '/p/10.hsproj').length).toBe(1);
  });

  it('treats paths differing only in case as one file on Windows and macOS, two on Linux', async () => {
    expect(sameFile('C:\\P\\A.hsproj', 'c:\\p\\a.hsproj', 'win32')).toBe(true);
    expect(sameFile('/P/A.hsproj', '/p/a.hsproj', 'linux')).toBe(false);
    const mac = new RecentProjects(path.join(dir, 'mac.json'), MAX_RECENT, 'darwin');
    await mac.add('/Users/a/X.hsproj', 'X');
    expect(await mac.remove('/users/a/x.hsproj')).toEqual([]);
  });

  it('persists across instances, marks files that are gone, and survives a corrupt file', async () => {
    const file = path.join(dir, 'recent.json');
    const project = path.join(dir, 'one.hsproj');
    fs.writeFileSync(project, '');
    const r = new RecentProjects(file);
    expect(await r.list()).toEqual([]);
    await r.add(project, 'one');
    expect((await new RecentProjects(file).list()).map((e) => [e.path, e.exists])).toEqual([[project, true]]);
    fs.rmSync(project);
    expect((await new RecentProjects(file).list()).map((e) => e.exists)).toEqual([false]);
    fs.writeFileSync(file, '{"files": "nope"');
    expect(await new RecentProjects(file).list()).toEqual([]);
    await r.clear();
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ version: 1, entries: [] });
  });
});

describe('projects opened by the OS', () => {
  it('finds the .hsproj argument (resolved), skipping switches and other arguments', () => {
    expect(projectFromArgv(['.', '--inspect=9229', 'my.hsproj'], '/home/u')).toBe(path.resolve('/home/u', 'my.hsproj'));
    expect(projectFromArgv(['/abs/P.HSPROJ', '--no-sandbox'], '/x')).toBe(path.resolve('/abs/P.HSPROJ'));
    expect(projectFromArgv(['--open=evil.hsproj', '.'], '/x')).toBeNull();
    expect(projectFromArgv([], '/x')).toBeNull();
  });

  it('queues a request that arrives before the window is ready, then delivers directly', () => {
    const got: string[] = [];
    const pending = new PendingOpen();
    pending.request('/a.hsproj');
    pending.request('/b.hsproj');
    expect(got).toEqual([]);
    pending.ready((f) => got.push(f));
    expect(got).toEqual(['/b.hsproj']);
    pending.request('/c.hsproj');
    expect(got).toEqual(['/b.hsproj', '/c.hsproj']);
    pending.notReady();
    pending.request('/d.hsproj');
    expect(got.length).toBe(2);
    pending.ready((f) => got.push(f));
    expect(got).toEqual(['/b.hsproj', '/c.hsproj', '/d.hsproj']);
  });
});

describe('About box', () => {
  const job = (over: Partial<JobInfo>): JobInfo =>
    ({ id: 'job-1', status: 'running', backend: 'wasm', device: 'wasm SIMD', startedAt: 1, ...over }) as JobInfo;

  it('shows the backend of the most recently started active job', () => {
    const jobs = [
      job({ id: 'job-1', backend: 'cpu', device: 'JS CPU', startedAt: 5 }),
      job({ id: 'job-2', backend: 'tfjs-node-gpu', device: 'CUDA GPU 0', startedAt: 9 }),
      job({ id: 'job-3', status: 'completed', backend: 'wasm', device: 'wasm SIMD', startedAt: 20 }),
      job({ id: 'job-4', status: 'queued', backend: null, device: null, startedAt: null }),
    ];
    expect(activeBackend(jobs, 'wasm')).toEqual({ backend: 'tfjs-node-gpu', device: 'CUDA GPU 0' });
  });

  it('without an active job, says what auto (or the default choice) would use, marked as predicted', () => {
    expect(activeBackend([job({ status: 'failed' })], 'wasm')).toEqual({ backend: 'auto → wasm', device: 'wasm SIMD (predicted)' });
    expect(activeBackend([], 'cpu', 'cpu')).toEqual({ backend: 'cpu', device: 'JS CPU (predicted)' });
  });

  it('lists app, Electron, Chromium, Node, V8 and tfjs versions with the backend and device', () => {
    const info: AboutInfo = { appName: 'Hamiltonian Studio', appVersion: '0.1.0', electron: '45.4.1', chrome: '140.0', node: '22.1.0', v8: '14.0', tfjs: '4.22.0', platform: 'linux-x64', backend: 'wasm', device: 'wasm SIMD' };
    const { message, detail } = aboutText(info);
    expect(message).toBe('Hamiltonian Studio 0.1.0');
    for (const part of ['Electron 45.4.1', 'Chromium 140.0', 'Node.js 22.1.0', 'V8 14.0', 'TensorFlow.js 4.22.0', 'Backend: wasm', 'Device: wasm SIMD', 'linux-x64']) {
      expect(detail).toContain(part);
    }
  });
});
