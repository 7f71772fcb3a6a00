import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../main/cli';
import { exportCommand, openCommand } from '../../main/cli/project';
import { writeProjectFile } from '../../main/project';
import { sampleProject } from './fixtures';

let dir: string;
let file: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hsproj-cli-'));
  file = path.join(dir, 'sample.hsproj');
  await writeProjectFile(sampleProject(5), file, { appVersion: '0.1.0' });
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('CLI: open and export', () => {
  it('open prints runs, datasets and sizes', async () => {
    const text = await openCommand(file);
    expect(text).toMatch(/^Sample 5\n/);
    expect(text).toMatch(/format 2, last saved by Hamiltonian Studio 0\.1\.0/);
    expect(text).toMatch(/hgn-1\s+hgn\s+completed\s+wasm\s+step 200\/200\s+50 metric rows\s+2 checkpoints\s+2 saved/);
    expect(text).toMatch(/pendulum-small\s+Pendulum \(small\)\s+system pendulum\s+data 256 B/);
    const json = JSON.parse(await openCommand(file, { json: true }));
    expect(json.runs.map((r: { id: string }) => r.id)).toEqual(['hgn-1', 'flow-1']);
    expect(json.fileBytes).toBe((await fs.stat(file)).size);
  });

  it('export writes into the folder it is given', async () => {
    const out = path.join(dir, 'out');
    const r = await exportCommand(file, { run: 'flow-1', what: 'metrics', out });
    expect(r.files).toEqual([path.join(out, 'flow-1.metrics.csv')]);
    expect((await fs.readFile(r.files[0], 'utf8')).split('\n')[0]).toBe('step,loss,test_elbo');
  });

  it('a broken file fails with the reason and its code, and a non-zero exit', async () => {
    const bad = path.join(dir, 'bad.hsproj');
    await fs.writeFile(bad, (await fs.readFile(file)).subarray(0, 1000));
    const errors: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((m: string) => void errors.push(m));
    const code = await runCli(['open', bad]);
    spy.mockRestore();
    expect(code).toBe(1);
    expect(errors.join('\n')).toMatch(/bad\.hsproj is not a readable zip archive .*\[not-zip\]/);
  });
});
