// The sweep CLI without a cluster: `sweep plan` lists the runs of a YAML file, `sweep submit --local 2` runs them
// here two at a time into a sweep folder, `sweep status` reads it back, `sweep collect` adds the runs to a project
// once however often it runs, and `sweep cancel` on a local sweep says what to do instead.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../main/cli';
import { readProject } from '../../main/project';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-sweep-cli-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

async function cli(...argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void (out += `${a.join(' ')}\n`));
  const err = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void (out += `${a.join(' ')}\n`));
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return { code: await runCli(argv), out };
  } finally {
    log.mockRestore();
    err.mockRestore();
    stderr.mockRestore();
  }
}

describe('sweep CLI, here', () => {
  const spec = path.join(scratch, 'grid.yaml');
  fs.writeFileSync(spec, ['name: hidden x seeds', 'base: { kind: hnn, steps: 10, trainTrajectories: 4, testTrajectories: 2, evalEvery: 5, rolloutTime: 1 }', 'axes:', '  hidden: [8, 16]', 'seeds: [3, 4]', 'backend: cpu', ''].join('\n'));
  const dir = path.join(scratch, 'grid.sweep');

  it('plan lists the runs; a bad value is refused naming the axis', async () => {
    const r = await cli('sweep', 'plan', spec);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/hidden x seeds: 4 hnn runs \(hidden x2, seed x2\)/);
    expect(r.out).toContain('hidden x seeds · hidden=16 seed=4');
    const bad = path.join(scratch, 'bad.yaml');
    fs.writeFileSync(bad, 'name: bad\nbase: { kind: hnn }\naxes: { hidden: [8, -1] }\n');
    const b = await cli('sweep', 'plan', bad);
    expect(b.code).not.toBe(0);
    expect(b.out).toMatch(/axis hidden, value -1/);
  });

  it('submit --local 2 runs them here; status shows them done; collect adds each once', async () => {
    const r = await cli('sweep', 'submit', spec, '--local', '2', '--dir', dir);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/4 runs in .*grid\.sweep, 2 at a time here/);
    expect(r.out).toMatch(/4 done/);
    const s = await cli('sweep', 'status', dir, '--json');
    expect(JSON.parse(s.out).elements.map((e: { state: string }) => e.state)).toEqual(['done', 'done', 'done', 'done']);
    const project = path.join(scratch, 'grid.hsproj');
    expect((await cli('sweep', 'collect', dir, '--into', project)).out).toMatch(/collected 4 runs .*\(0 already there, 0 not finished\)/);
    expect((await cli('sweep', 'collect', dir, '--into', project)).out).toMatch(/collected 0 runs .*\(4 already there, 0 not finished\)/);
    expect((await readProject(project)).runs()).toHaveLength(4);
    const c = await cli('sweep', 'cancel', dir);
    expect(c.code).not.toBe(0);
    expect(c.out).toMatch(/runs here, in the process that started it/);
  }, 120_000);
});
