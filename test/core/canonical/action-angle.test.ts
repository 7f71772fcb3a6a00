// Using a transformation, checked where the answer is known exactly: a linear layer set to the map that turns the
// mass-spring's ellipses into circles (and the FPUT chain's normal modes) gives the exact actions, zero radius
// spread, the right frequencies from K and from trajectories, and action-angle motion that maps back onto the true
// trajectory; the mode match is 1 for the normal-mode map and 0 for the identity.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../main/engine/backends';
import {
  CanonicalFlow,
  LinearSymplecticLayer,
  angleRateTerm,
  batchJacobian,
  chainNormalModes,
  decomposeSymplectic,
  defaultDataSpec,
  evaluateCanonical,
  frequenciesFromK,
  frequenciesFromLatentTrajectory,
  fromActionAngles,
  fputFrequencyGroups,
  integrateActionAngles,
  makeCanonicalData,
  modeMatch,
  modeMatchOfJacobians,
  rSquared,
  quadraticFeatures,
  symplecticCheck,
  toActionAngles,
  transformStates,
} from '../../../main/core/models/canonical';
import { zeros } from '../../../main/core/models/canonical/symplectic-matrix';

beforeAll(async () => {
  await initBackend('wasm');
});

function linearModel(dof: number, s: number[][]): CanonicalFlow {
  const model = new CanonicalFlow({ dof, layers: [{ kind: 'linear' }], seed: 1, momentum: 0.1, initScale: 0.1 });
  const layer = model.layers[0] as LinearSymplecticLayer;
  layer.setParams(decomposeSymplectic(s, layer.householders));
  return model;
}

describe('mass-spring through its exact action-angle map', () => {
  const data = makeCanonicalData({ ...defaultDataSpec('mass-spring'), train: 1, validation: 1, test: 16 });
  const { m, k } = data.params;
  const a = Math.pow(k * m, 0.25); // Q = a q, P = p / a: H = omega (Q^2 + P^2) / 2
  const omega = Math.sqrt(k / m);

  it('gives the exact actions, circles (zero spread) and correlation 1', async () => {
    const model = linearModel(1, [
      [a, 0],
      [0, 1 / a],
    ]);
    const e = await evaluateCanonical(model, data.test);
    expect(e.radiusSpread).toBeLessThan(1e-5);
    expect(e.loss).toBeLessThan(1e-9);
    for (let c = 0; c < e.count; c++) expect(e.actions[c]).toBeCloseTo(data.test.truth.action[c], 5);
    expect(e.correlations.action[0]).toBeCloseTo(1, 6);
    expect((await symplecticCheck(model, data.test.states, 32)).max).toBeLessThan(1e-5);
    model.dispose();
  });

  it('maps to actions and angles and back; finds omega from K and from a trajectory; integrates onto the truth', async () => {
    const model = linearModel(1, [
      [a, 0],
      [0, 1 / a],
    ]);
    const x = data.test.states.subarray(0, 2);
    const aa = await toActionAngles(model, x, 1);
    expect(aa.actions[0]).toBeCloseTo(data.test.truth.action[0], 5);
    const back = await fromActionAngles(model, aa);
    expect(Math.abs(back[0] - x[0]) + Math.abs(back[1] - x[1])).toBeLessThan(1e-5);
    const fromK = await frequenciesFromK(model, data.system.dynamics(data.params), x);
    expect(fromK[0]).toBeCloseTo(omega, 4);
    const latent = await transformStates(model, data.test.states, data.test.points);
    expect(frequenciesFromLatentTrajectory(latent, data.test.points, 1, data.test.dt)[0]).toBeCloseTo(omega, 4);
    const predicted = await integrateActionAngles(model, x, fromK, data.test.points, data.test.dt);
    let worst = 0;
    for (let i = 0; i < predicted.length; i++) worst = Math.max(worst, Math.abs(predicted[i] - data.test.states[i]));
    expect(worst).toBeLessThan(1e-4);
    model.dispose();
  });

  it('turns the angles at a constant rate (angle term ~0); the identity does not', () => {
    const x = tf.tensor3d(Float32Array.from(data.test.states.subarray(0, 4 * data.test.points * 2)), [4, data.test.points, 2]);
    const exact = linearModel(1, [
      [a, 0],
      [0, 1 / a],
    ]);
    const term = (model: CanonicalFlow) =>
      tf.tidy(() => {
        const y = tf.reshape(model.forward(tf.reshape(x, [-1, 2]) as tf.Tensor2D), [4, data.test.points, 2]) as tf.Tensor3D;
        const r = tf.sum(tf.square(y), 2, true) as tf.Tensor3D;
        return angleRateTerm(y, 1, r).dataSync()[0];
      });
    expect(term(exact)).toBeLessThan(1e-10);
    const identity = new CanonicalFlow({ dof: 1, layers: [{ kind: 'linear' }], seed: 1, momentum: 0.1, initScale: 0.1 });
    (identity.layers[0] as LinearSymplecticLayer).setParams(decomposeSymplectic([[1, 0], [0, 1]], 0));
    expect(term(identity)).toBeGreaterThan(1e-4);
    exact.dispose();
    identity.dispose();
    x.dispose();
  });

  it('the identity is no such map: its radii spread along the ellipses', async () => {
    const model = new CanonicalFlow({ dof: 1, layers: [{ kind: 'zero-centre' }], seed: 1, momentum: 0.1, initScale: 0.1 });
    const e = await evaluateCanonical(model, data.test);
    expect(e.radiusSpread).toBeGreaterThan(0.3);
    model.dispose();
  });
});

