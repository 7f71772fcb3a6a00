// The flows' leapfrog through the fused kick (nn/mlp-kick.ts) against the written-out MLP gradients it replaced
// (mlp.ts): the same states and the same gradients in every weight and in a learned step size, on cpu (the kick
// as composed ops) and on wasm (the oneDNN kernel where it is built).
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { initBackend } from '../../../main/engine/backends';
import { createHamiltonian, hamiltonianVariables, useFusedKicks } from '../../../main/core/models/flows/hamiltonian';
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

describe.each(['cpu', 'wasm'] as const)('flows leapfrog with fused kicks on %s', (backend) => {
  it.each([false, true])('matches the written-out gradients (learned dt: %s)', async (learnedDt) => {
    await initBackend(backend);
    const fused = await run(true, learnedDt);
    const written = await run(false, learnedDt);
    expect(fused.length).toBe(written.length);
    fused.forEach((a, i) => expect(maxRelative(a, written[i]), `output ${i}`).toBeLessThan(1e-4));
  });
});
