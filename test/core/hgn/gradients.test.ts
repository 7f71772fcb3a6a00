// Finite-difference checks of gradients that go through dH/dq and dH/dp (second order in H's weights).
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { trajectory } from '../../../main/core/models/hgn/integrators';
import type { IntegratorName } from '../../../main/core/models/hgn/config';
import { createHgn, disposeHgn, type HgnModel } from '../../../main/core/models/hgn/model';
import { hgnLoss } from '../../../main/core/models/hgn/loss';
import { batchArrays, disposeBatch, toBatch } from '../../../main/core/models/hgn/batch';
import { makeRng, gaussian } from '../../../main/core/random';
import { initBackend } from '../../../main/engine/backends';
import { movingSquares, tinyConfig } from './tiny';

// Always the cpu backend: wasm's fast kernels (XNNPACK sigmoid, conv summation order) carry ~1e-6 relative
// noise in the forward pass, too much for float32 difference quotients. Autodiff itself is backend-agnostic
// code in tfjs-core, and the wasm kernels are checked against cpu in test/engine.
beforeAll(async () => {
  await initBackend('cpu');
});

/**
 * Compares the autodiff directional derivative g.v with (L(w + eps v) - L(w - eps v)) / (2 eps) along a seeded
 * random direction v over the chosen parameters. Float32 arithmetic: a direction check, not an entrywise one.
 */
function directionalCheck(
  m: HgnModel,
  names: string[],
  loss: () => tf.Scalar,
  eps: number,
  along: 'random' | 'gradient' = 'random',
): { autodiff: number; numeric: number } {
  const vars = names.map((n) => m.params.get(n));
  const base = vars.map((v) => tf.clone(v));
  const { grads } = tf.variableGrads(loss, vars);
  const rng = makeRng(99);
  // Along the (unit) gradient the derivative is as large as it gets: the best signal over float32 noise. A wrong
  // gradient still fails, since the true derivative along a wrong direction is smaller than its claimed norm.
  const norm = Math.sqrt(vars.reduce((acc, v) => acc + (grads[v.name] ? tf.sum(tf.square(grads[v.name])).dataSync()[0] : 0), 0));
  const dirs = vars.map((v) =>
    along === 'gradient'
      ? grads[v.name]
        ? tf.div(grads[v.name], norm)
        : tf.zerosLike(v)
      : tf.tensor(Float32Array.from({ length: v.size }, () => gaussian(rng)), v.shape),
  );
  // A parameter the loss does not depend on (H's output bias, under dH) has no gradient: it contributes 0.
  const autodiff = vars.reduce((acc, v, i) => (grads[v.name] ? acc + tf.sum(tf.mul(grads[v.name], dirs[i])).dataSync()[0] : acc), 0);
  const at = (s: number) => {
    vars.forEach((v, i) => v.assign(tf.tidy(() => tf.add(base[i], tf.mul(dirs[i], s)))));
    return tf.tidy(() => loss().dataSync()[0]);
  };
  const numeric = (at(eps) - at(-eps)) / (2 * eps);
  vars.forEach((v, i) => v.assign(base[i]));
  tf.dispose([...dirs, ...base, ...Object.values(grads)]);
  return { autodiff, numeric };
}

const rel = (r: { autodiff: number; numeric: number }) => Math.abs(r.autodiff - r.numeric) / Math.max(1e-6, Math.abs(r.numeric));

