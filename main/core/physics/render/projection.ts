// World (x right, y up, square of half-size `half` centred on the origin) to pixel coordinates. Pixel (row i,
// column j) covers [j, j + 1) x [i, i + 1) in pixel units, so its centre is at (j + 0.5, i + 0.5); the functions
// below return positions in "centre index" units: a body exactly on pixel (i, j)'s centre projects to (j, i).

export interface Projection {
  size: number;
  half: number;
  pxPerUnit: number;
}

export function makeProjection(size: number, half: number): Projection {
  return { size, half, pxPerUnit: size / (2 * half) };
}

export function projectX(p: Projection, x: number): number {
  return (x + p.half) * p.pxPerUnit - 0.5;
}

/** Row coordinate: row 0 is the top (largest y). */
export function projectY(p: Projection, y: number): number {
  return (p.half - y) * p.pxPerUnit - 0.5;
}

/** A rectangle of pixels [x0, x1] x [y0, y1] (inclusive), empty when x0 > x1. */
export interface PixelBox {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

export function emptyBox(): PixelBox {
  return { x0: 1 << 30, x1: -1, y0: 1 << 30, y1: -1 };
}

/** Grows `box` to include the disc of radius `reach` around (cx, cy), clipped to the image. */
export function includeDisc(box: PixelBox, cx: number, cy: number, reach: number, size: number): void {
  box.x0 = Math.max(0, Math.min(box.x0, Math.floor(cx - reach)));
  box.x1 = Math.min(size - 1, Math.max(box.x1, Math.ceil(cx + reach)));
  box.y0 = Math.max(0, Math.min(box.y0, Math.floor(cy - reach)));
  box.y1 = Math.min(size - 1, Math.max(box.y1, Math.ceil(cy + reach)));
}

export function resetBox(box: PixelBox): void {
  box.x0 = 1 << 30;
  box.x1 = -1;
  box.y0 = 1 << 30;
  box.y1 = -1;
}

/** The rows [i0, i1) and columns [j0, j1) of a width x width stamp at (x0, y0) that fall inside the image. */
export interface StampWindow {
  i0: number;
  i1: number;
  j0: number;
  j1: number;
}

/** Fills `w` (reused by the caller: no allocation per body per frame). */
export function clipStamp(w: StampWindow, x0: number, y0: number, width: number, size: number): StampWindow {
  w.i0 = Math.max(0, -y0);
  w.i1 = Math.min(width, size - y0);
  w.j0 = Math.max(0, -x0);
  w.j1 = Math.min(width, size - x0);
  return w;
}

/** Grows `box` to include the clipped stamp window `w` placed at (x0, y0). */
export function includeStamp(box: PixelBox, w: StampWindow, x0: number, y0: number, size: number): void {
  box.x0 = Math.max(0, Math.min(box.x0, x0 + w.j0));
  box.x1 = Math.min(size - 1, Math.max(box.x1, x0 + w.j1 - 1));
  box.y0 = Math.max(0, Math.min(box.y0, y0 + w.i0));
  box.y1 = Math.min(size - 1, Math.max(box.y1, y0 + w.i1 - 1));
}
