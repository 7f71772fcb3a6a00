// Rollouts of a trained HGN as typed arrays: forward, backward (negative dt), at a speed multiple, beyond the
// training horizon, from encoded sequences or from states sampled from the prior.
import * as tf from '@tensorflow/tfjs-core';
import { latentChannels, latentSize } from './config';
import { energy } from './hamiltonian';
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
export function rolloutFromInput(m: HgnModel, input: tf.Tensor4D, options: RolloutOptions): RolloutResult {
  const s0 = tf.tidy(() => {
    const { state } = infer(m, input, null);
    return { q: tf.keep(state.q), p: tf.keep(state.p) };
  });
  try {
    return rolloutFromState(m, s0, options);
  } finally {
    s0.q.dispose();
    s0.p.dispose();
  }
}

/** Rolls out from z ~ N(0, I) pushed through the transformer: new trajectories from the prior. */
export function samplePrior(m: HgnModel, count: number, seed: number, options: RolloutOptions): RolloutResult {
  const c = m.config;
  const zc = c.encoderFilters[c.encoderFilters.length - 1];
  const s0 = tf.tidy(() => {
    const z = tf.randomNormal([count, c.imageSize, c.imageSize, zc], 0, 1, 'float32', seed) as tf.Tensor4D;
    const st = toPhaseState(m.transformer, z);
    return { q: tf.keep(st.q), p: tf.keep(st.p) };
  });
  try {
    return rolloutFromState(m, s0, options);
  } finally {
    s0.q.dispose();
    s0.p.dispose();
  }
}

export function rolloutFromState(m: HgnModel, s0: State, options: RolloutOptions): RolloutResult {
  const c = m.config;
  const batch = s0.q.shape[0];
  const frames = options.steps + 1;
  const dt = c.dt * (options.speed ?? 1);
  const s = latentSize(c);
  const L = latentChannels(c);
  const latentPer = s * s * L;
  const px = c.imageSize * c.imageSize * c.channels;
  const q = new Float32Array(batch * frames * latentPer);
  const p = new Float32Array(batch * frames * latentPer);
  const en = new Float32Array(batch * frames);
  const decoded = Math.min(frames, Math.max(0, options.decodeFrames ?? frames));
  const images = new Float32Array(batch * decoded * px);
  const chunk = Math.max(1, options.decodeChunk ?? 8);
  const opts = integratorOptions(c, dt);

  // Keep only the current state alive; everything per step is read out to arrays at once.
  let cur: State = { q: tf.clone(s0.q), p: tf.clone(s0.p) };
  let pending: { t: number; q: tf.Tensor }[] = [];
  const flush = () => {
    if (!pending.length) return;
    const out = tf.tidy(() => decode(m.decoder, tf.concat(pending.map((x) => x.q), 0) as tf.Tensor4D));
    const values = out.dataSync();
    pending.forEach((x, i) => {
      for (let b = 0; b < batch; b++) {
        images.set(values.subarray((i * batch + b) * px, (i * batch + b + 1) * px), (b * decoded + x.t) * px);
      }
      x.q.dispose();
    });
    out.dispose();
    pending = [];
  };
  for (let t = 0; t < frames; t++) {
    if (t > 0) {
      const next = tf.tidy(() => {
        const n = step(m.hamiltonian, cur, opts);
        return { q: tf.keep(n.q), p: tf.keep(n.p) };
      });
      cur.q.dispose();
      cur.p.dispose();
      cur = next;
    }
    scatter(cur.q.dataSync(), q, t, frames, batch, latentPer);
    scatter(cur.p.dataSync(), p, t, frames, batch, latentPer);
    const e = tf.tidy(() => energy(m.hamiltonian, cur.q, cur.p));
    scatter(e.dataSync(), en, t, frames, batch, 1);
    e.dispose();
    if (t < decoded) {
      pending.push({ t, q: tf.clone(cur.q) });
      if (pending.length >= chunk) flush();
    }
  }
  flush();
  cur.q.dispose();
  cur.p.dispose();
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
}

/** Writes one step's [batch, per] values into a [batch, frames, per] array. */
function scatter(src: ArrayLike<number>, dst: Float32Array, t: number, frames: number, batch: number, per: number): void {
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < per; i++) dst[(b * frames + t) * per + i] = src[b * per + i];
  }
}
