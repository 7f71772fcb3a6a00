// Rendering: ball centroids land on the projected positions (both styles, several sizes), palettes, edge cases.
import { describe, expect, it } from 'vitest';
import {
  SYSTEMS,
  SYSTEM_IDS,
  getSystem,
  makeRenderer,
  projectX,
  projectY,
  resolveParams,
  type FrameRenderer,
} from '../../../main/core/physics';
import { RS_BACKGROUND, RS_BALLS, DM_BACKGROUND } from '../../../main/core/physics/render/palette';
import { makeRng } from '../../../main/core/random';

/** Colour-weighted centroid (weight = |pixel - background|, summed over channels) within `reach` px of (cx, cy). */
function centroid(r: FrameRenderer, frame: Uint8Array, cx: number, cy: number, reach: number): [number, number, number] {
  const bg = (r.style === 'rs' ? RS_BACKGROUND : DM_BACKGROUND).map((v) => Math.round(v));
  let w = 0;
  let x = 0;
  let y = 0;
  for (let i = 0; i < r.size; i++) {
    for (let j = 0; j < r.size; j++) {
      if (Math.hypot(j - cx, i - cy) > reach) continue;
      const k = (i * r.size + j) * 3;
      const weight = Math.abs(frame[k] - bg[0]) + Math.abs(frame[k + 1] - bg[1]) + Math.abs(frame[k + 2] - bg[2]);
      w += weight;
      x += weight * j;
      y += weight * i;
    }
  }
  return [x / w, y / w, w];
}

/** Bodies spread on a circle at half the canvas with sub-pixel jitter: separated, inside, never on pixel centres. */
function layout(r: FrameRenderer, seed: number): Float64Array {
  const rng = makeRng(seed);
  const n = r.draw.bodies;
  const half = r.projection.half;
  const xy = new Float64Array(2 * n);
  const phase = rng() * 2 * Math.PI;
  for (let b = 0; b < n; b++) {
    const a = phase + (2 * Math.PI * b) / n;
    const radius = n === 1 ? 0.3 * half * rng() : 0.55 * half;
    xy[2 * b] = radius * Math.cos(a) + (rng() - 0.5) / r.projection.pxPerUnit;
    xy[2 * b + 1] = radius * Math.sin(a) + (rng() - 0.5) / r.projection.pxPerUnit;
  }
  return xy;
}

describe.each(['rs', 'dm'] as const)('%s style', (style) => {
  describe.each(SYSTEM_IDS)('%s', (id) => {
    it.each([32, 64])('puts each ball centroid within half a pixel of its projection at %i px', (size) => {
      const system = SYSTEMS[id];
      const r = makeRenderer(system, resolveParams(system), { size, style });
      const radii = style === 'rs' ? r.draw.radius.rs : r.draw.radius.dm;
      const frame = new Uint8Array(r.frameBytes);
      for (let seed = 0; seed < 3; seed++) {
        const xy = layout(r, seed);
        r.renderPositions(xy, frame);
        for (let b = 0; b < r.draw.bodies; b++) {
          const px = projectX(r.projection, xy[2 * b]);
          const py = projectY(r.projection, xy[2 * b + 1]);
          const reach = radii[b] * r.projection.pxPerUnit + 2;
          const [cx, cy, weight] = centroid(r, frame, px, py, reach);
          expect(weight).toBeGreaterThan(0);
          expect(Math.hypot(cx - px, cy - py)).toBeLessThan(0.5);
        }
      }
    });
  });

  it('draws a state at the positions its system defines (pendulum at angle q)', () => {
    const system = getSystem('pendulum');
    const params = resolveParams(system);
    const r = makeRenderer(system, params, { size: 32, style });
    const frame = new Uint8Array(r.frameBytes);
    for (const q of [0, 0.7, -1.9, 3]) {
      r.render(Float64Array.of(q, 0.4), frame);
      const px = projectX(r.projection, params.l * Math.sin(q));
      const py = projectY(r.projection, -params.l * Math.cos(q));
      const [cx, cy] = centroid(r, frame, px, py, r.draw.radius[style][0] * r.projection.pxPerUnit + 2);
      expect(Math.hypot(cx - px, cy - py)).toBeLessThan(0.5);
    }
  });

  it('accepts 16 to 128 px and nothing else', () => {
    const system = getSystem('two-body');
    for (const size of [16, 128]) expect(makeRenderer(system, resolveParams(system), { size, style }).frameBytes).toBe(size * size * 3);
    for (const size of [15, 129, 31.5]) {
      expect(() => makeRenderer(system, resolveParams(system), { size, style })).toThrow(/image size/);
    }
  });
});

