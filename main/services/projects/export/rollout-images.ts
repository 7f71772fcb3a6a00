// Rollout frames as a PNG sequence or an animated GIF. Frames come as [T, H, W, C] (C = 1, 3 or 4), [T, H, W],
// or a batch [B, T, H, W, C] (one sequence is picked); uint8 as is, floats in [0, 1] scaled to 0..255.
import { GIFEncoder, applyPalette, quantize } from 'gifenc';
import { PNG } from 'pngjs';
import { ProjectError, type Tensor } from '../../../project';

export interface Frames {
  count: number;
  width: number;
  height: number;
  /** One RGBA image per frame, already scaled. */
  rgba: Uint8Array[];
}

export interface FrameOptions {
  /** Which sequence of a batch [B, T, H, W, C] (default 0). */
  sequence?: number;
  /** Integer nearest-neighbour upscaling; default: the smallest that makes frames at least 128 pixels wide (max 8). */
  scale?: number;
}

const MAX_PIXELS = 4096 * 4096;

function layout(t: Tensor, sequence: number): { count: number; h: number; w: number; c: number; offset: number } {
  const s = t.shape;
  if (s.length === 3) return { count: s[0], h: s[1], w: s[2], c: 1, offset: 0 };
  if (s.length === 4 && [1, 3, 4].includes(s[3])) return { count: s[0], h: s[1], w: s[2], c: s[3], offset: 0 };
  if (s.length === 5 && [1, 3, 4].includes(s[4])) {
    if (!Number.isInteger(sequence) || sequence < 0 || sequence >= s[0]) throw new ProjectError('invalid', `sequence ${sequence} is out of range: the rollout holds ${s[0]}`);
    return { count: s[1], h: s[2], w: s[3], c: s[4], offset: sequence * s[1] * s[2] * s[3] * s[4] };
  }
  throw new ProjectError('invalid', `rollout frames must have shape [T, H, W], [T, H, W, C] or [B, T, H, W, C] with C = 1, 3 or 4, not [${s.join(', ')}]`);
}

function toByte(v: number, isFloat: boolean): number {
  if (!isFloat) return v;
  if (!(v > 0)) return 0; // NaN too
  return v >= 1 ? 255 : Math.round(v * 255);
}

export function framesOf(t: Tensor, opts: FrameOptions = {}): Frames {
  const { count, h, w, c, offset } = layout(t, opts.sequence ?? 0);
  if (count === 0 || h === 0 || w === 0) throw new ProjectError('invalid', 'the rollout has no pixels');
  const scale = opts.scale ?? Math.min(8, Math.max(1, Math.ceil(128 / w)));
  if (!Number.isInteger(scale) || scale < 1 || scale > 64) throw new ProjectError('invalid', `scale must be an integer from 1 to 64, not ${scale}`);
  const [W, H] = [w * scale, h * scale];
  if (W * H > MAX_PIXELS) throw new ProjectError('invalid', `frames of ${W}x${H} pixels are too large to export`);
  const isFloat = t.dtype === 'float32' || t.dtype === 'float64';
  const rgba: Uint8Array[] = [];
  for (let f = 0; f < count; f++) {
    const out = new Uint8Array(W * H * 4);
    const base = offset + f * h * w * c;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const src = base + (Math.floor(y / scale) * w + Math.floor(x / scale)) * c;
        const dst = (y * W + x) * 4;
        const r = toByte(t.values[src], isFloat);
        out[dst] = r;
        out[dst + 1] = c >= 3 ? toByte(t.values[src + 1], isFloat) : r;
        out[dst + 2] = c >= 3 ? toByte(t.values[src + 2], isFloat) : r;
        out[dst + 3] = c === 4 ? toByte(t.values[src + 3], isFloat) : 255;
      }
    }
    rgba.push(out);
  }
  return { count, width: W, height: H, rgba };
}

export function pngOf(frames: Frames, i: number): Buffer {
  const png = new PNG({ width: frames.width, height: frames.height });
  png.data = Buffer.from(frames.rgba[i].buffer, frames.rgba[i].byteOffset, frames.rgba[i].byteLength);
  return PNG.sync.write(png, { colorType: 6 });
}

export function gifOf(frames: Frames, fps = 8): Uint8Array {
  const gif = GIFEncoder();
  const delay = Math.round(1000 / Math.min(50, Math.max(1, fps)));
  frames.rgba.forEach((rgba) => {
    const palette = quantize(rgba, 256);
    gif.writeFrame(applyPalette(rgba, palette), frames.width, frames.height, { palette, delay });
  });
  gif.finish();
  return gif.bytes();
}
