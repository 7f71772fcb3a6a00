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
