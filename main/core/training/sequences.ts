// Pixel sequence sets as the models consume them, and seeded minibatch index streams.
import { deriveSeed, makeRng } from '../random';

/** `count` sequences of `length` frames, laid out [count, length, height, width, channels]. */
export interface PixelSequences {
  count: number;
  length: number;
  height: number;
  width: number;
  channels: number;
  /** Float32Array in [0, 1], or Uint8Array in [0, 255] (read as value / 255). */
  frames: Float32Array | Uint8Array;
}

export function framePixels(s: PixelSequences): number {
  return s.height * s.width * s.channels;
}

/** One frame's values as floats in [0, 1], written into `out` at `offset`. */
export function copyFrame(s: PixelSequences, seq: number, frame: number, out: Float32Array, offset: number): void {
  const n = framePixels(s);
  const base = (seq * s.length + frame) * n;
  if (s.frames instanceof Uint8Array) {
    for (let i = 0; i < n; i++) out[offset + i] = s.frames[base + i] / 255;
  } else {
    out.set(s.frames.subarray(base, base + n), offset);
  }
}

/** Frames [from, from + count) of the given sequences, laid out [sequences, count, pixels]. */
export function sliceFrames(s: PixelSequences, seqs: ArrayLike<number>, from: number, count: number): Float32Array {
  if (from < 0 || from + count > s.length) throw new Error(`frames ${from}..${from + count - 1} out of a ${s.length}-frame sequence`);
  const n = framePixels(s);
  const out = new Float32Array(seqs.length * count * n);
  for (let b = 0; b < seqs.length; b++) {
    for (let t = 0; t < count; t++) copyFrame(s, seqs[b], from + t, out, (b * count + t) * n);
  }
  return out;
}

export function checkSequences(s: PixelSequences): void {
  const n = s.count * s.length * framePixels(s);
  if (s.frames.length !== n) throw new Error(`pixel sequences: expected ${n} values, got ${s.frames.length}`);
}

/**
 * The minibatch of update `step`: a seeded permutation per epoch, so a run resumed at any step draws exactly
 * the batches the uninterrupted run would have drawn.
 */
export function batchIndices(count: number, batch: number, step: number, seed: number): Int32Array {
  const perEpoch = Math.max(1, Math.floor(count / batch));
  const epoch = Math.floor(step / perEpoch);
  const within = step % perEpoch;
  const perm = permutation(count, deriveSeed(seed, `epoch-${epoch}`));
  const out = new Int32Array(batch);
  for (let i = 0; i < batch; i++) out[i] = perm[(within * batch + i) % count];
  return out;
}

export function permutation(n: number, seed: number): Int32Array {
  const rng = makeRng(seed);
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

/** A split of a generated dataset (main/core/data) as pixel sequences, without copying the frames. */
export function sequencesFromSplit(
  split: { count: number; frames: Uint8Array },
  shapes: { frames: number[] },
): PixelSequences {
  const [length, height, width, channels] = shapes.frames;
  const s: PixelSequences = { count: split.count, length, height, width, channels, frames: split.frames };
  checkSequences(s);
  return s;
}

/** The first `count` sequences (a view, no copy). */
export function headSequences(s: PixelSequences, count: number): PixelSequences {
  const n = Math.min(count, s.count);
  return { ...s, count: n, frames: s.frames.subarray(0, n * s.length * framePixels(s)) };
}
