// One gradient update, the same for every model on a ParamStore-like set of named variables (HNN, PixelHNN,
// HGN): the loss and its parts in one tape, one read-back of [loss, ...parts, gradient norm] (asynchronous: WebGPU
// in Node cannot read synchronously), then Adam with global-norm clipping, only when every number is finite.
import * as tf from '@tensorflow/tfjs-core';
import { clipScale, globalNorm, type Adam } from './adam';

export interface GradientStep {
  loss: number;
  /** The parts the loss function kept, in its order. */
  parts: number[];
  gradNorm: number;
  /** False when any number is NaN or infinite: nothing was applied. */
  finite: boolean;
}

/**
 * `loss` returns the scalar to minimise and the parts to report (kept alive for the read-back). Variables the
 * loss does not reach get no update (an HNN's output bias does not move dH/dx).
 */
export async function gradientStep(
  vars: Readonly<Record<string, tf.Variable>>,
  optimizer: Adam,
  loss: () => { value: tf.Scalar; parts: tf.Scalar[] },
  clipNorm: number,
): Promise<GradientStep> {
  const logical = new Map(Object.entries(vars).map(([name, v]) => [v.name, name]));
  let parts: tf.Scalar[] = [];
  const { value, grads } = tf.variableGrads(() => {
    const l = loss();
    parts = l.parts.map((p) => tf.keep(p));
    return l.value;
  }, Object.values(vars));
  const named: Record<string, tf.Tensor> = {};
  for (const [engineName, g] of Object.entries(grads)) if (g) named[logical.get(engineName) ?? engineName] = g;
  const norm = globalNorm(named);
  const scalars = tf.stack([value, ...parts, norm]);
  const read = Array.from(await scalars.data());
  const finite = read.every(Number.isFinite);
  const gradNorm = read[read.length - 1];
  if (finite) tf.tidy(() => optimizer.apply(named, clipScale(gradNorm, clipNorm)));
  tf.dispose([value, norm, scalars, ...parts, ...Object.values(grads)]);
  return { loss: read[0], parts: read.slice(1, -1), gradNorm, finite };
}
