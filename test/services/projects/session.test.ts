import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupPathOf, probeProject, readProject } from '../../../main/project';
import { autosavePathOf, detectRecovery, ProjectSession, RecentProjects } from '../../../main/services/projects';

let root: string;
let configDir: string;
let clock: number;
const now = () => new Date(clock);

function session(): ProjectSession {
  return new ProjectSession({ configDir, appVersion: '0.1.0', now });
}

function addRun(s: ProjectSession, id: string): void {
  s.project.addRun({ id, kind: 'hnn', config: { hidden: 8 }, metrics: [{ step: 1, values: { loss: 1 } }] });
}

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'hsproj-session-'));
  configDir = path.join(root, 'config');
  clock = Date.parse('2026-03-01T10:00:00Z');
});

afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describe('ProjectSession', () => {
  it('new, dirty marker, save as, save, reopen', async () => {
    const s = session();
    expect(s.state()).toMatchObject({ path: null, name: 'Untitled', dirty: false, savedAt: null });
    addRun(s, 'run-1');
    expect(s.dirty).toBe(true);
    await expect(s.save()).rejects.toMatchObject({ code: 'invalid', message: expect.stringContaining('Save As') });

    const state = await s.saveAs(path.join(root, 'first'));
    expect(state).toMatchObject({ path: path.join(root, 'first.hsproj'), dirty: false, savedAt: '2026-03-01T10:00:00.000Z' });
    expect(state.summary.runs.map((r) => r.id)).toEqual(['run-1']);

    clock += 60_000;
    addRun(s, 'run-2');
    expect(s.dirty).toBe(true);
    await s.save();
    expect(s.dirty).toBe(false);
    // The previous version became the backup.
    expect((await readProject(backupPathOf(state.path!))).runs().map((r) => r.id)).toEqual(['run-1']);

    const t = session();
    const opened = await t.open(state.path!);
    expect(opened.recovery).toBeNull();
    expect(opened.state).toMatchObject({ dirty: false, savedAt: '2026-03-01T10:01:00.000Z', readFromVersion: 2 });
    expect(t.project.runs().map((r) => r.id)).toEqual(['run-1', 'run-2']);
  });

  it('keeps a recent list, most recent first, surviving a damaged file', async () => {
    const s = session();
    const a = (await s.saveAs(path.join(root, 'a.hsproj'))).path!;
    clock += 1000;
    const b = (await s.saveAs(path.join(root, 'b.hsproj'))).path!;
    clock += 1000;
    await session().open(a);
    expect((await s.recent()).map((e) => [e.path, e.exists])).toEqual([[a, true], [b, true]]);
    await fs.rm(b);
    expect((await s.recent()).find((e) => e.path === b)?.exists).toBe(false);
    await fs.writeFile(s.recentList.file, '{"version": 1, "entries": [42, {"path": "relative.hsproj", "name": "x", "openedAt": "y"}]');
    expect(await s.recent()).toEqual([]);
    const list = new RecentProjects(path.join(configDir, 'r.json'), 3);
    for (const n of ['1', '2', '3', '4']) await list.add(path.join(root, n), n);
    expect((await list.list()).map((e) => e.name)).toEqual(['4', '3', '2']);
  });

  it('autosaves to a sidecar only when something changed, and a save removes it', async () => {
    const s = session();
    const file = (await s.saveAs(path.join(root, 'p.hsproj'))).path!;
    expect(await s.autosave()).toBe(false);
    addRun(s, 'run-1');
    clock += 1000;
    expect(await s.autosave()).toBe(true);
    expect(await s.autosave()).toBe(false);
    const sidecar = autosavePathOf(file);
    expect(path.basename(sidecar)).toBe('.p.hsproj.autosave');
    expect((await readProject(sidecar)).runs()).toHaveLength(1);
    expect(s.dirty).toBe(true);
    await s.save();
    await expect(fs.stat(sidecar)).rejects.toThrow();
  });

  it('after a crash, offers the newer autosave; recovering it keeps the file as the target', async () => {
    const a = session();
    const file = (await a.saveAs(path.join(root, 'crash.hsproj'))).path!;
    addRun(a, 'unsaved-work');
    clock += 5000;
    await a.autosave();
    // ...the app dies here: no save, no dispose.

    const b = session();
    const { state, recovery } = await b.open(file);
    expect(state.summary.runs).toEqual([]);
    expect(recovery).toMatchObject({ path: file, autosavePath: autosavePathOf(file), autosavedAt: '2026-03-01T10:00:05.000Z', fileModifiedAt: '2026-03-01T10:00:00.000Z' });
    const recovered = await b.recover(recovery!);
    expect(recovered).toMatchObject({ path: file, dirty: true });
    expect(b.project.runs().map((r) => r.id)).toEqual(['unsaved-work']);
    clock += 1000;
    await b.save();
    expect((await readProject(file)).runs().map((r) => r.id)).toEqual(['unsaved-work']);
    expect(await detectRecovery(file)).toBeNull();
  });

  it('an autosave older than its file is stale and is removed', async () => {
    const a = session();
    const file = (await a.saveAs(path.join(root, 'stale.hsproj'))).path!;
    addRun(a, 'x');
    await a.autosave();
    const sidecar = autosavePathOf(file);
    await fs.copyFile(sidecar, path.join(root, 'keep'));
    clock += 10_000;
    await a.save();
    await fs.copyFile(path.join(root, 'keep'), sidecar); // an old autosave lying around
    expect(await detectRecovery(file)).toBeNull();
    await expect(fs.stat(sidecar)).rejects.toThrow();
  });

  it('recovers an untitled project from the config folder', async () => {
    const a = session();
    addRun(a, 'draft');
    await a.autosave();
    const b = session();
    const found = await b.untitledRecoveries();
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ path: null, name: 'Untitled' });
    await b.recover(found[0]);
    expect(b.state()).toMatchObject({ path: null, dirty: true });
    const saved = await b.saveAs(path.join(root, 'draft.hsproj'));
    expect(saved.dirty).toBe(false);
    expect(await b.untitledRecoveries()).toEqual([]);
  });

  it('a damaged file is refused with a ProjectError and leaves the session as it was', async () => {
    const s = session();
    addRun(s, 'mine');
    const bad = path.join(root, 'bad.hsproj');
    await fs.writeFile(bad, 'not a zip');
    await expect(s.open(bad)).rejects.toMatchObject({ name: 'ProjectError', code: 'not-zip' });
    await expect(s.open(path.join(root, 'missing.hsproj'))).rejects.toMatchObject({ code: 'io', message: expect.stringContaining('no such file') });
    expect(s.project.runs().map((r) => r.id)).toEqual(['mine']);
  });

  it('saves queued together run one after the other and leave a valid file', async () => {
    const s = session();
    const file = (await s.saveAs(path.join(root, 'q.hsproj'))).path!;
    addRun(s, 'a');
    const saves = [s.save(), s.save(), s.save()];
    await Promise.all(saves);
    expect((await probeProject(file)).formatVersion).toBe(2);
    expect((await fs.readdir(root)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
