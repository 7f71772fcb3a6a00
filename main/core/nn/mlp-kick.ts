// A scalar softplus MLP [d, h, ..., 1] is a conv network of 1x1 convs over a 1x1 image: its leapfrog update
// target + coef (dMLP/dx + prior x) then runs as the fused kick op (energy-kick.ts), one kernel forward and one
// backward on the backends that have them, where the written-out input gradient (mlp.ts) is some thirty kernels
// each way. The flows' K and U use it.
import * as tf from '@tensorflow/tfjs-core';
import { energyKick, packWeights, type NetLayer } from './energy-kick';
import type { Mlp } from './mlp';

/** Whether the kick op computes this MLP's gradient: softplus hidden layers (smooth), one output. */
export function kickable(mlp: Mlp): boolean {
  return mlp.activation === 'softplus' && mlp.sizes[mlp.sizes.length - 1] === 1;
}

export function mlpKickLayers(mlp: Mlp): NetLayer[] {
  return mlp.sizes.slice(1).map((cout, i) => ({ k: 1, stride: 1, padding: 'same', cin: mlp.sizes[i], cout }));
}

/** The MLP's weights as the kick's packed vector (a dense [in, out] layer is a 1x1 conv's [1, 1, in, out]). */
export function packMlp(mlp: Mlp): tf.Tensor1D {
  return packWeights(mlp.layers.map((l) => ({ w: l.w, b: l.b })));
}

/** target + coef (dMLP/dx + prior x) for x [B, d]; target null: the scaled gradient alone. */
export function mlpKick(mlp: Mlp, packed: tf.Tensor1D, x: tf.Tensor2D, target: tf.Tensor2D | null, coef: number, prior: number): tf.Tensor2D {
  const [batch, d] = x.shape;
  const image = (t: tf.Tensor2D) => tf.reshape(t, [batch, 1, 1, d]) as tf.Tensor4D;
  const spec = { layers: mlpKickLayers(mlp), parts: [d], wrt: 0, coef, prior };
  return tf.reshape(energyKick(spec, [image(x)], packed, target ? image(target) : null), [batch, d]);
}
