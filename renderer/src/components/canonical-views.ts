// What the canonical-transformation views draw, from a run's artifacts (names and shapes in preload/results.ts):
// which planes to show and what they are called, the actions against the truth, the map's q(t) series. Pure (no
// Vue), so tests build them from artifacts the runner wrote.
import type { ArtifactData, CanonicalActionsInfo, CanonicalMapInfo, CanonicalSetupInfo } from '../../../preload/contract';

/** Trajectories [count, points, dim] row-major, as TrajectoryPlane takes them. */
export interface PathSet {
  states: ArrayLike<number>;
  count: number;
  points: number;
  dim: number;
}

export interface Plane {
  x: number;
  y: number;
  xName: string;
  yName: string;
  title: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// The JSON artifacts are typed by their name (preload/results.ts); these checks read only the fields the views use, so a
// damaged or foreign artifact (an old project) shows nothing instead of throwing in a draw.
export function setupOf(a: ArtifactData | null): CanonicalSetupInfo | null {
  const v = a?.kind === 'json' ? a.value : null;
  return isObject(v) && typeof v.dof === 'number' && Array.isArray(v.coordinates) ? (v as unknown as CanonicalSetupInfo) : null;
}

export function actionsOf(a: ArtifactData | null): CanonicalActionsInfo | null {
  const v = a?.kind === 'json' ? a.value : null;
  return isObject(v) && Array.isArray(v.quantities) && typeof v.symplecticDefect === 'number' ? (v as unknown as CanonicalActionsInfo) : null;
}

export function mapOf(a: ArtifactData | null): CanonicalMapInfo | null {
  const v = a?.kind === 'json' ? a.value : null;
  return isObject(v) && Array.isArray(v.truth) && Array.isArray(v.mapped) && Array.isArray(v.state) && typeof v.dt === 'number' ? (v as unknown as CanonicalMapInfo) : null;
}

/** An f32 artifact of shape [count, points, dim] as a path set, or null. */
export function pathsOf(a: ArtifactData | null): PathSet | null {
  if (!a || a.kind !== 'f32' || a.shape.length !== 3) return null;
  const [count, points, dim] = a.shape;
  return count * points * dim === a.values.length && count > 0 ? { states: a.values, count, points, dim } : null;
}

/** The subscripted name of plane j's coordinate (Q, P with one degree of freedom; Q₁, P₁, ... otherwise). */
function sub(name: string, j: number, dof: number): string {
  const digits = '₀₁₂₃₄₅₆₇₈₉';
  return dof === 1 ? name : name + String(j + 1).replace(/\d/g, (d) => digits[Number(d)]);
}

/** The learned planes (Q_j, P_j), one per degree of freedom: where each trajectory should turn on a circle. */
export function latentPlanes(dof: number): Plane[] {
  return Array.from({ length: dof }, (_, j) => ({ x: j, y: dof + j, xName: sub('Q', j, dof), yName: sub('P', j, dof), title: `learned plane (${sub('Q', j, dof)}, ${sub('P', j, dof)})` }));
}

/**
 * The data as people know them: Kepler's orbits in the (x, y) plane; otherwise the first degree of freedom's phase
 * plane (q, p) (the pendulum's and spring's only one).
 */
export function dataPlane(setup: Pick<CanonicalSetupInfo, 'system' | 'dof' | 'coordinates'>): Plane {
  const c = setup.coordinates;
  if (setup.system === 'kepler') return { x: 0, y: 1, xName: c[0], yName: c[1], title: 'orbits in the plane (x, y)' };
  return { x: 0, y: setup.dof, xName: c[0], yName: c[setup.dof], title: `phase space (${c[0]}, ${c[setup.dof]})` };
}

/** The name of the learned action of plane j (I₁, I₂; I with one degree of freedom). */
export const actionName = (plane: number, dof: number) => sub('I', plane, dof);

/** Least-squares line y = a + b x through the points (null when x does not vary). */
export function fitLine(x: readonly number[], y: readonly number[]): { a: number; b: number } | null {
  const n = Math.min(x.length, y.length);
  if (n < 2) return null;
  let [mx, my] = [0, 0];
  for (let i = 0; i < n; i++) [mx, my] = [mx + x[i] / n, my + y[i] / n];
  let [sxx, sxy] = [0, 0];
  for (let i = 0; i < n; i++) [sxx, sxy] = [sxx + (x[i] - mx) ** 2, sxy + (x[i] - mx) * (y[i] - my)];
  if (!(sxx > 0)) return null;
  const b = sxy / sxx;
  return { a: my - b * mx, b };
}

/** The map's motion as TrajectoryPlane paths (one trajectory each): the truth and the motion mapped back. */
export function mapPaths(m: CanonicalMapInfo): { truth: PathSet; mapped: PathSet } {
  const d = m.state.length;
  const flat = (rows: number[][]) => Float64Array.from({ length: rows.length * d }, (_, k) => rows[Math.floor(k / d)][k % d]);
  return { truth: { states: flat(m.truth), count: 1, points: m.truth.length, dim: d }, mapped: { states: flat(m.mapped), count: 1, points: m.mapped.length, dim: d } };
}

/** |mapped - truth| of frame t over the RMS size of the true state along the motion (what relError averages). */
export function frameError(m: CanonicalMapInfo, t: number): number {
  const d = m.state.length;
  let ms = 0;
  for (const row of m.truth) for (let i = 0; i < d; i++) ms += row[i] ** 2 / (m.truth.length * d);
  const e = Math.hypot(...m.mapped[t].map((x, i) => x - m.truth[t][i])) / Math.sqrt(d);
  return e / Math.sqrt(ms || 1);
}

/**
 * The map form's problems in words, by field: every coordinate a finite number, frames a whole number from 2, dt
 * positive when given (the runner checks the same: CanonicalMapJobSchema); a Kepler planet not at the sun (its
 * integrator would grind to its step limit on the singularity).
 */
export function mapFormProblems(state: readonly number[], frames: number, dt: number | undefined, system = ''): Record<string, string> {
  const p: Record<string, string> = {};
  if (system === 'kepler' && state[0] === 0 && state[1] === 0) p['state.0'] = 'The planet cannot start at the sun (x = y = 0).';
  state.forEach((x, i) => {
    if (!Number.isFinite(x)) p[`state.${i}`] = 'A number.';
    else if (Math.abs(x) > 1e6) p[`state.${i}`] = 'At most 1e6 in size.';
  });
  if (!Number.isInteger(frames) || frames < 2 || frames > 100_000) p.frames = 'A whole number from 2 to 100,000.';
  if (dt !== undefined && !(Number.isFinite(dt) && dt > 0 && dt <= 100)) p.dt = 'A time step above 0, at most 100.';
  return p;
}

/**
 * What a Kepler state is, said before it is mapped when it matters: an unbound orbit (E >= 0) leaves for good, and
 * the transformation, trained on bound orbits (closed curves), cannot follow it. H = |p|^2/2 - k/r.
 */
export function keplerNote(state: readonly number[], k: number): string | null {
  const r = Math.hypot(state[0], state[1]);
  if (!(r > 0) || state.length !== 4 || state.some((x) => !Number.isFinite(x))) return null;
  const energy = (state[2] ** 2 + state[3] ** 2) / 2 - k / r;
  return energy >= 0 ? `This orbit is unbound (E = ${Number(energy.toPrecision(3))} ≥ 0): the transformation was trained on bound orbits, so the motion mapped back will not follow it.` : null;
}
