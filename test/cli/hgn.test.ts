// Issue 19: the HGN CLI as a researcher meets it. An unknown --set key is named with the nearest valid one (it
// exited 1 in silence); `hgn train --data FILE` trains on the file `generate` wrote and the weights file records
// it, so `evaluate` and `rollout` judge the model on its own test split (not silently on seed 0's); results print
// in words with 3-4 significant digits (not 16-digit JSON), a rollout's H series stays out of the text; --json
// prints JSON; redirected progress still comes every few seconds.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../main/cli';
import { decodeCheckpoint } from '../../main/core/models/hgn';
import { num } from '../../main/cli/human-output';
import { phaseLine, progressLine } from '../../main/cli/progress';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-hgn-cli-'));
const file = (name: string) => path.join(dir, name);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((out += String(c)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((err += String(c)), true));
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void (out += `${a.join(' ')}\n`));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void (err += `${a.join(' ')}\n`));
  const code = await runCli(argv);
  vi.restoreAllMocks();
  return { code, out, err };
}

/** A tiny HGN (16 px, 4 rollout frames) so that training takes seconds. */
const TINY = { imageSize: 16, encoderFrames: 2, rolloutFrames: 4, encoderFilters: [4, 4, 3], transformerFilters: [6, 4], hamiltonianFilters: [4, 4, 4, 4], decoderFilters: [4, 4], batchSize: 2, curriculumStartFrames: 2 };
const cpu = ['--backend', 'cpu'];

