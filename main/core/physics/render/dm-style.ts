// DeepMind's soft circles (dm_hamiltonian_dynamics_suite, render_particles_trajectory): a sigmoid mask per body,
// mask = 1 / (1 + exp((d - r) * temperature)) with d and r in canvas units (canvas side = 1), composited front to
// back in body order over the background. DM samples the canvas at linspace(0, 1, res); we sample pixel centres so
// both styles share one projection (a sub-pixel difference in scale). Masks come from precomputed stamps.
import { resetBox, emptyBox, clipStamp, includeStamp, type PixelBox, type StampWindow } from './projection';
import { DM_TEMPERATURE } from './palette';
import { buildStamps, dmFootprint, makePlacement, type Stamps } from './stamps';
import type { Painter, PainterSetup } from './rs-style';

/** Beyond (d - r) * temperature > CUTOFF the mask is below 1e-4 and never changes a byte: skip those pixels. */
const CUTOFF = 9.5;

export function makeDmPainter(setup: PainterSetup): Painter {
  const { size, colours, radii, background, bgFrame } = setup;
  const acc = new Float64Array(size * size * 3);
  const trans = new Float64Array(size * size).fill(1);
  const box: PixelBox = emptyBox();
  const win: StampWindow = { i0: 0, i1: 0, j0: 0, j1: 0 };
  // Temperature per pixel of distance (canvas units -> pixels).
  const tPx = DM_TEMPERATURE / size;
  const stampCache = new Map<number, Stamps>();
  const stamps = Array.from(radii, (r) => {
    let s = stampCache.get(r);
    if (!s) stampCache.set(r, (s = buildStamps(Math.ceil(r + CUTOFF / tPx + 1), dmFootprint(r, tPx, CUTOFF))));
    return s;
  });

  const n = radii.length;
  const { x0: px0, y0: py0, base, place, overlapping } = makePlacement(stamps);

  /** Composites body b's mask over what is already there (front to back, in body order). */
  const composite = (b: number): void => {
    const { width, data } = stamps[b];
    const c = colours[b];
    const x0 = px0[b];
    const y0 = py0[b];
    const { i0, i1, j0, j1 } = clipStamp(win, x0, y0, width, size);
    for (let i = i0; i < i1; i++) {
      let s = base[b] + i * width + j0;
      let p = (y0 + i) * size + x0 + j0;
      for (let j = j0; j < j1; j++, s++, p++) {
        const w = trans[p] * data[s];
        acc[3 * p] += w * c[0];
        acc[3 * p + 1] += w * c[1];
        acc[3 * p + 2] += w * c[2];
        trans[p] -= w;
      }
    }
    includeStamp(box, win, x0, y0, size);
  };

  /** A lone body over the background: mask * colour + (1 - mask) * background, straight into the bytes. */
  const compositeDirect = (b: number, out: Uint8Array, offset: number): void => {
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
        const m = data[s];
        if (m === 0) continue;
        out[o] = Math.min(255, (m * cr + (1 - m) * bgR + 0.5) | 0);
        out[o + 1] = Math.min(255, (m * cg + (1 - m) * bgG + 0.5) | 0);
        out[o + 2] = Math.min(255, (m * cb + (1 - m) * bgB + 0.5) | 0);
      }
    }
  };

  return (cx, cy, out, offset) => {
    out.set(bgFrame, offset);
    resetBox(box);
    for (let b = 0; b < n; b++) place(b, cx[b], cy[b]);
    if (!overlapping()) {
      for (let b = 0; b < n; b++) compositeDirect(b, out, offset);
      return;
    }
    for (let b = 0; b < n; b++) composite(b);
    const [bgR, bgG, bgB] = background;
    for (let i = box.y0; i <= box.y1; i++) {
      for (let p = i * size + box.x0; p <= i * size + box.x1; p++) {
        const t = trans[p];
        if (t === 1) continue; // untouched: already background (and acc is zero)
        const o = offset + 3 * p;
        out[o] = Math.min(255, (acc[3 * p] + t * bgR + 0.5) | 0);
        out[o + 1] = Math.min(255, (acc[3 * p + 1] + t * bgG + 0.5) | 0);
        out[o + 2] = Math.min(255, (acc[3 * p + 2] + t * bgB + 0.5) | 0);
        acc[3 * p] = 0;
        acc[3 * p + 1] = 0;
        acc[3 * p + 2] = 0;
        trans[p] = 1;
      }
    }
  };
}
