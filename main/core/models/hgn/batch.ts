// Minibatches for HGN from pixel sequences: the encoder's stacked input and the step-major target frames.
import * as tf from '@tensorflow/tfjs-core';
import { framePixels, sliceFrames, type PixelSequences } from '../../training/sequences';
import { deriveSeed, makeRng } from '../../random';
import { sequenceFramesNeeded, type HgnConfig } from './config';

export interface HgnBatchArrays {
  size: number;
  /** Rollout frames per sequence, the state's own first. */
  frames: number;
  /** The rollout frames the target holds, ascending (absent = all of them). */
  decoded?: number[];
  /** [batch, H, W, C * k]: frame i of the window in channels [i*C, (i+1)*C). */
  input: Float32Array;
  /** [decoded frames * batch, H, W, C], step-major like the model's output. */
  target: Float32Array;
}

export interface HgnBatch {
  size: number;
  frames: number;
  decoded?: number[];
  input: tf.Tensor4D;
  target: tf.Tensor4D;
}

/** First frame the decoder reconstructs: the state's frame. */
export function anchorFrame(c: HgnConfig): number {
  return c.anchor === 'last' ? c.encoderFrames - 1 : 0;
}

export function batchArrays(
  c: HgnConfig,
  data: PixelSequences,
  seqs: ArrayLike<number>,
  frames = c.rolloutFrames,
  decoded?: number[],
): HgnBatchArrays {
  const need = sequenceFramesNeeded(c, frames);
  if (data.length < need) throw new Error(`sequences have ${data.length} frames; this HGN needs ${need}`);
  if (data.height !== c.imageSize || data.width !== c.imageSize || data.channels !== c.channels) {
    throw new Error(`frames are ${data.height}x${data.width}x${data.channels}; the model expects ${c.imageSize}x${c.imageSize}x${c.channels}`);
  }
  const B = seqs.length;
  const k = c.encoderFrames;
  const C = c.channels;
  const px = framePixels(data);
  const window = sliceFrames(data, seqs, 0, k); // [B, k, px]
  const input = new Float32Array(B * k * px);
  // [B, k, H*W, C] -> [B, H*W, k, C]: stack the window on channels.
  for (let b = 0; b < B; b++) {
    for (let f = 0; f < k; f++) {
      for (let pix = 0; pix < px / C; pix++) {
        for (let ch = 0; ch < C; ch++) {
          input[((b * (px / C) + pix) * k + f) * C + ch] = window[(b * k + f) * px + pix * C + ch];
        }
      }
    }
  }
  const seqMajor = sliceFrames(data, seqs, anchorFrame(c), frames); // [B, T, px]
  const ts = decoded ?? Array.from({ length: frames }, (_, t) => t);
  const target = new Float32Array(B * ts.length * px);
  for (let b = 0; b < B; b++) {
    ts.forEach((t, i) => target.set(seqMajor.subarray((b * frames + t) * px, (b * frames + t + 1) * px), (i * B + b) * px));
  }
  return { size: B, frames, ...(decoded ? { decoded } : {}), input, target };
}

/**
 * The rollout frames one training step scores: `trainDecodedFrames` of the `frames`, drawn without replacement from
 * the step's own seed (the same draw gives the same frames), ascending; undefined when every frame is scored.
 */
export function scoredFrames(c: HgnConfig, frames: number, draw: number): number[] | undefined {
  const n = c.trainDecodedFrames ?? 0;
  if (n <= 0 || n >= frames) return undefined;
  const rng = makeRng(deriveSeed(c.seed, `scored-${draw}`));
  const order = Array.from({ length: frames }, (_, t) => t);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rng() * (frames - i));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order.slice(0, n).sort((a, b) => a - b);
}

export function toBatch(c: HgnConfig, a: HgnBatchArrays): HgnBatch {
  const s = c.imageSize;
  return {
    size: a.size,
    frames: a.frames,
    ...(a.decoded ? { decoded: a.decoded } : {}),
    input: tf.tensor4d(a.input, [a.size, s, s, c.channels * c.encoderFrames]),
    target: tf.tensor4d(a.target, [a.size * (a.decoded?.length ?? a.frames), s, s, c.channels]),
  };
}

export function disposeBatch(b: HgnBatch): void {
  b.input.dispose();
  b.target.dispose();
}

/** Step-major [T * B, px] -> sequence-major [B, T, px], the layout of metrics and artifacts. */
export function toSequenceMajor(values: ArrayLike<number>, batch: number, steps: number, px: number): Float32Array {
  const out = new Float32Array(batch * steps * px);
  for (let t = 0; t < steps; t++) {
    for (let b = 0; b < batch; b++) {
      const src = (t * batch + b) * px;
      const dst = (b * steps + t) * px;
      for (let i = 0; i < px; i++) out[dst + i] = values[src + i];
    }
  }
  return out;
}
