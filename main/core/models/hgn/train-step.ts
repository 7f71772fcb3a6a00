// One HGN update: loss and gradients in one tape, a single read-back of the scalars (the NaN guard and the
// metrics need them anyway), then clipping and Adam only when everything is finite.
import * as tf from '@tensorflow/tfjs-core';
import { clipByGlobalNorm, globalNorm, type Adam } from '../../training/adam';
import type { HgnBatch } from './batch';
import { hgnLoss, type KlWeight } from './loss';
import type { HgnModel } from './model';

export interface StepResult {
  recon: number;
  kl: number;
  objective: number;
  gradNorm: number;
  /** False when any of the above is NaN or infinite: nothing was applied. */
  finite: boolean;
}

export async function trainStep(
  m: HgnModel,
  optimizer: Adam,
  batch: HgnBatch,
  weight: KlWeight,
  sampleSeed: number | null,
  clipNorm: number,
): Promise<StepResult> {
  const byEngineName = new Map(Object.entries(m.params.vars).map(([logical, v]) => [v.name, logical]));
  let recon: tf.Scalar | null = null;
  let kl: tf.Scalar | null = null;
  const { value, grads } = tf.variableGrads(() => {
    const parts = hgnLoss(m, batch, weight, sampleSeed);
    recon = tf.keep(parts.recon);
    kl = tf.keep(parts.kl);
    return parts.objective;
  }, m.params.list());
  const named: Record<string, tf.Tensor> = {};
  for (const [engineName, g] of Object.entries(grads)) named[byEngineName.get(engineName) ?? engineName] = g;
  const norm = globalNorm(named);
  const scalars = tf.stack([value, recon!, kl!, norm]);
  // The step's one read-back, asynchronous: WebGPU in Node cannot read synchronously.
  const [objective, r, k, gradNorm] = Array.from(await scalars.data());
  const finite = [objective, r, k, gradNorm].every(Number.isFinite);
  if (finite) {
    tf.tidy(() => optimizer.apply(clipByGlobalNorm(named, gradNorm, clipNorm)));
  }
  tf.dispose([value, recon!, kl!, norm, scalars, ...Object.values(grads)]);
  return { recon: r, kl: k, objective, gradNorm, finite };
}
