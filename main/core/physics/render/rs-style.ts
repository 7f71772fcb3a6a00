// The RS replication's look: solid discs painted on black, a 2x2 box blur applied twice, added onto the grey
// background and clipped. Two differences, both deliberate: discs are anti-aliased at sub-pixel positions (cv2 drew
// integer-radius discs at truncated integer centres, up to a pixel off), and the two 2x2 blurs are anchored on
// opposite corners so together they make the centred [1 2 1] / 4 kernel (cv2's two same-anchor blurs shift the
// image by one pixel). Both keep each ball's centroid on its true position.
//
// Fast path: when no two discs touch, painting then blurring equals adding each ball's blurred footprint (the blur
// is linear), so balls are drawn from precomputed stamps (straight onto the bytes when their patches are apart).
// Touching discs take the exact path: painter's order (later bodies cover earlier ones, like cv2.circle), then blur.
import { includeDisc, resetBox, emptyBox, clipStamp, includeStamp, type PixelBox, type StampWindow } from './projection';
import { buildStamps, makePlacement, rsFootprint, type Stamps } from './stamps';
import type { Rgb } from './palette';

/** Draws bodies centred at pixel coordinates (cx[b], cy[b]) into out[offset ..). */
export type Painter = (cx: Float64Array, cy: Float64Array, out: Uint8Array, offset: number) => void;

export interface PainterSetup {
  size: number;
  colours: readonly Rgb[];
  /** Body radii in pixels. */
  radii: Float64Array;
  background: Rgb;
  bgFrame: Uint8Array;
}

