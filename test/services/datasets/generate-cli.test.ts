// The `generate` and `systems` commands (main/cli/generate.ts), through their exported functions.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeSystems, parseParams, runGenerate } from '../../../main/cli/generate';
import { decodeDataset } from '../../../main/core/data/format';
import { SYSTEM_IDS } from '../../../main/core/physics';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hs-generate-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const args = { system: 'three-body', train: 6, test: 3, seed: 7, steps: 5, size: 16, quiet: true } as const;

describe('generate command', () => {
  it('writes byte-identical files when run twice with the same arguments', async () => {
    const a = path.join(dir, 'a.hsds');
    const b = path.join(dir, 'b.hsds');
    await runGenerate({ ...args, out: a });
    await runGenerate({ ...args, out: b });
    expect((await fs.readFile(a)).equals(await fs.readFile(b))).toBe(true);
    await runGenerate({ ...args, seed: 8, out: b });
    expect((await fs.readFile(a)).equals(await fs.readFile(b))).toBe(false);
  });

  it('applies parameters, style and sampling options and records them in the header', async () => {
    const out = path.join(dir, 'p.hsds');
    const result = await runGenerate({
      system: 'mass-spring',
      train: 2,
      test: 1,
      steps: 3,
      size: 24,
      style: 'dm',
      param: ['k=1', 'm=1'],
      noise: 0,
      radius: '0.2,0.4',
      quiet: true,
      out,
    });
    const { header, dataset } = decodeDataset(new Uint8Array(await fs.readFile(out)));
    expect(header).toEqual(result.header);
    expect(header.spec).toMatchObject({ params: { k: 1, m: 1 }, style: 'dm', size: 24 });
    expect(header.spec.sampling).toEqual({ radius: [0.2, 0.4], noise: 0, noiseMode: 'initial' });
    for (let i = 0; i < 2; i++) {
      const r = Math.hypot(dataset.train.states[i * 6], dataset.train.states[i * 6 + 1]);
      expect(r).toBeGreaterThanOrEqual(0.2);
      expect(r).toBeLessThanOrEqual(0.4);
    }
  });

  it('prints a progress line on stderr', async () => {
    let text = '';
    await runGenerate({ ...args, quiet: false, out: path.join(dir, 'x.hsds') }, (s) => (text += s));
    expect(text).toMatch(/generate three-body: 9\/9 sequences \(100%\)/);
    expect(text.endsWith('\n')).toBe(true);
  });

  it('rejects bad options clearly and writes nothing', async () => {
    const out = path.join(dir, 'bad.hsds');
    await expect(runGenerate({ ...args, param: ['bogus=1'], out })).rejects.toThrow(/no parameter 'bogus'/);
    await expect(runGenerate({ ...args, system: 'nope', out })).rejects.toThrow(/unknown system/);
    expect(() => parseParams(['k'])).toThrow(/name=number/);
    expect(await fs.readdir(dir)).toEqual([]);
  });
});

describe('systems command', () => {
  it('lists every system with its parameters and defaults', () => {
    const text = describeSystems();
    for (const id of SYSTEM_IDS) expect(text).toContain(`${id}  `);
    expect(text).toContain('--param k=2');
    expect(text).toContain('preset hnn-ideal: m=1 k=1');
  });
});
