// n-body ground truth as 3D paths: each body's planar position, with time as the third axis (scaled to the
// spatial extent so the view is not a needle). States are [steps, dim] with q = (x0, y0, x1, y1, ...).
import type { Path3D } from './Trajectory3D.vue';

export const BODY_COLOURS = ['#ad9200', '#ad0000', '#009200', '#4f8fd0', '#b05fc0'];

export function bodyPaths(states: Float64Array, steps: number, dim: number): Path3D[] {
  const bodies = dim / 4;
  let extent = 0;
  for (let i = 0; i < steps * dim; i++) if (i % dim < dim / 2) extent = Math.max(extent, Math.abs(states[i]));
  const timeScale = (2 * (extent || 1)) / Math.max(1, steps - 1);
  return Array.from({ length: bodies }, (_, b) => {
    const points = new Float32Array(steps * 3);
    for (let t = 0; t < steps; t++) {
      points[3 * t] = states[t * dim + 2 * b];
      points[3 * t + 1] = states[t * dim + 2 * b + 1];
      points[3 * t + 2] = t * timeScale;
    }
    return { points, color: BODY_COLOURS[b % BODY_COLOURS.length], label: `body ${b + 1}` };
  });
}

/** A colour mixed halfway to white: a predicted path beside its true one. */
export function lighter(hex: string): string {
  const v = parseInt(hex.slice(1), 16);
  const mix = (c: number) => Math.round((c + 255) / 2);
  return `#${[(v >> 16) & 255, (v >> 8) & 255, v & 255].map((c) => mix(c).toString(16).padStart(2, '0')).join('')}`;
}

/**
 * True and predicted paths of a rollout's bodies ([frames, bodies, 2] each, sequence already chosen), time as the
 * third axis on one scale for both (from the true paths' extent). A position a frame does not show (NaN: the
 * body's colour is nowhere in the decoded frame) keeps the last one found, so the line stays drawable.
 */
export function rolloutBodyPaths(truth: Float32Array, truthFrames: number, predicted: Float32Array, predictedFrames: number, bodies: number): Path3D[] {
  let extent = 0;
  for (const v of truth) if (Number.isFinite(v)) extent = Math.max(extent, Math.abs(v));
  const timeScale = (2 * (extent || 1)) / Math.max(1, Math.max(truthFrames, predictedFrames) - 1);
  const path = (xy: Float32Array, frames: number, b: number): Float32Array => {
    const points = new Float32Array(frames * 3);
    let x = 0;
    let y = 0;
    for (let t = 0; t < frames; t++) {
      const px = xy[(t * bodies + b) * 2];
      const py = xy[(t * bodies + b) * 2 + 1];
      if (Number.isFinite(px) && Number.isFinite(py)) [x, y] = [px, py];
      points.set([x, y, t * timeScale], 3 * t);
    }
    return points;
  };
  const out: Path3D[] = [];
  for (let b = 0; b < bodies; b++) {
    const colour = BODY_COLOURS[b % BODY_COLOURS.length];
    const name = bodies > 1 ? `body ${b + 1}` : 'body';
    if (truthFrames > 0) out.push({ points: path(truth, truthFrames, b), color: colour, label: `${name}, true` });
    out.push({ points: path(predicted, predictedFrames, b), color: lighter(colour), label: `${name}, predicted` });
  }
  return out;
}
