// The flows' leapfrog through the fused kick (nn/mlp-kick.ts) against the written-out MLP gradients it replaced
// (mlp.ts): the same states and the same gradients in every weight and in a learned step size, on wasm (the oneDNN
// kernel where it is built). Backends without the kernel (cpu) run the written-out path in the flows; the kick op
// there, composed, still gives the same update and gradients (checked directly on cpu).
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { initBackend } from '../../../main/engine/backends';
import { createHamiltonian, hamiltonianVariables, packHamiltonian, useFusedKicks } from '../../../main/core/models/flows/hamiltonian';
import { createMlp, disposeMlp, mlpVariables, scalarMlpInputGrad } from '../../../main/core/nn/mlp';
import { mlpKick, packMlp } from '../../../main/core/nn/mlp-kick';
import { leapfrog } from '../../../main/core/models/flows/leapfrog';
import { makeRng } from '../../../main/core/random';
import { maxRelative } from '../hgn/energy-kick-cases';

afterEach(() => useFusedKicks(true));

/** A 3-step leapfrog of a fresh Hamiltonian from fixed states; loss = weighted sum of the end state. */
async function run(fused: boolean, learnedDt: boolean): Promise<Float32Array[]> {
  useFusedKicks(fused);
  const h = createHamiltonian('t', 2, 16, makeRng(4), { kinetic: 1, potential: 0.5 });
  const rng = makeRng(9);
  const values = (n: number) => Float32Array.from({ length: n }, () => 2 * rng() - 1);
  const q = tf.tensor2d(values(20), [10, 2]);
  const p = tf.tensor2d(values(20), [10, 2]);
  const w = tf.tensor2d(values(20), [10, 2]);
  const dt = tf.variable(tf.scalar(0.3), true, `dt-${fused}-${learnedDt}-${Math.random()}`);
  const vars = [...hamiltonianVariables(h).map((v) => v.variable), ...(learnedDt ? [dt] : [])];
  const { value, grads } = tf.variableGrads(() => {
    const s = leapfrog(h, { q, p }, learnedDt ? (dt as unknown as tf.Scalar) : 0.3, 3);
    return tf.sum(tf.add(tf.mul(s.q, w), tf.mul(s.p, tf.square(w)))) as tf.Scalar;
  }, vars);
  // A weight the loss does not reach (U's last bias: dU/dq ignores it) has no gradient on the written-out path
  // and a zero one through the kick's packed vector: both read as zeros.
  const out = [await value.data(), ...(await Promise.all(vars.map((v) => (grads[v.name] ? grads[v.name].data() : Promise.resolve(new Float32Array(v.size))))))] as Float32Array[];
  tf.dispose([value, ...Object.values(grads), q, p, w, dt, ...hamiltonianVariables(h).map((v) => v.variable)]);
  return out;
}

describe('the kick op of a softplus MLP, composed (cpu)', () => {
  it('gives target + coef (dMLP/dx + prior x) and its weight gradients, as the written-out gradient does', async () => {
    await initBackend('cpu');
    const mlp = createMlp('k', [2, 16, 16, 1], 'softplus', makeRng(5));
    const rng = makeRng(6);
    const x = tf.tensor2d(Float32Array.from({ length: 20 }, () => 2 * rng() - 1), [10, 2]);
    const target = tf.tensor2d(Float32Array.from({ length: 20 }, () => rng()), [10, 2]);
    const vars = mlpVariables(mlp).map((v) => v.variable);
    const grads = async (f: () => tf.Tensor2D) => {
      const { value, grads: g } = tf.variableGrads(() => tf.sum(tf.square(f())) as tf.Scalar, vars);
      // The output bias does not reach dMLP/dx: no gradient written out, a zero one through the packed vector.
      const out = [await value.data(), ...(await Promise.all(vars.map((v) => (g[v.name] ? g[v.name].data() : Promise.resolve(new Float32Array(v.size))))))] as Float32Array[];
      tf.dispose([value, ...Object.values(g)]);
      return out;
    };
    const kicked = await grads(() => mlpKick(mlp, packMlp(mlp), x, target, 0.3, 0.5));
    const written = await grads(() => tf.add(target, tf.mul(0.3, tf.add(scalarMlpInputGrad(mlp, x), tf.mul(0.5, x)))) as tf.Tensor2D);
    kicked.forEach((a, i) => expect(maxRelative(a, written[i]), `output ${i}`).toBeLessThan(1e-4));
    expect(packHamiltonian(createHamiltonian('c', 2, 8, makeRng(1), { kinetic: 1, potential: 1 }))).toBeNull(); // no kernel here: flows write it out
    tf.dispose([x, target]);
    disposeMlp(mlp);
  });
});

describe.each(['wasm'] as const)('flows leapfrog with fused kicks on %s', (backend) => {
  it.each([false, true])('matches the written-out gradients (learned dt: %s)', async (learnedDt) => {
    await initBackend(backend);
    const fused = await run(true, learnedDt);
    const written = await run(false, learnedDt);
    expect(fused.length).toBe(written.length);
    fused.forEach((a, i) => expect(maxRelative(a, written[i]), `output ${i}`).toBeLessThan(1e-4));
  });
});
