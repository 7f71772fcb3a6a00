// Crash-safe writing: backups of the last good version only, temp files cleaned, failures leave the old file.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupPathOf, cleanStaleTemps, probeProject, readProject, writeAtomic, writeProjectFile } from '../../main/project';
import { sampleProject } from './fixtures';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hsproj-atomic-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const list = async () => (await fs.readdir(dir)).sort();

describe('atomic project writes', () => {
  it('the first save makes no backup; each later one keeps the previous file as .bak', async () => {
    const file = path.join(dir, 'p.hsproj');
    const a = sampleProject(1);
    await writeProjectFile(a, file, { appVersion: '0.1.0' });
    expect(await list()).toEqual(['p.hsproj']);
    a.rename('second');
    await writeProjectFile(a, file, { appVersion: '0.1.0' });
    expect(await list()).toEqual(['p.hsproj', 'p.hsproj.bak']);
    expect((await probeProject(backupPathOf(file))).name).toBe('Sample 1');
    expect((await probeProject(file)).name).toBe('second');
  });

  it('a damaged file never replaces a good backup', async () => {
    const file = path.join(dir, 'p.hsproj');
    const p = sampleProject(2);
    await writeProjectFile(p, file, { appVersion: '0.1.0' });
    await writeProjectFile(p, file, { appVersion: '0.1.0' });
    await fs.writeFile(file, 'garbage written by something else');
    await writeProjectFile(p, file, { appVersion: '0.1.0' });
    expect((await probeProject(backupPathOf(file))).name).toBe('Sample 2');
    await readProject(file);
  });

  it('a failing source leaves the old file and no temp file', async () => {
    const file = path.join(dir, 'x.bin');
    await writeAtomic(file, [Buffer.from('old')]);
    async function* failing() {
      yield Buffer.from('new, half');
      throw new Error('disk full');
    }
    await expect(writeAtomic(file, failing())).rejects.toMatchObject({ code: 'io', message: expect.stringContaining('disk full') });
    expect(await fs.readFile(file, 'utf8')).toBe('old');
    expect(await list()).toEqual(['x.bin']);
  });

  it('a folder that does not exist is an io error', async () => {
    await expect(writeProjectFile(sampleProject(3), path.join(dir, 'no', 'such', 'p.hsproj'), { appVersion: '0' })).rejects.toMatchObject({ code: 'io' });
  });

  it('temp files of dead writers are removed, those of live ones kept', async () => {
    const file = path.join(dir, 'p.hsproj');
    const dead = `.p.hsproj.999999999-0badf00d.tmp`;
    const deadBak = `.p.hsproj.bak.999999998-0badf00d.tmp`;
    const alive = `.p.hsproj.${process.ppid}-1234abcd.tmp`;
    const unrelated = `.other.hsproj.999999999-0badf00d.tmp`;
    for (const n of [dead, deadBak, alive, unrelated]) await fs.writeFile(path.join(dir, n), 'x');
    expect((await cleanStaleTemps(file)).sort()).toEqual([dead, deadBak].sort());
    expect(await list()).toEqual([alive, unrelated].sort());
  });
});
