// Energy MSE of the HNN paper's Table 1: roll the learned vector field out with RK4 from the test initial
// states and compare the true energy along it with the true (constant) energy of the exact trajectory.
import * as tf from '@tensorflow/tfjs-core';
import { timeDerivative, type HnnModel } from './model';
import { springEnergy, type SpringParams } from './spring-data';

const RK4_DT = 0.01;

function rk4Step(model: HnnModel, x: tf.Tensor2D, dt: number): tf.Tensor2D {
  return tf.tidy(() => {
    const k1 = timeDerivative(model, x);
    const k2 = timeDerivative(model, tf.add(x, tf.mul(k1, dt / 2)) as tf.Tensor2D);
    const k3 = timeDerivative(model, tf.add(x, tf.mul(k2, dt / 2)) as tf.Tensor2D);
    const k4 = timeDerivative(model, tf.add(x, tf.mul(k3, dt)) as tf.Tensor2D);
    const sum = tf.addN([k1, tf.mul(k2, 2), tf.mul(k3, 2), k4]);
    return tf.add(x, tf.mul(sum, dt / 6)) as tf.Tensor2D;
  });
}

/** States read back per request: each read is a device round trip (and asynchronous: WebGPU has no sync read). */
const READ_CHUNK = 200;

/** Rolls out all initial states at once; returns [steps + 1][n * 2] states. */
export async function rolloutRk4(model: HnnModel, initial: Float64Array, time: number): Promise<Float32Array[]> {
  const n = initial.length / 2;
  const steps = Math.round(time / RK4_DT);
  const states: Float32Array[] = [];
  const read = async (ts: tf.Tensor2D[]) => {
    const all = tf.concat(ts, 0);
    const values = (await all.data()) as Float32Array;
    all.dispose();
    ts.forEach((_, i) => states.push(values.slice(i * 2 * n, (i + 1) * 2 * n)));
  };
  let x = tf.tensor2d(Float32Array.from(initial), [n, 2]);
  let unread: tf.Tensor2D[] = [x];
  for (let i = 0; i < steps; i++) {
    const next = rk4Step(model, x, RK4_DT);
    if (!unread.includes(x)) x.dispose();
    x = next;
    unread.push(x);
    if (unread.length >= READ_CHUNK) {
      await read(unread);
      // x is read but still the next step's input.
      tf.dispose(unread.filter((t) => t !== x));
      unread = [];
    }
  }
  if (unread.length) await read(unread);
  tf.dispose(unread);
  if (!unread.includes(x)) x.dispose();
  return states;
}

export async function energyMse(
  model: HnnModel,
  initial: Float64Array,
  time: number,
  params: SpringParams = { k: 1, m: 1 },
): Promise<number> {
  const states = await rolloutRk4(model, initial, time);
  const n = initial.length / 2;
  let sum = 0;
  for (const s of states) {
    for (let j = 0; j < n; j++) {
      const e0 = springEnergy([initial[2 * j], initial[2 * j + 1]], params);
      const e = springEnergy([s[2 * j], s[2 * j + 1]], params);
      sum += (e - e0) ** 2;
    }
  }
  return sum / (states.length * n);
}
