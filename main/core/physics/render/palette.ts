// Colours of the two rendering styles, in 0..255 units.

export type RenderStyle = 'rs' | 'dm';
export const RENDER_STYLES: readonly RenderStyle[] = ['rs', 'dm'];

export type Rgb = readonly [number, number, number];

/** RS replication, matched to the HGN authors' images: grey background, balls added onto it. */
export const RS_BACKGROUND: Rgb = [81, 88, 93];
export const RS_BALLS: readonly Rgb[] = [
  [173, 146, 0],
  [173, 0, 0],
  [0, 146, 0],
];

/** DM suite: background (0.321, 0.349, 0.368); ball colours are fully saturated hues spread over the palette. */
export const DM_BACKGROUND: Rgb = [0.321 * 255, 0.349 * 255, 0.368 * 255];
export const DM_TEMPERATURE = 80;

/** DM's hsv2rgb for s = v = 1 at hue = index / count (count 1: red). */
export function dmColour(index: number, count: number): Rgb {
  const h = (index / Math.max(1, count)) * 6;
  const f = h - Math.floor(h);
  const q = 1 - f;
  const sextants: readonly Rgb[] = [
    [1, f, 0],
    [q, 1, 0],
    [0, 1, f],
    [0, q, 1],
    [f, 0, 1],
    [1, 0, q],
  ];
  const [r, g, b] = sextants[Math.floor(h) % 6];
  return [r * 255, g * 255, b * 255];
}

export function rsColour(index: number): Rgb {
  return RS_BALLS[index % RS_BALLS.length];
}
