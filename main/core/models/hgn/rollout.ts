// Rollouts of a trained HGN as typed arrays: forward, backward (negative dt), at a speed multiple, beyond the
// training horizon, from encoded sequences or from states sampled from the prior.
import * as tf from '@tensorflow/tfjs-core';
import { latentChannels, latentSize } from './config';
import { bound, energy } from './hamiltonian';
import { integratorOptions, infer, type HgnModel } from './model';
import { step, type State } from './integrators';
import { decode } from './decoder';
import { toPhaseState } from './transformer';

export interface RolloutOptions {
  /** Integration steps; the result holds steps + 1 frames, the initial state's first. */
  steps: number;
  /** Multiple of the model's dt: 2 = twice as fast, -1 = backwards in time. */
  speed?: number;
  /** Frames to decode, from the first (default all; 0 = latent and energy only, much cheaper). */
  decodeFrames?: number;
  /** States decoded per decoder call (bounds memory on long rollouts). */
  decodeChunk?: number;
}

export interface RolloutResult {
  batch: number;
  /** Frames per sequence: steps + 1. */
  frames: number;
  dt: number;
  imageShape: [number, number, number];
  /** [s, s, L] of q and of p. */
  latentShape: [number, number, number];
  /** Decoded frames per sequence (the first `decoded` of `frames`). */
  decoded: number;
  /** [batch, decoded, H, W, C]. */
  images: Float32Array;
  /** [batch, frames, s, s, L]. */
  q: Float32Array;
  p: Float32Array;
  /** Learned H along the rollout, [batch, frames]. */
  energy: Float32Array;
}

/** Rolls out from encoder inputs [batch, H, W, C * k] (the posterior mean is used: no sampling noise). */
export async function rolloutFromInput(m: HgnModel, input: tf.Tensor4D, options: RolloutOptions): Promise<RolloutResult> {
  const s0 = tf.tidy(() => {
    const { state } = infer(m, input, null);
    return { q: tf.keep(state.q), p: tf.keep(state.p) };
  });
  try {
    return await rolloutFromState(m, s0, options);
  } finally {
    s0.q.dispose();
    s0.p.dispose();
  }
}

/** Rolls out from z ~ N(0, I) pushed through the transformer: new trajectories from the prior. */
export async function samplePrior(m: HgnModel, count: number, seed: number, options: RolloutOptions): Promise<RolloutResult> {
  const c = m.config;
  const zc = c.encoderFilters[c.encoderFilters.length - 1];
  const s0 = tf.tidy(() => {
    const z = tf.randomNormal([count, c.imageSize, c.imageSize, zc], 0, 1, 'float32', seed) as tf.Tensor4D;
    const st = toPhaseState(m.transformer, z);
    return { q: tf.keep(st.q), p: tf.keep(st.p) };
  });
  try {
    return await rolloutFromState(m, s0, options);
  } finally {
    s0.q.dispose();
    s0.p.dispose();
  }
}

export async function rolloutFromState(m: HgnModel, s0: State, options: RolloutOptions): Promise<RolloutResult> {
  const c = m.config;
  const batch = s0.q.shape[0];
  const frames = options.steps + 1;
  const dt = c.dt * (options.speed ?? 1);
  const s = latentSize(c);
  const L = latentChannels(c);
  const px = c.imageSize * c.imageSize * c.channels;
  const decoded = Math.min(frames, Math.max(0, options.decodeFrames ?? frames));
  const images = new Float32Array(batch * decoded * px);
  const chunk = Math.max(1, options.decodeChunk ?? 8);
  const opts = integratorOptions(c, dt);

  // The latent states stay on the device (they are small) and come back in one read at the end: reads are
  // asynchronous (WebGPU in Node has no synchronous read) and each is a device round trip. The weights are
  // prepared once for the whole rollout, and H is evaluated once over all its states: per step, only the
  // integrator's kicks run (a few kernels, where a step with its own energy pass was some fifty).
  const kept = tf.tidy(() => {
    const h = bound(m.hamiltonian);
    const all: State[] = [{ q: tf.clone(s0.q), p: tf.clone(s0.p) }];
    for (let t = 1; t < frames; t++) all.push(step(h, all[t - 1], opts));
    // [frames * batch] energies, step-major, as [batch, frames].
    const e = energy(h, tf.concat(all.map((x) => x.q), 0), tf.concat(all.map((x) => x.p), 0));
    return { qs: all.map((x) => x.q), ps: all.map((x) => x.p), energy: tf.transpose(tf.reshape(e, [frames, batch])) };
  });
  const states: State[] = kept.qs.map((q, t) => ({ q, p: kept.ps[t] }));
  const energies = [kept.energy];
  try {
    for (let from = 0; from < decoded; from += chunk) {
      const count = Math.min(chunk, decoded - from);
      const out = tf.tidy(() => decode(m.decoder, tf.concat(states.slice(from, from + count).map((x) => x.q), 0) as tf.Tensor4D));
      const values = await out.data();
      out.dispose();
      // out is [count * batch, ...] step-major; images are [batch, decoded, ...].
      for (let i = 0; i < count; i++) {
        for (let b = 0; b < batch; b++) {
          images.set(values.subarray((i * batch + b) * px, (i * batch + b + 1) * px), (b * decoded + from + i) * px);
        }
      }
    }
    // Stacked on axis 1, [batch, frames, ...]: already the layout of the result.
    const stacked = tf.tidy(() => [tf.stack(states.map((x) => x.q), 1), tf.stack(states.map((x) => x.p), 1), tf.clone(energies[0])]);
    const [q, p, en] = await Promise.all(stacked.map((t) => t.data() as Promise<Float32Array>));
    tf.dispose(stacked);
    return {
      batch,
      frames,
      dt,
      decoded,
      imageShape: [c.imageSize, c.imageSize, c.channels],
      latentShape: [s, s, L],
      images,
      q,
      p,
      energy: en,
    };
  } finally {
    for (const x of states) tf.dispose([x.q, x.p]);
    tf.dispose(energies);
  }
}

