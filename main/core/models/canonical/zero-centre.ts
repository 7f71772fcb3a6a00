// The canonical zero-centre layer (seed 002, "Zero Center (c.f. Batch Norm)"): Q = q - mu_q + alpha,
// P = p - mu_p + beta. A translation, so canonical; the full batch norm (scaling q and p apart) is not.
// mu is the batch mean in training and the running mean after (or the running mean throughout, 'track' mode, where
// the batch means only feed the running mean); alpha and beta are learned.
import * as tf from '@tensorflow/tfjs-core';
import type { ParamStore } from '../../training/params';
import type { ForwardContext, RunningMean, SymplecticLayer } from './layer';

export class ZeroCentreLayer implements SymplecticLayer, RunningMean {
  readonly kind = 'zero-centre' as const;
  /** [2n]: (alpha, beta). */
  readonly shift: tf.Variable;
  /** [2n]: the running mean of the layer's input. */
  readonly mean: tf.Variable;

  constructor(readonly dim: number, name: string, params: ParamStore, buffers: ParamStore) {
    this.shift = params.add(`${name}.shift`, [dim], { kind: 'constant', value: 0 });
    this.mean = buffers.add(`${name}.mean`, [dim], { kind: 'constant', value: 0 });
  }

  forward(x: tf.Tensor2D, ctx?: ForwardContext): tf.Tensor2D {
    const mode = ctx?.mode ?? 'eval';
    if (mode === 'eval') return tf.add(tf.sub(x, this.mean), this.shift);
    const batchMean = tf.mean(x, 0) as tf.Tensor1D;
    if (mode === 'init') {
      this.mean.assign(batchMean);
    } else {
      ctx?.batchMeans?.push({ layer: this, mean: tf.keep(batchMean) });
    }
    if (mode === 'track') return tf.add(tf.sub(x, this.mean), this.shift);
    return tf.add(tf.sub(x, batchMean), this.shift);
  }

  inverse(y: tf.Tensor2D): tf.Tensor2D {
    return tf.add(tf.sub(y, this.shift), this.mean);
  }

  fold(batchMean: tf.Tensor1D, momentum: number): void {
    tf.tidy(() => this.mean.assign(tf.add(tf.mul(this.mean, 1 - momentum), tf.mul(batchMean, momentum))));
  }
}
