// Frames as a PNG strip for `hgn rollout --png` and `hgn sample --png`: rows of frames side by side (pngjs).
import { PNG } from 'pngjs';

/** An RGB PNG of rows of frames in [0, 1] (grey frames are replicated). */
export function framesPng(rows: Float32Array[], cols: number, h: number, w: number, channels: number): Uint8Array {
  const png = new PNG({ width: cols * w, height: rows.length * h });
  rows.forEach((row, r) => {
    for (let y = 0; y < h; y++) {
      for (let c = 0; c < cols; c++) {
        for (let x = 0; x < w; x++) {
          const at = ((r * h + y) * png.width + c * w + x) * 4;
          for (let k = 0; k < 3; k++) {
            const v = row[((c * h + y) * w + x) * channels + Math.min(k, channels - 1)] ?? 0;
            png.data[at + k] = Math.max(0, Math.min(255, Math.round(v * 255)));
          }
          png.data[at + 3] = 255;
        }
      }
    }
  });
  return PNG.sync.write(png, { colorType: 2 });
}

