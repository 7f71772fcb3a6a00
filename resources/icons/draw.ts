// Draws the app icon and the .hsproj document icon from signed distance functions, in pure TypeScript, so
// the icons are reproducible from source at any size (no image editor, no native tools).
// Motif: the level sets of a Hamiltonian in phase space (nested ellipses, q horizontal, p vertical) with a
// particle riding the outer orbit: what the app learns, drawn.

/** RGBA pixels, 8 bits per channel, row-major, not premultiplied (what PNG stores). */
export interface Image {
  size: number;
  data: Uint8Array;
}

type Rgb = readonly [number, number, number];
/** Signed distance in icon units (the icon spans [0, 1] on both axes, y down): negative inside. */
type Sdf = (x: number, y: number) => number;

const hex = (h: string): Rgb => [parseInt(h.slice(1, 3), 16) / 255, parseInt(h.slice(3, 5), 16) / 255, parseInt(h.slice(5, 7), 16) / 255];

const PALETTE = {
  bodyTop: hex('#23384d'),
  bodyBottom: hex('#0c131b'),
  rim: hex('#4a6a88'),
  axes: hex('#ffffff'),
  orbits: [hex('#2f8fb0'), hex('#3cc8b4'), hex('#9af2e2')],
  particle: hex('#ffb547'),
  page: hex('#e9eef3'),
  pageEdge: hex('#8fa1b3'),
  fold: hex('#c2cfdb'),
};

/** A float canvas with premultiplied alpha; shapes are composited with "source over". */
class Canvas {
  readonly px: Float32Array;
  constructor(readonly size: number) {
    this.px = new Float32Array(size * size * 4);
  }

  /**
   * Paints `color` where `sdf` < 0, antialiased over one pixel (coverage from the distance in pixels).
   * `box` ([x0, y0, x1, y1] in icon units) bounds the work; `alpha` scales the coverage.
   */
  fill(sdf: Sdf, color: Rgb | ((x: number, y: number) => Rgb), alpha = 1, box: readonly number[] = [0, 0, 1, 1]): void {
    const s = this.size;
    const [i0, j0] = [Math.max(0, Math.floor(box[0] * s) - 1), Math.max(0, Math.floor(box[1] * s) - 1)];
    const [i1, j1] = [Math.min(s, Math.ceil(box[2] * s) + 1), Math.min(s, Math.ceil(box[3] * s) + 1)];
    for (let j = j0; j < j1; j++) {
      const y = (j + 0.5) / s;
      for (let i = i0; i < i1; i++) {
        const x = (i + 0.5) / s;
        const cover = Math.min(1, Math.max(0, 0.5 - sdf(x, y) * s)) * alpha;
        if (cover <= 0) continue;
        const [r, g, b] = typeof color === 'function' ? color(x, y) : color;
        this.blend((j * s + i) * 4, r, g, b, cover);
      }
    }
  }

  private blend(k: number, r: number, g: number, b: number, a: number): void {
    const p = this.px;
    p[k] = r * a + p[k] * (1 - a);
    p[k + 1] = g * a + p[k + 1] * (1 - a);
    p[k + 2] = b * a + p[k + 2] * (1 - a);
    p[k + 3] = a + p[k + 3] * (1 - a);
  }

  /** Like fill, but the alpha of each pixel comes from `alphaAt` (no shape edge). */
  shade(alphaAt: (x: number, y: number) => number, color: Rgb, box: readonly number[]): void {
    const s = this.size;
    const [i0, j0] = [Math.max(0, Math.floor(box[0] * s)), Math.max(0, Math.floor(box[1] * s))];
    const [i1, j1] = [Math.min(s, Math.ceil(box[2] * s)), Math.min(s, Math.ceil(box[3] * s))];
    for (let j = j0; j < j1; j++) {
      for (let i = i0; i < i1; i++) {
        const a = alphaAt((i + 0.5) / s, (j + 0.5) / s);
        if (a > 1 / 512) this.blend((j * s + i) * 4, color[0], color[1], color[2], Math.min(1, a));
      }
    }
  }

  toImage(): Image {
    const out = new Uint8Array(this.px.length);
    for (let k = 0; k < this.px.length; k += 4) {
      const a = this.px[k + 3];
      out[k + 3] = Math.round(a * 255);
      if (a <= 0) continue;
      for (let c = 0; c < 3; c++) out[k + c] = Math.round(Math.min(1, Math.max(0, this.px[k + c] / a)) * 255);
    }
    return { size: this.size, data: out };
  }
}

// ---------- distance functions ----------

function roundedBox(cx: number, cy: number, hw: number, hh: number, r: number): Sdf {
  return (x, y) => {
    const qx = Math.abs(x - cx) - hw + r;
    const qy = Math.abs(y - cy) - hh + r;
    return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
  };
}

/** A convex polygon (points in order): the largest signed distance to its edges' lines. */
function convexPolygon(points: ReadonlyArray<readonly [number, number]>): Sdf {
  const edges = points.map(([x0, y0], k) => {
    const [x1, y1] = points[(k + 1) % points.length];
    const len = Math.hypot(x1 - x0, y1 - y0);
    // Outward normal for a clockwise (screen, y down) polygon.
    return { x0, y0, nx: (y1 - y0) / len, ny: -(x1 - x0) / len };
  });
  return (x, y) => {
    let d = -Infinity;
    for (const e of edges) d = Math.max(d, (x - e.x0) * e.nx + (y - e.y0) * e.ny);
    return d;
  };
}