describe('second-order gradients through the latent integrators', () => {
  // L = sum(a * q_T) + sum(b * p_T) after a few steps from a fixed state, as a function of H's weights.
  const rolloutLoss = (m: HgnModel, method: IntegratorName, iterations = 0) => () =>
    tf.tidy(() => {
      const q0 = tf.randomNormal([2, 2, 2, 2], 0, 1, 'float32', 1);
      const p0 = tf.randomNormal([2, 2, 2, 2], 0, 1, 'float32', 2);
      const a = tf.randomNormal([2, 2, 2, 2], 0, 1, 'float32', 3);
      const b = tf.randomNormal([2, 2, 2, 2], 0, 1, 'float32', 4);
      const states = trajectory(m.hamiltonian, { q: q0, p: p0 }, 3, { method, dt: 0.5, leapfrogIterations: iterations });
      const last = states[states.length - 1];
      return tf.add(tf.sum(tf.mul(a, last.q)), tf.sum(tf.mul(b, last.p))) as tf.Scalar;
    });

  it.each([
    ['general', 'leapfrog', 0],
    ['separable', 'leapfrog', 0],
    ['general', 'leapfrog', 2],
    ['general', 'euler', 0],
    ['general', 'rk4', 0],
    ['separable', 'yoshida', 0],
  ] as const)('%s H, %s (implicit iterations %i): autodiff matches finite differences', (form, method, iterations) => {
    const m = createHgn(tinyConfig({ hamiltonianForm: form, seed: 3 }));
    const names = m.params.names().filter((n) => n.startsWith('hamiltonian.'));
    const r = directionalCheck(m, names, rolloutLoss(m, method, iterations), 1e-2);
    expect(Math.abs(r.numeric)).toBeGreaterThan(1e-3); // the check is not vacuous
    expect(rel(r)).toBeLessThan(2e-2);
    disposeHgn(m);
  });

  it('gradient with respect to the initial state (the path to the encoder)', () => {
    const m = createHgn(tinyConfig({ seed: 5 }));
    const q0 = tf.variable(tf.randomNormal([2, 2, 2, 2], 0, 1, 'float32', 1));
    const p0 = tf.randomNormal([2, 2, 2, 2], 0, 1, 'float32', 2);
    const loss = () =>
      tf.tidy(() => {
        const states = trajectory(m.hamiltonian, { q: q0, p: p0 }, 4, { method: 'leapfrog', dt: 0.5 });
        return tf.sum(tf.square(states[4].p)) as tf.Scalar;
      });
    const { grads } = tf.variableGrads(loss, [q0]);
    const g = grads[q0.name].dataSync();
    const base = q0.dataSync().slice();
    const eps = 1e-2;
    for (const i of [0, 5, 13]) {
      const at = (d: number) => {
        const v = base.slice();
        v[i] += d;
        q0.assign(tf.tensor(v, q0.shape));
        return loss().dataSync()[0];
      };
      const numeric = (at(eps) - at(-eps)) / (2 * eps);
      expect(Math.abs(g[i] - numeric)).toBeLessThan(2e-2 * Math.max(1, Math.abs(numeric)));
    }
    q0.dispose();
    p0.dispose();
    tf.dispose(Object.values(grads));
    disposeHgn(m);
  });
});

describe('the full HGN loss', () => {
  it.each([
    ['stochastic, GECO', { stochastic: true }, { kind: 'geco' as const, lambda: 2 }],
    ['deterministic, separable', { stochastic: false, hamiltonianForm: 'separable' as const }, { kind: 'beta' as const, beta: 0 }],
  ])('%s: autodiff matches finite differences for every component', (_name, over, weight) => {
    const c = tinyConfig({ ...over, seed: 8 });
    const m = createHgn(c);
    const batch = toBatch(c, batchArrays(c, movingSquares(3, 6), [0, 1, 2]));
    // Scaled so that float32 differences of the loss resolve the small influence of H at initialisation.
    const loss = () => tf.mul(hgnLoss(m, batch, weight, 17).objective, 1000) as tf.Scalar;
    for (const prefix of ['encoder.', 'transformer.', 'hamiltonian.', 'decoder.']) {
      const names = m.params.names().filter((n) => n.startsWith(prefix));
      // The encoder and decoder have ReLU kinks: a difference quotient that straddles one is off, so the check
      // passes when some step of a short ladder agrees (float32 noise rules out going much smaller).
      const checks = [1e-2, 3e-3, 1e-3, 3e-4].map((eps) => directionalCheck(m, names, loss, eps, 'gradient'));
      expect(Math.abs(checks[0].numeric)).toBeGreaterThan(1e-5);
      expect(Math.min(...checks.map(rel)), `${prefix} ${JSON.stringify(checks)}`).toBeLessThan(2e-2);
    }
    disposeBatch(batch);
    disposeHgn(m);
  });
});
