// New trajectories from a trained HGN: from its prior (z ~ N(0, I) through the transformer) when the encoder is
// stochastic and trained with a KL term, which makes that prior the states' distribution; otherwise (the
// deterministic `laptop` recipe, which has no KL term and whose prior decodes to noise) from a density fitted to the
// encoded initial states of training sequences (latent-density.ts). Either way the state is rolled out and decoded.
import * as tf from '@tensorflow/tfjs-core';
import type { PixelSequences } from '../../training/sequences';
import { batchArrays } from './batch';
import { latentChannels, latentSize, type HgnConfig } from './config';
import { fitLatentDensity, sampleLatentDensity, type LatentDensity } from './latent-density';
import { infer, type HgnModel } from './model';
import { rolloutFromState, samplePrior, type RolloutOptions, type RolloutResult } from './rollout';

/** Where samples come from: the model's prior, or a density fitted to encoded training states. */
export type SampleSource = 'prior' | 'fitted';

/** The prior only means something when the encoder was trained to match it (a stochastic encoder with a KL term). */
export function defaultSampleSource(c: HgnConfig): SampleSource {
  const klTrained = c.klWeighting === 'geco' || c.beta > 0;
  return c.stochastic && klTrained ? 'prior' : 'fitted';
}

/** The encoded initial states (q then p, flattened) of the first `n` sequences, [n, 2 * s * s * L]. */
export async function encodeInitialStates(m: HgnModel, data: PixelSequences, n: number, chunk = 64): Promise<Float32Array> {
  const c = m.config;
  const half = latentSize(c) ** 2 * latentChannels(c);
  const out = new Float32Array(n * 2 * half);
  for (let from = 0; from < n; from += chunk) {
    const b = Math.min(chunk, n - from);
    const a = batchArrays(c, data, Array.from({ length: b }, (_, i) => from + i), 1);
    const st = tf.tidy(() => {
      const { state } = infer(m, tf.tensor4d(a.input, [b, c.imageSize, c.imageSize, c.channels * c.encoderFrames]), null);
      return tf.concat([tf.reshape(state.q, [b, half]), tf.reshape(state.p, [b, half])], 1);
    });
    out.set(await st.data(), from * 2 * half);
    st.dispose();
  }
  return out;
}

/** The fitted density uses the encoded initial states of at most this many training sequences. */
const FITTED_STATES_MAX = 1000;

/** How many training states a fitted density of these sequences is fitted to (what the app and CLI report). */
export function fittedStateCount(train: PixelSequences): number {
  return Math.min(FITTED_STATES_MAX, train.count);
}

/** The density of the encoded initial states of the first `fittedStateCount(train)` training sequences. */
export async function fitStateDensity(m: HgnModel, train: PixelSequences, seed: number): Promise<LatentDensity> {
  const n = fittedStateCount(train);
  const c = m.config;
  const dim = 2 * latentSize(c) ** 2 * latentChannels(c);
  return fitLatentDensity(await encodeInitialStates(m, train, n), n, dim, { seed });
}

/** Rollouts from `count` states drawn from a fitted density. */
export async function sampleFitted(m: HgnModel, density: LatentDensity, count: number, seed: number, options: RolloutOptions): Promise<RolloutResult> {
  const c = m.config;
  const s = latentSize(c);
  const L = latentChannels(c);
  const half = s * s * L;
  const flat = sampleLatentDensity(density, count, seed);
  const q = new Float32Array(count * half);
  const p = new Float32Array(count * half);
  for (let i = 0; i < count; i++) {
    q.set(flat.subarray(i * 2 * half, i * 2 * half + half), i * half);
    p.set(flat.subarray(i * 2 * half + half, (i + 1) * 2 * half), i * half);
  }
  const s0 = { q: tf.tensor4d(q, [count, s, s, L]), p: tf.tensor4d(p, [count, s, s, L]) };
  try {
    return await rolloutFromState(m, s0, options);
  } finally {
    tf.dispose([s0.q, s0.p]);
  }
}

/** `count` sampled trajectories from `source` (the fitted density needs the training sequences). */
export async function sampleTrajectories(
  m: HgnModel,
  source: SampleSource,
  count: number,
  seed: number,
  options: RolloutOptions,
  train?: PixelSequences,
): Promise<RolloutResult> {
  if (source === 'prior') return samplePrior(m, count, seed, options);
  if (!train || train.count < 4) throw new Error('sampling from a fitted latent density needs at least 4 training sequences');
  return sampleFitted(m, await fitStateDensity(m, train, seed), count, seed, options);
}
