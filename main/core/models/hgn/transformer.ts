// Transformer f_psi: z -> stride-2 ReLU convs -> the initial state, split on channels into q and p.
import * as tf from '@tensorflow/tfjs-core';
import type { ParamStore } from '../../training/params';
import type { HgnConfig } from './config';
import { convFused, makeConv, type Conv } from './layers';

export interface Transformer {
  convs: Conv[];
}

export interface PhaseState {
  q: tf.Tensor4D;
  p: tf.Tensor4D;
}

export function makeTransformer(store: ParamStore, c: HgnConfig): Transformer {
  let inChannels = c.encoderFilters[c.encoderFilters.length - 1];
  const last = c.transformerFilters.length - 1;
  const convs = c.transformerFilters.map((filters, i) => {
    const conv = makeConv(store, `transformer.${i}`, {
      kernel: c.transformerKernel,
      inChannels,
      filters,
      stride: 2,
      activation: i === last ? 'linear' : 'relu',
    });
    inChannels = filters;
    return conv;
  });
  return { convs };
}

export function toPhaseState(t: Transformer, z: tf.Tensor4D): PhaseState {
  let h = z;
  const last = t.convs.length - 1;
  t.convs.forEach((conv, i) => {
    h = convFused(h, conv, i === last ? 'linear' : 'relu');
  });
  const half = h.shape[3] / 2;
  const [q, p] = tf.split(h, [half, half], 3) as [tf.Tensor4D, tf.Tensor4D];
  return { q, p };
}