/** A rotated ellipse's outline as a ring of width `w` (first-order distance estimate, good near the curve). */
function ellipseRing(cx: number, cy: number, a: number, b: number, angle: number, w: number): Sdf {
  const [c, s] = [Math.cos(angle), Math.sin(angle)];
  return (x, y) => {
    const dx = x - cx;
    const dy = y - cy;
    const u = c * dx + s * dy;
    const v = -s * dx + c * dy;
    const g = Math.hypot(u / a, v / b);
    if (g < 1e-9) return Math.min(a, b) - w / 2;
    const grad = Math.hypot(u / (a * a), v / (b * b)) / g;
    return Math.abs((g - 1) / grad) - w / 2;
  };
}

function segment(x0: number, y0: number, x1: number, y1: number, w: number): Sdf {
  return (x, y) => {
    const [dx, dy] = [x1 - x0, y1 - y0];
    const t = Math.min(1, Math.max(0, ((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy)));
    return Math.hypot(x - x0 - t * dx, y - y0 - t * dy) - w / 2;
  };
}

const circle = (cx: number, cy: number, r: number): Sdf => (x, y) => Math.hypot(x - cx, y - cy) - r;

// ---------- the motif ----------

/**
 * The phase portrait inside a square of side `span` centred at (cx, cy). Small renderings drop the finest
 * details and thicken strokes to at least ~1.3 px so the icon stays legible at 16 px.
 */
function drawPortrait(cv: Canvas, cx: number, cy: number, span: number): void {
  const pxSpan = span * cv.size;
  const minW = 1.3 / cv.size;
  const tilt = -0.42;
  if (pxSpan >= 40) {
    const axisW = Math.max(0.006 * span, minW * 0.6);
    cv.fill(segment(cx - 0.44 * span, cy, cx + 0.44 * span, cy, axisW), PALETTE.axes, 0.16);
    cv.fill(segment(cx, cy - 0.44 * span, cx, cy + 0.44 * span, axisW), PALETTE.axes, 0.16);
  }
  const rings = pxSpan >= 28 ? [0, 1, 2] : [0, 2];
  const radii = [
    [0.4, 0.24],
    [0.28, 0.165],
    [0.16, 0.094],
  ];
  for (const k of rings) {
    const [a, b] = radii[k];
    const w = Math.max((0.045 - 0.006 * k) * span, minW);
    cv.fill(ellipseRing(cx, cy, a * span, b * span, tilt, w), PALETTE.orbits[k]);
  }
  // The particle on the outer orbit, with a warm glow.
  const t = -2.2;
  const [a, b] = radii[0];
  const u = a * span * Math.cos(t);
  const v = b * span * Math.sin(t);
  const px = cx + Math.cos(tilt) * u - Math.sin(tilt) * v;
  const py = cy + Math.sin(tilt) * u + Math.cos(tilt) * v;
  const r = Math.max(0.075 * span, 1.6 / cv.size);
  if (pxSpan >= 28) {
    const reach = r * 3.2;
    cv.shade((x, y) => 0.55 * Math.exp(-((Math.hypot(x - px, y - py) / (r * 1.5)) ** 2)), PALETTE.particle, [px - reach, py - reach, px + reach, py + reach]);
  }
  cv.fill(circle(px, py, r), PALETTE.particle);
}

/** The application icon: a dark rounded tile with the phase portrait. */
export function drawAppIcon(size: number): Image {
  const cv = new Canvas(size);
  // Small icons use the whole square; large ones keep the margin the macOS icon grid expects.
  const half = size <= 32 ? 0.48 : size <= 64 ? 0.45 : 0.41;
  const radius = half * 0.45;
  const body = roundedBox(0.5, 0.5, half, half, radius);
  const top = 0.5 - half;
  cv.fill(body, (_x, y) => {
    const t = Math.min(1, Math.max(0, (y - top) / (2 * half)));
    return [0, 1, 2].map((c) => PALETTE.bodyTop[c] * (1 - t) + PALETTE.bodyBottom[c] * t) as unknown as Rgb;
  });
  if (size >= 48) {
    const rimW = Math.max(0.008, 1 / size);
    cv.fill((x, y) => Math.abs(body(x, y) + rimW) - rimW / 2, PALETTE.rim, 0.55);
  }
  drawPortrait(cv, 0.5, 0.5, half * 2 * 0.92);
  return cv.toImage();
}

/** The .hsproj document icon: a page with a folded corner carrying a small version of the app tile. */
export function drawDocumentIcon(size: number): Image {
  const cv = new Canvas(size);
  const [l, r, t, b, fold] = size <= 32 ? [0.14, 0.86, 0.02, 0.98, 0.22] : [0.2, 0.8, 0.07, 0.93, 0.17];
  const page = convexPolygon([
    [l, t],
    [r - fold, t],
    [r, t + fold],
    [r, b],
    [l, b],
  ]);
  const edgeW = Math.max(0.012, 1 / size);
  cv.fill(page, PALETTE.pageEdge);
  cv.fill((x, y) => page(x, y) + edgeW, PALETTE.page);
  cv.fill(convexPolygon([
    [r - fold, t],
    [r, t + fold],
    [r - fold, t + fold],
  ]), PALETTE.fold);
  const tileHalf = (r - l) * 0.36;
  const cy = (t + b) / 2 + fold * 0.35;
  cv.fill(roundedBox(0.5, cy, tileHalf, tileHalf, tileHalf * 0.3), PALETTE.bodyBottom);
  drawPortrait(cv, 0.5, cy, tileHalf * 2 * 0.95);
  return cv.toImage();
}
