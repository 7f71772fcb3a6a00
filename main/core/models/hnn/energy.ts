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

/** Rolls out all initial states at once; returns [steps + 1][n * 2] states. */
export function rolloutRk4(model: HnnModel, initial: Float64Array, time: number): Float32Array[] {
  const n = initial.length / 2;
  const steps = Math.round(time / RK4_DT);
  let x = tf.tensor2d(Float32Array.from(initial), [n, 2]);
  const states = [(x.dataSync() as Float32Array).slice()];
  for (let i = 0; i < steps; i++) {
    const next = rk4Step(model, x, RK4_DT);
    x.dispose();
    x = next;
    states.push((x.dataSync() as Float32Array).slice());
  }
  x.dispose();
  return states;
}

export function energyMse(
  model: HnnModel,
  initial: Float64Array,
  time: number,
  params: SpringParams = { k: 1, m: 1 },
): number {
  const states = rolloutRk4(model, initial, time);
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
