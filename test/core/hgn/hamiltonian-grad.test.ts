// The learned H's explicit gradient (energyNetGrad, used inside rollouts) against autodiff: the values of dH/dq and
// dH/dp, and the second-order gradient of a loss through them with respect to H's weights.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { gradBoth, type Hamiltonian } from '../../../main/core/models/hgn/hamiltonian';
import { createHgn, disposeHgn } from '../../../main/core/models/hgn/model';
import { HAMILTONIAN_LAYOUTS, type HgnConfig } from '../../../main/core/models/hgn/config';
import { initBackend } from '../../../main/engine/backends';
import { tinyConfig } from './tiny';

beforeAll(async () => {
  await initBackend('cpu');
});

/** The same H with its explicit gradients removed: gradQ/gradP fall back to nested tf.grad. */
function autodiffOnly(h: Hamiltonian): Hamiltonian {
  return h.form === 'general' ? { form: 'general', energy: h.energy } : { form: 'separable', kinetic: h.kinetic, potential: h.potential };
}

function maxRelDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.div(tf.max(tf.abs(tf.sub(a, b))), tf.add(tf.max(tf.abs(b)), 1e-12)).dataSync()[0]);
}

const cases = [
  ['general H, tiny layout', { hamiltonianForm: 'general' }],
  ['separable H with a harmonic prior', { hamiltonianForm: 'separable', hamiltonianHarmonicPrior: 1.3 }],
  ['general H, DeepMind layout on a 4x4 latent', { hamiltonianForm: 'general', imageSize: 32, ...HAMILTONIAN_LAYOUTS.dm, hamiltonianFilters: [4, 6, 6, 6] }],
  ['general H, the authors\' layout with a harmonic prior', { hamiltonianForm: 'general', imageSize: 32, ...HAMILTONIAN_LAYOUTS.authors, hamiltonianFilters: [4, 6, 6, 6], hamiltonianHarmonicPrior: 0.7 }],
] as [string, Partial<HgnConfig>][];

describe.each(cases)('%s', (_name, overrides) => {
  it('dH/dq and dH/dp equal autodiff\'s, and so does the gradient of a loss through them', () => {
    const m = createHgn(tinyConfig({ seed: 4, ...overrides }));
    const explicit = m.hamiltonian;
    const auto = autodiffOnly(explicit);
    const latent = m.config.imageSize / 2 ** m.config.transformerFilters.length;
    const shape = [2, latent, latent, m.config.transformerFilters[m.config.transformerFilters.length - 1] / 2];
    const q = tf.randomNormal(shape, 0, 1, 'float32', 1);
    const p = tf.randomNormal(shape, 0, 1, 'float32', 2);
    const a = gradBoth(explicit, q, p);
    const b = gradBoth(auto, q, p);
    expect(tf.sum(tf.abs(b.dq)).dataSync()[0]).toBeGreaterThan(1e-3);
    expect(maxRelDiff(a.dq, b.dq)).toBeLessThan(1e-5);
    expect(maxRelDiff(a.dp, b.dp)).toBeLessThan(1e-5);

    const vars = m.params.names().filter((n) => n.startsWith('hamiltonian.')).map((n) => m.params.get(n));
    const lossThrough = (h: Hamiltonian) => () => {
      const g = gradBoth(h, q, p);
      return tf.add(tf.sum(tf.square(g.dq)), tf.sum(tf.mul(g.dp, q))) as tf.Scalar;
    };
    const ga = tf.variableGrads(lossThrough(explicit), vars).grads;
    const gb = tf.variableGrads(lossThrough(auto), vars).grads;
    let compared = 0;
    for (const v of vars) {
      // H's output bias does not reach dH: neither path has a gradient for it.
      expect(ga[v.name] == null, v.name).toBe(gb[v.name] == null);
      if (gb[v.name] == null) continue;
      expect(maxRelDiff(ga[v.name], gb[v.name]), v.name).toBeLessThan(1e-4);
      compared++;
    }
    expect(compared).toBeGreaterThan(3);
    tf.dispose([q, p, a.dq, a.dp, b.dq, b.dp, ...Object.values(ga), ...Object.values(gb)]);
    disposeHgn(m);
  });
});
