// Issue 19: a flow trained on a CSV reports its NLL in the units of the user's data (the standardisation's
// log-det added back, and said so), and `evaluate-flow` scores a test file of the user's (`--test-csv`) and prints
// JSON for machines (`--json`). Two copies of the same points, one in units ten times smaller, standardise to
// the same training data, so the same seed trains the same model: their NLLs must differ by exactly 2 ln 10
// nats per point (in standardised units they were equal).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../main/cli';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-flow-units-'));
const file = (name: string) => path.join(dir, name);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let out = '';
beforeAll(() => {
  // 200 points of two blobs; the same points x10 (ten times smaller units), and a test file of 40 more.
  let s = 7;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) - 0.5;
  const pts = (n: number) => Array.from({ length: n }, (_, i) => [rnd() + (i % 2 ? 2 : -2), 0.5 * rnd()]);
  const csv = (p: number[][], k: number) => 'x,y\n' + p.map(([x, y]) => `${(k * x).toFixed(6)},${(k * y).toFixed(6)}`).join('\n') + '\n';
  const train = pts(200);
  const test = pts(40);
  fs.writeFileSync(file('a.csv'), csv(train, 1));
  fs.writeFileSync(file('a10.csv'), csv(train, 10));
  fs.writeFileSync(file('t.csv'), csv(test, 1));
  fs.writeFileSync(file('t10.csv'), csv(test, 10));
});
afterEach(() => vi.restoreAllMocks());

async function cli(...argv: string[]): Promise<string> {
  out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void (out += `${a.join(' ')}\n`));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const code = await runCli(argv);
  vi.restoreAllMocks();
  expect(code, `${argv.join(' ')}\n${out}`).toBe(0);
  return out;
}

const train = (csv: string, model: string) => cli('train-flow', '--csv', file(csv), '--steps', '3', '--hidden', '8', '--batch', '32', '--final-k', '4', '--backend', 'cpu', '--out', file(model));
const score = async (...args: string[]) => JSON.parse((await cli('evaluate-flow', ...args, '--k', '4', '--json', '--backend', 'cpu')).trim()) as Record<string, unknown>;

describe('CSV flows: NLL in the units of the data', () => {
  it('train-flow says which units; the same points in 10x smaller units score 2 ln 10 nats more per point', async () => {
    const a = await train('a.csv', 'a.json');
    await train('a10.csv', 'a10.json');
    expect(a).toMatch(/test NLL -?\d+\.\d+ \+- \d+\.\d+ nats per point .*in the units of the data/);
    const m1 = JSON.parse(fs.readFileSync(file('a.json'), 'utf8'));
    const m10 = JSON.parse(fs.readFileSync(file('a10.json'), 'utf8'));
    expect(m10.nllUnits).toBe('data');
    expect(m10.metrics.final_test_nll - m1.metrics.final_test_nll).toBeCloseTo(2 * Math.log(10), 3);
  });

  it('evaluate-flow --json prints nll, nll_stderr and units "data" for the held-out split', async () => {
    const r1 = await score(file('a.json'));
    const r10 = await score(file('a10.json'));
    expect(r1).toMatchObject({ units: 'data', test: 'held-out', points: 40 });
    expect(typeof r1.nll_stderr).toBe('number');
    expect((r10.nll as number) - (r1.nll as number)).toBeCloseTo(2 * Math.log(10), 3);
  });

  it('a model saved before the learning-rate names were one (lr, lrSchedule, lrFinalFraction) still scores the same', async () => {
    const saved = JSON.parse(fs.readFileSync(file('a.json'), 'utf8'));
    const { learningRate, learningRateSchedule, learningRateFinal, ...rest } = saved.config;
    fs.writeFileSync(file('a-old.json'), JSON.stringify({ ...saved, config: { ...rest, lr: learningRate, lrSchedule: learningRateSchedule, lrFinalFraction: learningRateFinal } }));
    expect(await score(file('a-old.json'), '--csv', file('a.csv'))).toEqual(await score(file('a.json'), '--csv', file('a.csv')));
  });

  it('evaluate-flow --test-csv scores a file of the user\'s through the saved standardisation', async () => {
    const r1 = await score(file('a.json'), '--test-csv', file('t.csv'));
    const r10 = await score(file('a10.json'), '--test-csv', file('t10.csv'));
    expect(r1).toMatchObject({ units: 'data', points: 40, test: file('t.csv') });
    expect(Number.isFinite(r1.nll)).toBe(true);
    expect((r10.nll as number) - (r1.nll as number)).toBeCloseTo(2 * Math.log(10), 3);
    // Human output by default, with its units.
    const text = await cli('evaluate-flow', file('a.json'), '--test-csv', file('t.csv'), '--k', '4', '--backend', 'cpu');
    expect(text).toMatch(/40 points/);
    expect(text).toMatch(/nats per point, in the units of the data/);
  });

  it('a test file with other columns is refused in words', async () => {
    fs.writeFileSync(file('bad.csv'), 'x,y,z\n1,2,3\n4,5,6\n');
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    let err = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((err += String(c)), true));
    const spy = vi.spyOn(console, 'error').mockImplementation((m: unknown) => void (err += String(m)));
    const code = await runCli(['evaluate-flow', file('a.json'), '--test-csv', file('bad.csv'), '--backend', 'cpu']);
    spy.mockRestore();
    expect(code).toBe(1);
    expect(err).toMatch(/3 columns, the model was trained on 2/);
  });
});
