// PixelHNN's networks as named variables: encoder and decoder MLPs over frame pairs, and the HNN on (q, p).
import * as tf from '@tensorflow/tfjs-core';
import { ParamStore } from '../../training/params';
import type { Hamiltonian } from '../hgn/hamiltonian';
import type { PixelHnnConfig } from './config';

export interface PixelHnnModel {
  config: PixelHnnConfig;
  params: ParamStore;
  /** The learned H as the shared latent integrators see it (q, p [batch, latentDim]). */
  hamiltonian: Hamiltonian;
}

type Act = 'relu' | 'tanh' | 'linear';

function addDense(store: ParamStore, name: string, sizes: number[], act: Act): void {
  for (let i = 0; i + 1 < sizes.length; i++) {
    const gain = act === 'relu' && i + 2 < sizes.length ? Math.SQRT2 : 1;
    store.add(`${name}.${i}.w`, [sizes[i], sizes[i + 1]], { kind: 'fan-in-uniform', fanIn: sizes[i], gain });
    store.add(`${name}.${i}.b`, [sizes[i + 1]], { kind: 'constant', value: 0 });
  }
}

function dense(store: ParamStore, name: string, layers: number, x: tf.Tensor2D, act: Act): tf.Tensor2D {
  let h = x;
  for (let i = 0; i < layers; i++) {
    const z = tf.add(tf.matMul(h, store.get(`${name}.${i}.w`) as tf.Tensor2D), store.get(`${name}.${i}.b`)) as tf.Tensor2D;
    h = i === layers - 1 || act === 'linear' ? z : act === 'relu' ? tf.relu(z) : tf.tanh(z);
  }
  return h;
}

export function pairPixels(c: PixelHnnConfig): number {
  return 2 * c.imageSize * c.imageSize * c.channels;
}

export function createPixelHnn(config: PixelHnnConfig): PixelHnnModel {
  const params = new ParamStore(config.seed);
  const px = pairPixels(config);
  const h = config.aeHidden;
  const z = 2 * config.latentDim;
  addDense(params, 'encoder', [px, h, h, h, z], 'relu');
  addDense(params, 'decoder', [z, h, h, h, px], 'relu');
  addDense(params, 'hnn', [z, config.hnnHidden, config.hnnHidden, 1], 'tanh');
  const energy = (q: tf.Tensor, p: tf.Tensor) =>
    tf.reshape(dense(params, 'hnn', 3, tf.concat([q, p], 1) as tf.Tensor2D, 'tanh'), [-1]) as tf.Tensor1D;
  return { config, params, hamiltonian: { form: 'general', energy } };
}

export function disposePixelHnn(m: PixelHnnModel): void {
  m.params.dispose();
}

/** Frame pairs [batch, 2 * H * W * C] -> z [batch, 2 * latentDim] = (q, p). */
export function encodePairs(m: PixelHnnModel, x: tf.Tensor2D): tf.Tensor2D {
  return dense(m.params, 'encoder', 4, x, 'relu');
}

/** z -> frame pairs in (0, 1). */
export function decodePairs(m: PixelHnnModel, z: tf.Tensor2D): tf.Tensor2D {
  return tf.sigmoid(dense(m.params, 'decoder', 4, z, 'relu'));
}

export function splitLatent(m: PixelHnnModel, z: tf.Tensor2D): { q: tf.Tensor2D; p: tf.Tensor2D } {
  const d = m.config.latentDim;
  const [q, p] = tf.split(z, [d, d], 1) as [tf.Tensor2D, tf.Tensor2D];
  return { q, p };
}

/** dz/dt = (dH/dp, -dH/dq) by autodiff (training differentiates through it: second order). */
export function vectorField(m: PixelHnnModel, z: tf.Tensor2D): tf.Tensor2D {
  const dH = tf.grad((zi: tf.Tensor) => {
    const { q, p } = splitLatent(m, zi as tf.Tensor2D);
    return tf.sum(m.hamiltonian.form === 'general' ? m.hamiltonian.energy(q, p) : tf.scalar(0));
  })(z) as tf.Tensor2D;
  const { q: dHdq, p: dHdp } = splitLatent(m, dH);
  return tf.concat([dHdp, tf.neg(dHdq)], 1) as tf.Tensor2D;
}
