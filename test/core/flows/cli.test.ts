// `train-flow` then `evaluate-flow` on the saved model (main/cli/flows.ts), in-process.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runGroup } from '../../cli/command-group';
import { register } from '../../../main/cli/flows';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flows-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const cli = (argv: string[]) => runGroup(register, argv);

describe('flow CLI', () => {
  it('trains, saves the model as JSON and evaluates it again with the same test NLL', async () => {
    const out = path.join(dir, 'model.json');
    const train = await cli([
      'train-flow', '--density', '8gaussians', '--steps', '30', '--batch', '64', '--hidden', '16', '--constraint', 'expr:q1*p2 - q2*p1',
      '--kappa', '0.1', '--train-size', '200', '--test-size', '100', '--final-k', '5', '--eval-every', '0', '--backend', 'wasm', '--out', out,
    ]);
    expect(train).toMatch(/hamiltonian on 8gaussians: test NLL \d+\.\d+ \+- \d+\.\d+ nats per point \(IWAE, K=5\), in the units of the data/);
    expect(train).toMatch(/train - test log-likelihood: -?\d+\.\d+ nats/);
    const saved = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(saved.format).toBe('hamiltonian-studio/flow-model');
    expect(saved.config).toMatchObject({ constraint: 'expr', constraintExpr: 'q1*p2 - q2*p1', trainSize: 200, hidden: 16 });
    expect(saved.weights[0]).toMatchObject({ name: 'H1/K/dense0/w', shape: [2, 16] });
    const evaluated = await cli(['evaluate-flow', out, '--k', '5', '--backend', 'wasm']);
    expect(saved.config).toMatchObject({ base: 'normal', softUniformWidth: 6 });
    // Same seeds, same split, same K: the same number.
    expect(evaluated).toContain(`test NLL (IWAE, K=5): ${saved.metrics.final_test_nll.toFixed(4)} +- `);
  });

  it('trains on a soft-uniform base of the given width', async () => {
    const out = path.join(dir, 'box.json');
    const train = await cli([
      'train-flow', '--density', 'checkerboard', '--steps', '5', '--batch', '32', '--hidden', '8', '--base', 'soft-uniform',
      '--soft-uniform-width', '8', '--test-size', '50', '--final-k', '2', '--eval-every', '0', '--backend', 'wasm', '--out', out,
    ]);
    expect(train).toMatch(/hamiltonian on checkerboard: test NLL \d+\.\d+/);
    expect(JSON.parse(fs.readFileSync(out, 'utf8')).config).toMatchObject({ base: 'soft-uniform', softUniformWidth: 8 });
  });

  it('refuses a file that is not a saved flow model', async () => {
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ hello: 1 }));
    await expect(cli(['evaluate-flow', bad])).rejects.toThrow(/not a flow model saved by train-flow/);
    fs.writeFileSync(bad, '{ not json');
    await expect(cli(['evaluate-flow', bad])).rejects.toThrow(/not a readable JSON file/);
  });

  it('rejects bad flags with a usage error before training', async () => {
    await expect(cli(['train-flow', '--density', 'nine-gaussians'])).rejects.toThrow(/Allowed choices are 8gaussians/);
    await expect(cli(['train-flow', '--steps', '0'])).rejects.toThrow(/expected an integer/);
    await expect(cli(['train-flow', '--soft-uniform-width', '-1'])).rejects.toThrow(/soft-uniform-width/);
    await expect(cli(['train-flow', '--constraint', 'rotation', '--steps', '1'])).rejects.toThrow(/unknown constraint "rotation"/);
    await expect(cli(['train-flow', '--constraint', 'expr:q1 +', '--steps', '1', '--backend', 'wasm'])).rejects.toThrow(/unexpected end of expression/);
  });
});