describe('RS look', () => {
  it('is the grey background away from balls and background + ball colour at a ball centre', () => {
    const system = getSystem('three-body');
    const r = makeRenderer(system, resolveParams(system), { size: 64, style: 'rs' });
    const frame = new Uint8Array(r.frameBytes);
    r.renderPositions(Float64Array.of(-1.5, 0, 1.5, 0, 0, 1.5), frame);
    expect(Array.from(frame.subarray(0, 3))).toEqual([81, 88, 93]);
    // A big ball (radius >= 3 px) is solid at its centre after the blur: background + colour, clipped at 255.
    const big = makeRenderer(getSystem('pendulum'), resolveParams(getSystem('pendulum')), { size: 32, style: 'rs' });
    const f = new Uint8Array(big.frameBytes);
    big.renderPositions(Float64Array.of(0, 0), f);
    const k = (Math.round(projectY(big.projection, 0)) * 32 + Math.round(projectX(big.projection, 0))) * 3;
    expect(Array.from(f.subarray(k, k + 3))).toEqual(RS_BALLS[0].map((c, i) => Math.min(255, c + RS_BACKGROUND[i])));
  });

  it('lets the later body cover the earlier one where discs touch (painter order, like cv2.circle)', () => {
    const system = getSystem('two-body');
    const r = makeRenderer(system, resolveParams(system), { size: 64, style: 'rs' });
    const frame = new Uint8Array(r.frameBytes);
    const centre = (x: number, y: number): number[] => {
      const k = (Math.round(projectY(r.projection, y)) * 64 + Math.round(projectX(r.projection, x))) * 3;
      return Array.from(frame.subarray(k, k + 3));
    };
    // Body 0 is red, body 1 yellow (RS order): the later one shows where they overlap, in either arrangement.
    r.renderPositions(Float64Array.of(0.3, 0.2, 0.35, 0.2), frame);
    expect(centre(0.35, 0.2)).toEqual([254, 234, 93]);
    r.renderPositions(Float64Array.of(0.35, 0.2, 0.3, 0.2), frame);
    expect(centre(0.3, 0.2)).toEqual([254, 234, 93]);
    // Apart, each keeps its own colour.
    r.renderPositions(Float64Array.of(-1.5, 0, 1.5, 0), frame);
    expect(centre(-1.5, 0)).toEqual([254, 88, 93]);
    expect(centre(1.5, 0)).toEqual([254, 234, 93]);
  });
});

describe('DM look', () => {
  it('uses the DM background and distinct hues for distinct bodies', () => {
    const system = getSystem('three-body');
    const r = makeRenderer(system, resolveParams(system), { size: 64, style: 'dm' });
    const frame = new Uint8Array(r.frameBytes);
    const xy = Float64Array.of(-1.5, -1, 1.5, -1, 0, 1.5);
    r.renderPositions(xy, frame);
    expect(Array.from(frame.subarray(0, 3))).toEqual(DM_BACKGROUND.map((v) => Math.round(v)));
    const centres = [0, 1, 2].map((b) => {
      const k = (Math.round(projectY(r.projection, xy[2 * b + 1])) * 64 + Math.round(projectX(r.projection, xy[2 * b]))) * 3;
      return Array.from(frame.subarray(k, k + 3)).join(',');
    });
    expect(new Set(centres).size).toBe(3);
  });
});

describe('stamps', () => {
  it('never cut a footprint: every patch is zero along its border, at every phase', async () => {
    const { buildStamps, rsFootprint, dmFootprint } = await import('../../../main/core/physics/render/stamps');
    for (const r of [1.3, 4, 9.7]) {
      for (const stamps of [buildStamps(Math.ceil(r + 2.5), rsFootprint(r)), buildStamps(Math.ceil(r + 9.5 / 2.5 + 1), dmFootprint(r, 2.5, 9.5))]) {
        const { width, data } = stamps;
        for (let p = 0; p < data.length / (width * width); p++) {
          for (let e = 0; e < width; e++) {
            for (const k of [e, (width - 1) * width + e, e * width, e * width + width - 1]) expect(data[p * width * width + k]).toBe(0);
          }
        }
      }
    }
  });
});
