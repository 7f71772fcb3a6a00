// Conserved quantities of planar n-body states [x0, y0, ..., px0, py0, ...], for tests and the UI's checks.

/** Total linear momentum (px, py). */
export function totalMomentum(s: ArrayLike<number>, bodies: number): [number, number] {
  let px = 0;
  let py = 0;
  for (let b = 0; b < bodies; b++) {
    px += s[2 * bodies + 2 * b];
    py += s[2 * bodies + 2 * b + 1];
  }
  return [px, py];
}

/** Total angular momentum about the origin: sum x p_y - y p_x. */
export function angularMomentum(s: ArrayLike<number>, bodies: number): number {
  let l = 0;
  for (let b = 0; b < bodies; b++) {
    l += s[2 * b] * s[2 * bodies + 2 * b + 1] - s[2 * b + 1] * s[2 * bodies + 2 * b];
  }
  return l;
}
