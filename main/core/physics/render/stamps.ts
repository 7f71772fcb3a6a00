// Precomputed sprites: a body's footprint (blurred disc or sigmoid mask) tabulated for `PHASES` x `PHASES` sub-pixel
// offsets of its centre, so drawing a frame is a table lookup and a multiply-add per pixel (no sqrt, exp or blur).
// Positions snap to 1/PHASES of a pixel: at most 1/32 px off, far below what a 32 px frame can show.

export const PHASES = 16;

export interface Stamps {
  /** Pixels from the centre pixel to the patch edge; the patch is width = 2 * half + 1 pixels square. */
  half: number;
  width: number;
  /** PHASES^2 patches of width^2 values, patch (qy * PHASES + qx) for a centre at (half + qx / PHASES, half + qy / PHASES). */
  data: Float32Array;
}

/** fill(patch, width, cx, cy) writes the footprint of a body centred at (cx, cy) in patch pixel coordinates. */
export type Footprint = (patch: Float64Array, width: number, cx: number, cy: number) => void;

export function buildStamps(half: number, fill: Footprint): Stamps {
  const width = 2 * half + 1;
  const area = width * width;
  const data = new Float32Array(PHASES * PHASES * area);
  const patch = new Float64Array(area);
  for (let qy = 0; qy < PHASES; qy++) {
    for (let qx = 0; qx < PHASES; qx++) {
      patch.fill(0);
      fill(patch, width, half + qx / PHASES, half + qy / PHASES);
      data.set(patch, (qy * PHASES + qx) * area);
    }
  }
  return { half, width, data };
}

/** The RS footprint: anti-aliased disc of radius r (pixels), then [1 2 1] / 4 along both axes. */
export function rsFootprint(r: number): Footprint {
  return (patch, width, cx, cy) => {
    for (let i = 0; i < width; i++) {
      for (let j = 0; j < width; j++) {
        const a = r + 0.5 - Math.hypot(j - cx, i - cy);
        patch[i * width + j] = a <= 0 ? 0 : a > 1 ? 1 : a;
      }
    }
    blur121(patch, width);
  };
}

/** In-place [1 2 1] / 4 blur along rows then columns, zero outside the patch. */
export function blur121(patch: Float64Array, width: number): void {
  const tmp = new Float64Array(patch.length);
  for (let i = 0; i < width; i++) {
    for (let j = 0; j < width; j++) {
      const k = i * width + j;
      tmp[k] = 0.5 * patch[k] + (j > 0 ? 0.25 * patch[k - 1] : 0) + (j < width - 1 ? 0.25 * patch[k + 1] : 0);
    }
  }
  for (let i = 0; i < width; i++) {
    for (let j = 0; j < width; j++) {
      const k = i * width + j;
      patch[k] = 0.5 * tmp[k] + (i > 0 ? 0.25 * tmp[k - width] : 0) + (i < width - 1 ? 0.25 * tmp[k + width] : 0);
    }
  }
}

/** DM's footprint: sigmoid mask 1 / (1 + exp((d - r) * t)) with d, r in pixels and t per pixel; 0 past the cutoff. */
export function dmFootprint(r: number, tPerPixel: number, cutoff: number): Footprint {
  return (patch, width, cx, cy) => {
    for (let i = 0; i < width; i++) {
      for (let j = 0; j < width; j++) {
        const z = (Math.hypot(j - cx, i - cy) - r) * tPerPixel;
        patch[i * width + j] = z > cutoff ? 0 : 1 / (1 + Math.exp(z));
      }
    }
  };
}

/** Where each body's stamp goes in the current frame: patch origin and offset of the phase's patch in `data`. */
export interface Placement {
  x0: Int32Array;
  y0: Int32Array;
  base: Int32Array;
  /** Places body b centred at pixel coordinates (cx, cy), snapping to 1 / PHASES px. */
  place(b: number, cx: number, cy: number): void;
  /** True when any two placed patches share a pixel. */
  overlapping(): boolean;
}

export function makePlacement(stamps: readonly Stamps[]): Placement {
  const n = stamps.length;
  const x0 = new Int32Array(n);
  const y0 = new Int32Array(n);
  const base = new Int32Array(n);
  return {
    x0,
    y0,
    base,
    place(b, cx, cy) {
      const { half, width } = stamps[b];
      let ix = Math.floor(cx);
      let qx = Math.round((cx - ix) * PHASES);
      if (qx === PHASES) (ix += 1), (qx = 0);
      let iy = Math.floor(cy);
      let qy = Math.round((cy - iy) * PHASES);
      if (qy === PHASES) (iy += 1), (qy = 0);
      x0[b] = ix - half;
      y0[b] = iy - half;
      base[b] = (qy * PHASES + qx) * width * width;
    },
    overlapping() {
      for (let a = 0; a < n; a++) {
        for (let b = a + 1; b < n; b++) {
          const wa = stamps[a].width;
          const wb = stamps[b].width;
          if (x0[a] < x0[b] + wb && x0[b] < x0[a] + wa && y0[a] < y0[b] + wb && y0[b] < y0[a] + wa) return true;
        }
      }
      return false;
    },
  };
}
