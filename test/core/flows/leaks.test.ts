// Issue 16, defect 9: creating and disposing a model leaves no tensor behind. tf.variable(t) keeps t as a separate
// tensor that shares its data; every initial value must be disposed once its variable exists. The long-lived
// native worker creates a model per job, and the memory shown with a job counts whatever leaks.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../main/engine/backends';
import { createDenseLayers, disposeDenseLayers, glorotUniform } from '../../../main/core/nn/dense-layers';
import { Adam, byName, disposeSnapshot } from '../../../main/core/training/adam';
import { HamiltonianFlow, HAMILTONIAN_FLOW_DEFAULTS } from '../../../main/core/models/flows/hamiltonian-flow';
import { RealNvp } from '../../../main/core/models/flows/realnvp';
import { makeRng } from '../../../main/core/random';

beforeAll(async () => {
  await initBackend('cpu');
});

/** Runs `cycle` three times and returns the tensors and bytes left over compared with before. */
function leftOver(cycle: () => void): { tensors: number; bytes: number } {
  const before = tf.memory();
  for (let i = 0; i < 3; i++) cycle();
  const after = tf.memory();
  return { tensors: after.numTensors - before.numTensors, bytes: after.numBytes - before.numBytes };
}

describe('model creation leaks nothing', () => {
  it('dense layers', () => {
    expect(leftOver(() => disposeDenseLayers(createDenseLayers([2, 16, 16, 1], glorotUniform(makeRng(1)))))).toEqual({ tensors: 0, bytes: 0 });
  });

  it('a Hamiltonian flow with learned step sizes, with its Adam and a snapshot', () => {
    const cycle = () => {
      const flow = new HamiltonianFlow({ ...HAMILTONIAN_FLOW_DEFAULTS, dim: 2, hidden: 16, learnDt: true }, 1);
      const adam = new Adam(byName(flow.variables()), { learningRate: 1e-3 });
      disposeSnapshot(adam.snapshot());
      adam.dispose();
      flow.dispose();
    };
    expect(leftOver(cycle)).toEqual({ tensors: 0, bytes: 0 });
  });

  it('a RealNVP', () => {
    expect(leftOver(() => new RealNvp({ dim: 2, layers: 4, hidden: 16 }, 1).dispose())).toEqual({ tensors: 0, bytes: 0 });
  });
});