describe('hgn CLI', () => {
  it('an unknown --set key exits 1 with a message naming the nearest valid key and the valid keys', async () => {
    const r = await cli('hgn', 'train', '--set', 'batchsize=16', '--out', file('never.bin'), ...cpu);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/unknown HGN setting "batchsize": did you mean "batchSize"\?/);
    expect(r.err).toMatch(/settings are: .*learningRate.*batchSize/);
    expect(fs.existsSync(file('never.bin'))).toBe(false);
  });

  it("three bodies train on their recipe's preset unless --preset is typed (as the wizard does)", async () => {
    fs.writeFileSync(file('tiny-3.json'), JSON.stringify(TINY));
    const args = ['--system', 'three-body', '--train', '4', '--test', '2', '--config', file('tiny-3.json'), '--steps', '1', '--eval-every', '0', '--final-eval-sequences', '2', '--drift-steps', '2', ...cpu];
    const wide = await cli('hgn', 'train', ...args, '--out', file('w3.bin'));
    expect(wide.code, wide.err).toBe(0);
    expect(wide.err).toContain('HGN (laptop-wide');
    expect(decodeCheckpoint(new Uint8Array(fs.readFileSync(file('w3.bin')))).config.learningRate).toBe(1.5e-3);
    const typed = await cli('hgn', 'train', ...args, '--preset', 'laptop', '--out', file('w3l.bin'));
    expect(typed.code, typed.err).toBe(0);
    expect(decodeCheckpoint(new Uint8Array(fs.readFileSync(file('w3l.bin')))).config.learningRate).toBe(3e-3);
    // A three-body data file brings the three-body recipe (not that of --system's default, the pendulum).
    expect((await cli('generate', '--system', 'three-body', '--train', '4', '--test', '2', '--steps', '8', '--size', '16', '--out', file('d3.hsds'), '--quiet')).code).toBe(0);
    const fromFile = await cli('hgn', 'train', '--data', file('d3.hsds'), '--config', file('tiny-3.json'), '--steps', '1', '--eval-every', '0', '--final-eval-sequences', '2', '--drift-steps', '2', ...cpu, '--out', file('w3f.bin'));
    expect(fromFile.code, fromFile.err).toBe(0);
    expect(fromFile.err).toContain('HGN (laptop-wide');
    expect(decodeCheckpoint(new Uint8Array(fs.readFileSync(file('w3f.bin')))).config.learningRate).toBe(1.5e-3);
  });

  it('trains on a `generate` file, records it in the weights, and evaluate / rollout use it by default', async () => {
    fs.writeFileSync(file('tiny.json'), JSON.stringify(TINY));
    expect((await cli('generate', '--system', 'pendulum', '--train', '6', '--test', '4', '--seed', '7', '--steps', '8', '--size', '16', '--out', file('d.hsds'), '--quiet')).code).toBe(0);
    // The data flags and a file together are refused.
    const both = await cli('hgn', 'train', '--data', file('d.hsds'), '--system', 'mass-spring', '--out', file('w.bin'), ...cpu);
    expect(both.code).toBe(1);
    expect(both.err).toMatch(/--data FILE is the data/);

    const t = await cli('hgn', 'train', '--data', file('d.hsds'), '--config', file('tiny.json'), '--steps', '4', '--eval-every', '2', '--eval-sequences', '2', '--final-eval-sequences', '2', '--drift-steps', '3', '--out', file('w.bin'), ...cpu);
    expect(t.code, t.err).toBe(0);
    const ref = decodeCheckpoint(new Uint8Array(fs.readFileSync(file('w.bin')))).data;
    expect(ref?.file).toBe(path.resolve(file('d.hsds')));
    expect(ref?.spec).toMatchObject({ system: 'pendulum', seed: 7, train: 6, test: 4, size: 16 });
    expect(ref?.contentHash).toMatch(/^sha256:/);
    // Human output: per-evaluation lines aligned, short numbers, the data named; no raw JSON, no 16-digit floats.
    expect(t.err).toMatch(/^step\s+2\s+test MSE x1e4\s+\d+(\.\d+)?\s+VPT\s+\d+/m);
    expect(t.out).toMatch(/data: .*d\.hsds \(pendulum, seed 7: 6 train \/ 4 test/);
    expect(t.out).toMatch(/^\s+test MSE x1e4\s+\d/m);
    const decimals = (t.out + t.err).match(/\d+\.\d+/g) ?? [];
    expect(decimals.length).toBeGreaterThan(5);
    for (const d of decimals) expect(d.replace('.', '').replace(/^0+/, '').length, d).toBeLessThanOrEqual(4);
    expect(t.out + t.err).not.toMatch(/\{"/);

    // evaluate without data flags: the recorded test split, said on stderr; the same numbers as --data FILE.
    const evalArgs = ['hgn', 'evaluate', '--weights', file('w.bin'), '--sequences', '2', '--drift-steps', '3', '--json', ...cpu];
    const recorded = await cli(...evalArgs);
    expect(recorded.code, recorded.err).toBe(0);
    expect(recorded.err).toMatch(/the test split of .*d\.hsds.*as recorded in the weights file/);
    const viaFile = await cli(...evalArgs, '--data', file('d.hsds'));
    const seed0 = await cli(...evalArgs, '--system', 'pendulum', '--data-seed', '0');
    const a = JSON.parse(recorded.out);
    expect(JSON.parse(viaFile.out).test_mse_e4).toBe(a.test_mse_e4);
    expect(JSON.parse(seed0.out).test_mse_e4).not.toBe(a.test_mse_e4);
    expect(a.per_step_mse_e4).toHaveLength(4);

    // Resuming without data flags trains on the recorded data, and the new weights keep recording it.
    const resumed = await cli('hgn', 'train', '--resume', file('w.bin'), '--config', file('tiny.json'), '--steps', '6', '--eval-every', '0', '--final-eval-sequences', '2', '--drift-steps', '3', '--out', file('w2.bin'), ...cpu);
    expect(resumed.code, resumed.err).toBe(0);
    expect(resumed.err).toMatch(/data: .*d\.hsds \(pendulum, seed 7/);
    expect(decodeCheckpoint(new Uint8Array(fs.readFileSync(file('w2.bin')))).data?.contentHash).toBe(ref?.contentHash);

    // The file gone: the same sequences, regenerated from the recorded spec.
    fs.renameSync(file('d.hsds'), file('moved.hsds'));
    const regenerated = await cli(...evalArgs);
    expect(regenerated.err).toMatch(/is gone: regenerated from its spec/);
    expect(JSON.parse(regenerated.out).test_mse_e4).toBe(a.test_mse_e4);

    // rollout: a summary in words (no H series on one line); --json has the series per sequence.
    const human = await cli('hgn', 'rollout', '--weights', file('w.bin'), '--count', '2', '--steps', '30', ...cpu);
    expect(human.code, human.err).toBe(0);
    expect(human.out).toMatch(/rolled out test sequences 0-1 for 30 steps at speed 1: 31 frames/);
    expect(human.out).toMatch(/sequence 1\s+learned H\s+-?\d/);
    for (const line of human.out.split('\n')) expect(line.length).toBeLessThan(120);
    const json = await cli('hgn', 'rollout', '--weights', file('w.bin'), '--count', '2', '--steps', '30', '--json', ...cpu);
    const j = JSON.parse(json.out);
    expect(j.energy).toHaveLength(2);
    expect(j.energy[0]).toHaveLength(31);

    // sample: the laptop recipe (deterministic encoder) samples from a density fitted to the recorded training
    // data, regenerated here since the file moved; --from prior still offers the prior; a weights file that records
    // no data and no --data is refused in words.
    const fitted = await cli('hgn', 'sample', '--weights', file('w.bin'), '--count', '3', '--steps', '5', ...cpu);
    expect(fitted.code, fitted.err).toBe(0);
    expect(fitted.out).toMatch(/sampled 3 trajectories from a density fitted to 6 encoded training states/);
    expect(fitted.err).toMatch(/fitting the sample density to the training split of pendulum, seed 7/);
    const prior = await cli('hgn', 'sample', '--weights', file('w.bin'), '--from', 'prior', '--count', '2', '--steps', '5', ...cpu);
    expect(prior.out).toMatch(/sampled 2 trajectories from the prior/);
    const bad = await cli('hgn', 'sample', '--weights', file('w.bin'), '--from', 'fitted', '--data', file('missing.hsds'), ...cpu);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/--data .*missing\.hsds: cannot read it/);
  });
});

describe('numbers and progress for people', () => {
  it('numbers keep 3-4 significant digits; integers stay integers', () => {
    expect(num(94.62345678)).toBe('94.62');
    expect(num(0.123456789)).toBe('0.1235');
    expect(num(12)).toBe('12');
    expect(num(0.000123456)).toBe('1.23e-4');
  });

  it('redirected, a progress line comes at least every few seconds, not only at each twentieth of the run', () => {
    let err = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((err += String(c)), true));
    const isTTY = process.stderr.isTTY;
    Object.defineProperty(process.stderr, 'isTTY', { value: false, configurable: true });
    try {
      progressLine('t', 1, 100_000, 'a', 0);
      progressLine('t', 2, 100_000, 'b', 1000);
      progressLine('t', 3, 100_000, 'c', 6000);
    } finally {
      Object.defineProperty(process.stderr, 'isTTY', { value: isTTY, configurable: true });
    }
    const lines = err.trim().split('\n');
    expect(lines.map((l) => l.slice(-1))).toEqual(['a', 'c']);
  });

  it('a long phase without steps (the final evaluation) says so every few seconds', () => {
    vi.useFakeTimers();
    let err = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((err += String(c)), true));
    const stop = phaseLine('hgn', 'evaluating');
    vi.advanceTimersByTime(12_000);
    stop();
    vi.advanceTimersByTime(12_000);
    expect(err.match(/hgn: evaluating/g)).toHaveLength(3);
  });
});