describe('FPUT normal modes', () => {
  const data = makeCanonicalData({ ...defaultDataSpec('fput'), train: 1, validation: 1, test: 8, amplitude: [0.01, 0.02] });
  const modes = chainNormalModes(5);
  const nm = zeros(10, 10);
  modes.vectors.forEach((v, i) => {
    const w = Math.sqrt(modes.frequencies[i] || 1);
    v.forEach((x, j) => {
      nm[i][j] = w * x;
      nm[5 + i][5 + j] = x / w;
    });
  });

  it('mode match: 1 for the normal-mode map, 0 for the identity (each site is 2/5 in each frequency group)', async () => {
    const groups = fputFrequencyGroups(5);
    const model = linearModel(5, nm);
    expect(await modeMatch(model, data.test.states, 16, groups)).toBeCloseTo(1, 4);
    const eye = Float64Array.from({ length: 100 }, (_, i) => (Math.floor(i / 10) === i % 10 ? 1 : 0));
    expect(modeMatchOfJacobians(eye, 1, 10, groups)).toBeCloseTo(0, 12);
    // At small amplitude the normal-mode map nearly conserves every radius, and finds the two frequencies.
    const e = await evaluateCanonical(model, data.test);
    expect(e.radiusSpread).toBeLessThan(0.01);
    const fromK = await frequenciesFromK(model, data.system.dynamics(data.params), data.test.states.subarray(0, 10));
    const sorted = [...fromK].sort((x, y) => x - y);
    expect(sorted[1]).toBeCloseTo(modes.frequencies[1], 2);
    expect(sorted[4]).toBeCloseTo(modes.frequencies[3], 2);
    model.dispose();
  });

  it('the Jacobian of a linear map is its matrix', async () => {
    const model = linearModel(5, nm);
    const x = tf.tensor2d(Float32Array.from(data.test.states.subarray(0, 20)), [2, 10]);
    const jac = await batchJacobian((z) => model.forward(z), x);
    for (let i = 0; i < 10; i++) for (let j = 0; j < 10; j++) expect(jac[100 + i * 10 + j]).toBeCloseTo(nm[i][j], 5);
    x.dispose();
    model.dispose();
  });
});

describe('R^2', () => {
  it('is 1 for targets that are quadratic in the features, lower with noise, ~0 for unrelated ones', () => {
    const x = Float64Array.from({ length: 200 }, (_, i) => Math.sin(i));
    const y = Float64Array.from({ length: 200 }, (_, i) => Math.cos(3 * i));
    const t = Float64Array.from(x, (v, i) => 2 + v - 3 * v * y[i] + y[i] * y[i]);
    expect(rSquared([t], quadraticFeatures(x, y))).toBeCloseTo(1, 10);
    const unrelated = Float64Array.from({ length: 200 }, (_, i) => Math.sin(17.3 * i * i));
    expect(rSquared([unrelated], quadraticFeatures(x, y))).toBeLessThan(0.1);
    expect(rSquared([t, unrelated], quadraticFeatures(x, y))).toBeGreaterThan(0.5);
  });
});
