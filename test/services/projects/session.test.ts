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

describe('recovery when the file itself is damaged or gone (issue 16, defect 8)', () => {
  /** A project saved twice (so a .bak of the first save exists), then changed and autosaved, then the app dies. */
  async function crashedAfterTwoSaves(): Promise<string> {
    const a = session();
    addRun(a, 'first');
    const file = (await a.saveAs(path.join(root, 'work.hsproj'))).path!;
    clock += 1000;
    addRun(a, 'second');
    await a.save();
    clock += 1000;
    addRun(a, 'unsaved');
    await a.autosave();
    return file;
  }

  it('a damaged file with a newer autosave and a .bak: both are offered instead of an error, the open project stays', async () => {
    const file = await crashedAfterTwoSaves();
    await fs.writeFile(file, 'damaged by a disk error');
    const b = session();
    addRun(b, 'mine');
    const opened = await b.open(file);
    expect(opened.openError).toMatch(/not a readable zip archive/);
    expect(opened.recoveries.map((r) => [r.kind, r.path, r.autosavePath])).toEqual([
      ['autosave', file, autosavePathOf(file)],
      ['backup', file, backupPathOf(file)],
    ]);
    expect(opened.recovery).toEqual(opened.recoveries[0]);
    expect(b.project.runs().map((r) => r.id)).toEqual(['mine']);
    const recovered = await b.recover(opened.recoveries[0]);
    expect(recovered).toMatchObject({ path: file, dirty: true });
    expect(b.project.runs().map((r) => r.id)).toEqual(['first', 'second', 'unsaved']);
    clock += 1000;
    await b.save();
    expect((await readProject(file)).runs().map((r) => r.id)).toEqual(['first', 'second', 'unsaved']);
  });

  it('a missing file with its .bak: the backup is offered, and recovering it saves back to the file', async () => {
    const file = await crashedAfterTwoSaves();
    await fs.rm(file);
    await fs.rm(autosavePathOf(file));
    const b = session();
    const opened = await b.open(file);
    expect(opened.openError).toMatch(/no such file/);
    expect(opened.recoveries).toEqual([expect.objectContaining({ kind: 'backup', path: file, autosavePath: backupPathOf(file), name: 'Untitled' })]);
    await b.recover(opened.recoveries[0]);
    expect(b.state()).toMatchObject({ path: file, dirty: true });
    expect(b.project.runs().map((r) => r.id)).toEqual(['first']);
    await b.save();
    expect((await readProject(file)).runs().map((r) => r.id)).toEqual(['first']);
    // The backup is a user's file: recovering from it leaves it where it was.
    expect((await readProject(backupPathOf(file))).runs().map((r) => r.id)).toEqual(['first']);
  });

  it('with nothing to recover, a damaged file is still an error', async () => {
    const bad = path.join(root, 'lonely.hsproj');
    await fs.writeFile(bad, 'not a zip');
    await expect(session().open(bad)).rejects.toMatchObject({ code: 'not-zip' });
  });

  it('recovers and discards only what the app offered: any other path is refused and left untouched', async () => {
    const other = session();
    addRun(other, 'precious');
    const precious = (await other.saveAs(path.join(root, 'precious.hsproj'))).path!;
    const s = session();
    for (const request of [
      { path: null, autosavePath: precious },
      { path: precious, autosavePath: autosavePathOf(precious) },
      { path: null, autosavePath: path.join(configDir, 'autosave', 'untitled-x.hsproj.autosave') },
    ]) {
      await expect(s.recover(request)).rejects.toMatchObject({ code: 'invalid', message: expect.stringMatching(/was not offered/) });
    }
    await expect(s.discardRecovery({ path: null, autosavePath: precious })).rejects.toMatchObject({ code: 'invalid' });
    expect((await readProject(precious)).runs().map((r) => r.id)).toEqual(['precious']);
    expect(await fs.readdir(path.join(configDir, 'autosave')).catch(() => [])).toEqual([]);
    expect(s.project.runs()).toEqual([]);
  });

  it('an offer is good once, and only as it was handed out', async () => {
    const a = session();
    addRun(a, 'draft');
    await a.autosave();
    const b = session();
    const [offer] = await b.untitledRecoveries();
    await expect(b.recover({ ...offer, path: path.join(root, 'elsewhere.hsproj') })).rejects.toMatchObject({ code: 'invalid' });
    await b.recover(offer);
    await expect(b.recover(offer)).rejects.toMatchObject({ code: 'invalid' });
  });
});
