// `canonical train | evaluate | map` (main/cli/canonical.ts), in process: the options come from the job schema,
// the saved model evaluates to the numbers training reported, a map writes the true and mapped-back trajectories,
// and bad input is refused in words.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runGroup } from './command-group';
import { register } from '../../main/cli/canonical';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'canonical-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const cli = (argv: string[]) => runGroup(register, argv);

describe('canonical CLI', () => {
  const model = path.join(dir, 'kepler.json');

  it('trains from the schema\'s options, writes the model, evaluates it to the same numbers and maps a new state', async () => {
    const train = JSON.parse(await cli([
      'canonical', 'train', '--system', 'kepler', '--param', 'k=1.5', '--train', '16', '--validation', '4', '--test', '6', '--points', '16',
      '--energy-min', '-1', '--energy-max', '-0.6', '--blocks', '1', '--hidden', '8', '--steps', '12', '--batch', '8', '--eval-every', '6',
      '--symplectic-points', '8', '--map-frames', '10', '--backend', 'wasm', '--out', model, '--quiet',
    ]));
    expect(train).toMatchObject({ backend: 'wasm', system: 'kepler', out: model });
    expect(train.result).toMatchObject({ steps: 12, rollbacks: 0 });
    const saved = JSON.parse(fs.readFileSync(model, 'utf8'));
    expect(saved).toMatchObject({ format: 'hamiltonian-studio/canonical-model', version: 1, system: 'kepler', params: { k: 1.5 }, step: 12 });
    expect(saved.job).toMatchObject({ energyMin: -1, energyMax: -0.6, blocks: 1, hidden: 8 });

    const evaluated = JSON.parse(await cli(['canonical', 'evaluate', model, '--backend', 'wasm']));
    for (const k of ['test_radius_spread', 'test_loss', 'radii_r2', 'action_corr_energy', 'aa_rel_error', 'identity_radius_spread']) {
      expect(evaluated[k], k).toBeCloseTo(train.result[k], 4);
    }
    const other = JSON.parse(await cli(['canonical', 'evaluate', model, '--seed', '9', '--test', '4', '--backend', 'wasm']));
    expect(other).toMatchObject({ seed: 9, test_trajectories: 4 });

    const csv = path.join(dir, 'map.csv');
    const map = JSON.parse(await cli(['canonical', 'map', model, '--state', '0.8, 0, 0, 1.4', '--frames', '30', '--rates', 'fitted', '--backend', 'wasm', '--out', csv]));
    expect(map).toMatchObject({ system: 'kepler', state: [0.8, 0, 0, 1.4], frames: 30, rates: 'fitted', dt: 0.1 });
    expect(map.actions).toHaveLength(2);
    expect(Number.isFinite(map.rel_error)).toBe(true);
    const lines = fs.readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('t,true_x,true_y,true_px,true_py,mapped_x,mapped_y,mapped_px,mapped_py');
    expect(lines).toHaveLength(31);
    expect(lines[1].split(',').slice(0, 5).map(Number)).toEqual([0, 0.8, 0, 0, 1.4]);
  });

  it('refuses a wrong state, a file that is not a model, and bad option values, in words', async () => {
    await expect(cli(['canonical', 'map', model, '--state', '1,0,0', '--backend', 'wasm'])).rejects.toThrow(/4-dimensional states; the initial state has 3/);
    await expect(cli(['canonical', 'map', model, '--state', '1,x'])).rejects.toThrow(/expected the state as numbers/);
    const bogus = path.join(dir, 'bogus.json');
    fs.writeFileSync(bogus, JSON.stringify({ format: 'hamiltonian-studio/flow-model' }));
    await expect(cli(['canonical', 'evaluate', bogus, '--backend', 'wasm'])).rejects.toThrow(/not a model written by canonical train --out/);
    await expect(cli(['canonical', 'train', '--system', 'three-body'])).rejects.toThrow(/Allowed choices are kepler, pendulum, mass-spring, fput/);
    await expect(cli(['canonical', 'train', '--blocks', '0'])).rejects.toThrow(/blocks/);
  });
});
