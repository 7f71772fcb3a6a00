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

/** The conserved quantities of the planar Kepler problem H = |p|^2 / 2 - k / |q| at state [x, y, px, py]. */
export interface KeplerInvariants {
  energy: number;
  /** L = x py - y px (the z component; in the plane L is perpendicular to every in-plane vector). */
  angularMomentum: number;
  /** The Laplace-Runge-Lenz vector A = p x L - k q / |q| (in the plane): towards the pericentre, |A| = k e. */
  lrl: [number, number];
}

export function keplerInvariants(s: ArrayLike<number>, k: number): KeplerInvariants {
  const [x, y, px, py] = [s[0], s[1], s[2], s[3]];
  const r = Math.hypot(x, y);
  const l = x * py - y * px;
  return {
    energy: 0.5 * (px * px + py * py) - k / r,
    angularMomentum: l,
    lrl: [py * l - (k * x) / r, -px * l - (k * y) / r],
  };
}

type Vec3 = readonly [number, number, number];

function cross(a: Vec3, b: Vec3): [number, number, number] {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

/** Angular momentum L = q x p and Laplace-Runge-Lenz vector A = p x L - k q / |q| of a 3D Kepler state. */
export function keplerVectors3(q: Vec3, p: Vec3, k: number): { L: [number, number, number]; A: [number, number, number] } {
  const L = cross(q, p);
  const pl = cross(p, L);
  const r = Math.hypot(q[0], q[1], q[2]);
  return { L, A: [pl[0] - (k * q[0]) / r, pl[1] - (k * q[1]) / r, pl[2] - (k * q[2]) / r] };
}