export function makeRsPainter(setup: PainterSetup): Painter {
  const { size, colours, radii, background, bgFrame } = setup;
  const acc = new Float64Array(size * size * 3);
  const blurred = new Float64Array(size * size * 3);
  const box: PixelBox = emptyBox();
  const win: StampWindow = { i0: 0, i1: 0, j0: 0, j1: 0 };
  const row = size * 3;
  const stampCache = new Map<number, Stamps>();
  const stamps = Array.from(radii, (r) => {
    let s = stampCache.get(r);
    if (!s) stampCache.set(r, (s = buildStamps(Math.ceil(r + 2.5), rsFootprint(r))));
    return s;
  });

  const n = radii.length;
  const { x0: px0, y0: py0, base, place, overlapping: patchesOverlap } = makePlacement(stamps);

  /** Adds body b's stamp into `acc` (patches may overlap). */
  const stamp = (b: number): void => {
    const { width, data } = stamps[b];
    const c = colours[b];
    const x0 = px0[b];
    const y0 = py0[b];
    const { i0, i1, j0, j1 } = clipStamp(win, x0, y0, width, size);
    for (let i = i0; i < i1; i++) {
      let s = base[b] + i * width + j0;
      let k = ((y0 + i) * size + x0 + j0) * 3;
      for (let j = j0; j < j1; j++, s++, k += 3) {
        const v = data[s];
        acc[k] += v * c[0];
        acc[k + 1] += v * c[1];
        acc[k + 2] += v * c[2];
      }
    }
    includeStamp(box, win, x0, y0, size);
  };

  /** Writes body b's stamp straight onto the background bytes (its patch overlaps no other). */
  const stampDirect = (b: number, out: Uint8Array, offset: number): void => {
    const { width, data } = stamps[b];
    const [cr, cg, cb] = colours[b];
    const [bgR, bgG, bgB] = background;
    const x0 = px0[b];
    const y0 = py0[b];
    const { i0, i1, j0, j1 } = clipStamp(win, x0, y0, width, size);
    for (let i = i0; i < i1; i++) {
      let s = base[b] + i * width + j0;
      let o = offset + ((y0 + i) * size + x0 + j0) * 3;
      for (let j = j0; j < j1; j++, s++, o += 3) {
        const v = data[s];
        if (v === 0) continue;
        out[o] = Math.min(255, (bgR + v * cr + 0.5) | 0);
        out[o + 1] = Math.min(255, (bgG + v * cg + 0.5) | 0);
        out[o + 2] = Math.min(255, (bgB + v * cb + 0.5) | 0);
      }
    }
  };

  /** Painter's order on the exact discs, then the blur: only when discs touch. Result left in `acc`. */
  const paintTouching = (cx: Float64Array, cy: Float64Array): void => {
    for (let b = 0; b < cx.length; b++) {
      const r = radii[b];
      const [cr, cg, cb] = colours[b];
      const x0 = Math.max(0, Math.floor(cx[b] - r - 1));
      const x1 = Math.min(size - 1, Math.ceil(cx[b] + r + 1));
      const y0 = Math.max(0, Math.floor(cy[b] - r - 1));
      const y1 = Math.min(size - 1, Math.ceil(cy[b] + r + 1));
      for (let i = y0; i <= y1; i++) {
        const dy = i - cy[b];
        for (let j = x0; j <= x1; j++) {
          const dx = j - cx[b];
          let a = r + 0.5 - Math.sqrt(dx * dx + dy * dy);
          if (a <= 0) continue;
          if (a > 1) a = 1;
          const k = i * row + j * 3;
          blurred[k] += a * (cr - blurred[k]);
          blurred[k + 1] += a * (cg - blurred[k + 1]);
          blurred[k + 2] += a * (cb - blurred[k + 2]);
        }
      }
      includeDisc(box, cx[b], cy[b], r + 2, size);
    }
    const { x0, x1, y0, y1 } = box;
    // `blurred` holds the painted layer here: blur rows into `acc`, then columns back into `blurred`, copy to acc.
    for (let i = y0; i <= y1; i++) {
      for (let j = x0; j <= x1; j++) {
        const k = i * row + j * 3;
        const l = j > 0 ? k - 3 : -1;
        const r = j < size - 1 ? k + 3 : -1;
        for (let ch = 0; ch < 3; ch++) {
          acc[k + ch] = 0.5 * blurred[k + ch] + (l >= 0 ? 0.25 * blurred[l + ch] : 0) + (r >= 0 ? 0.25 * blurred[r + ch] : 0);
        }
      }
    }
    for (let i = y0; i <= y1; i++) {
      const up = i > 0 ? -row : 0;
      const upW = i > 0 ? 0.25 : 0;
      const down = i < size - 1 ? row : 0;
      const downW = i < size - 1 ? 0.25 : 0;
      for (let k = i * row + x0 * 3; k < i * row + x1 * 3 + 3; k++) {
        blurred[k] = 0.5 * acc[k] + upW * acc[k + up] + downW * acc[k + down];
      }
    }
    for (let i = y0; i <= y1; i++) {
      const from = i * row + x0 * 3;
      const to = i * row + x1 * 3 + 3;
      for (let k = from; k < to; k++) {
        acc[k] = blurred[k];
        blurred[k] = 0;
      }
    }
  };

  const touching = (cx: Float64Array, cy: Float64Array): boolean => {
    for (let a = 0; a < cx.length; a++) {
      for (let b = a + 1; b < cx.length; b++) {
        const dx = cx[a] - cx[b];
        const dy = cy[a] - cy[b];
        const reach = radii[a] + radii[b] + 1;
        if (dx * dx + dy * dy < reach * reach) return true;
      }
    }
    return false;
  };

  return (cx, cy, out, offset) => {
    out.set(bgFrame, offset);
    resetBox(box);
    if (touching(cx, cy)) {
      paintTouching(cx, cy);
    } else {
      for (let b = 0; b < n; b++) place(b, cx[b], cy[b]);
      if (!patchesOverlap()) {
        for (let b = 0; b < n; b++) stampDirect(b, out, offset);
        return;
      }
      for (let b = 0; b < n; b++) stamp(b);
    }
    const [bgR, bgG, bgB] = background;
    for (let i = box.y0; i <= box.y1; i++) {
      for (let k = i * row + box.x0 * 3; k < i * row + box.x1 * 3 + 3; k += 3) {
        if (acc[k] === 0 && acc[k + 1] === 0 && acc[k + 2] === 0) continue; // untouched: already background
        const o = offset + k;
        out[o] = Math.min(255, (bgR + acc[k] + 0.5) | 0);
        out[o + 1] = Math.min(255, (bgG + acc[k + 1] + 0.5) | 0);
        out[o + 2] = Math.min(255, (bgB + acc[k + 2] + 0.5) | 0);
        acc[k] = 0;
        acc[k + 1] = 0;
        acc[k + 2] = 0;
      }
    }
  };
}
