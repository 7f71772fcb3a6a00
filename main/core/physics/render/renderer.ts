// A frame renderer for one system at fixed parameters, image size and style: preallocated, one call per frame.
import type { DrawSpec, HamiltonianSystem, Params } from '../types';
import { DM_BACKGROUND, RS_BACKGROUND, dmColour, rsColour, type RenderStyle, type Rgb } from './palette';
import { makeProjection, projectX, projectY, type Projection } from './projection';
import { makeRsPainter, type Painter } from './rs-style';
import { makeDmPainter } from './dm-style';

export const MIN_IMAGE_SIZE = 16;
export const MAX_IMAGE_SIZE = 128;

export interface RenderOptions {
  size: number;
  style: RenderStyle;
}

export interface FrameRenderer {
  readonly size: number;
  /** size * size * 3. */
  readonly frameBytes: number;
  readonly style: RenderStyle;
  readonly draw: DrawSpec;
  readonly projection: Projection;
  /** Draws the bodies of `state` (length dim) into out[offset .. offset + frameBytes), HxWx3 row-major. */
  render(state: Float64Array, out: Uint8Array, offset?: number): void;
  /** Draws bodies at world positions [x0, y0, x1, y1, ...] (tests and previews of arbitrary layouts). */
  renderPositions(positions: Float64Array, out: Uint8Array, offset?: number): void;
}

export function checkImageSize(size: number): void {
  if (!Number.isInteger(size) || size < MIN_IMAGE_SIZE || size > MAX_IMAGE_SIZE) {
    throw new Error(`image size must be an integer in [${MIN_IMAGE_SIZE}, ${MAX_IMAGE_SIZE}], got ${size}`);
  }
}

function backgroundFrame(size: number, bg: Rgb): Uint8Array {
  const frame = new Uint8Array(size * size * 3);
  const bytes = bg.map((v) => Math.round(v));
  for (let k = 0; k < frame.length; k += 3) {
    frame[k] = bytes[0];
    frame[k + 1] = bytes[1];
    frame[k + 2] = bytes[2];
  }
  return frame;
}

/** Each body's colour in a style (0..255 units). */
export function bodyColours(draw: DrawSpec, style: RenderStyle): Rgb[] {
  return Array.from(draw.colours, (c) => (style === 'rs' ? rsColour(c) : dmColour(c, draw.colourCount)));
}

export function makeRenderer(system: HamiltonianSystem, params: Params, options: RenderOptions): FrameRenderer {
  const { size, style } = options;
  checkImageSize(size);
  if (style !== 'rs' && style !== 'dm') throw new Error(`unknown render style '${String(style)}' (rs or dm)`);
  const draw = system.draw(params);
  const projection = makeProjection(size, style === 'rs' ? draw.halfSize.rs : draw.halfSize.dm);
  const background = style === 'rs' ? RS_BACKGROUND : DM_BACKGROUND;
  const colours = bodyColours(draw, style);
  const bgFrame = backgroundFrame(size, background);
  const worldRadius = style === 'rs' ? draw.radius.rs : draw.radius.dm;
  const radii = worldRadius.map((r) => r * projection.pxPerUnit);
  const paint: Painter = (style === 'rs' ? makeRsPainter : makeDmPainter)({ size, colours, radii, background, bgFrame });
  const positions = new Float64Array(2 * draw.bodies);
  const cx = new Float64Array(draw.bodies);
  const cy = new Float64Array(draw.bodies);

  const renderPositions = (xy: Float64Array, out: Uint8Array, offset = 0): void => {
    for (let b = 0; b < draw.bodies; b++) {
      cx[b] = projectX(projection, xy[2 * b]);
      cy[b] = projectY(projection, xy[2 * b + 1]);
    }
    paint(cx, cy, out, offset);
  };
  return {
    size,
    frameBytes: size * size * 3,
    style,
    draw,
    projection,
    renderPositions,
    render(state, out, offset = 0) {
      draw.positions(state, positions);
      renderPositions(positions, out, offset);
    },
  };
}
