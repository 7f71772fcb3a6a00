// Where the bodies are in a frame, read back from its pixels: each pixel is given to the body whose colour best
// explains its difference from the background (RS adds a ball's colour onto the background, DM blends towards it),
// and each body's position is the centroid of its pixels, weighted by how much of its colour they hold, mapped back
// to world coordinates. It reads decoded frames of a model the same way as rendered ones, so a model's predicted
// motion can be drawn as the bodies' paths beside the true ones.
import type { HamiltonianSystem, Params } from '../types';
import { DM_BACKGROUND, RS_BACKGROUND, type RenderStyle } from './palette';
import { makeProjection } from './projection';
import { bodyColours } from './renderer';

export interface BlobReader {
  bodies: number;
  /**
   * Positions (x right, y up) of every body in one frame of floats in [0, 1] ([size, size, 3] from `offset`):
   * out[2b], out[2b + 1], NaN for a body none of whose colour is in the frame.
   */
  read(frame: ArrayLike<number>, offset: number, out: Float64Array): void;
}

/** A pixel counts for a body when at least this much of the body's colour (coverage 0..1) explains it. */
const MIN_COVERAGE = 0.1;

export function makeBlobReader(system: HamiltonianSystem, params: Params, opts: { size: number; style: RenderStyle }): BlobReader {
  const { size, style } = opts;
  const draw = system.draw(params);
  const projection = makeProjection(size, style === 'rs' ? draw.halfSize.rs : draw.halfSize.dm);
  const bg = style === 'rs' ? RS_BACKGROUND : DM_BACKGROUND;
  // The direction a body's coverage moves a pixel from the background in.
  const dirs = bodyColours(draw, style).map((c) => (style === 'rs' ? [...c] : [c[0] - bg[0], c[1] - bg[1], c[2] - bg[2]]));
  const norms = dirs.map((u) => u[0] * u[0] + u[1] * u[1] + u[2] * u[2]);
  const n = draw.bodies;
  const sw = new Float64Array(n);
  const sx = new Float64Array(n);
  const sy = new Float64Array(n);
  return {
    bodies: n,
    read(frame, offset, out) {
      sw.fill(0);
      sx.fill(0);
      sy.fill(0);
      for (let i = 0; i < size; i++) {
        for (let j = 0; j < size; j++) {
          const k = offset + (i * size + j) * 3;
          const d0 = frame[k] * 255 - bg[0];
          const d1 = frame[k + 1] * 255 - bg[1];
          const d2 = frame[k + 2] * 255 - bg[2];
          let best = -1;
          let bestResidual = Infinity;
          let bestCoverage = 0;
          for (let b = 0; b < n; b++) {
            const u = dirs[b];
            const v = (d0 * u[0] + d1 * u[1] + d2 * u[2]) / norms[b];
            if (!(v >= MIN_COVERAGE)) continue;
            const r = (d0 - v * u[0]) ** 2 + (d1 - v * u[1]) ** 2 + (d2 - v * u[2]) ** 2;
            if (r < bestResidual) {
              bestResidual = r;
              best = b;
              bestCoverage = Math.min(v, 1);
            }
          }
          if (best < 0) continue;
          sw[best] += bestCoverage;
          sx[best] += bestCoverage * j;
          sy[best] += bestCoverage * i;
        }
      }
      for (let b = 0; b < n; b++) {
        if (sw[b] === 0) {
          out[2 * b] = out[2 * b + 1] = Number.NaN;
          continue;
        }
        // Pixel centres back to world units (the inverse of projectX / projectY).
        out[2 * b] = (sx[b] / sw[b] + 0.5) / projection.pxPerUnit - projection.half;
        out[2 * b + 1] = projection.half - (sy[b] / sw[b] + 0.5) / projection.pxPerUnit;
      }
    },
  };
}
