// The canonical views' pure parts (renderer/src/components/canonical-views.ts) on what the runner really writes: the
// artifacts read back, the planes and their names, the map's paths, its per-frame error (which averages to the
// runner's relError), and the map form's problems in words.
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../main/engine/backends';
import { makeRng } from '../../main/core/random';
import { runCanonical } from '../../main/jobs/canonical';
import { CanonicalJobSchema, type ArtifactData } from '../../preload/contract';
import {
  actionName,
  actionsOf,
  dataPlane,
  fitLine,
  frameError,
  keplerNote,
  latentPlanes,
  mapFormProblems,
  mapOf,
  mapPaths,
  pathsOf,
  setupOf,
} from '../../renderer/src/components/canonical-views';

const artifacts = new Map<string, ArtifactData>();
beforeAll(async () => {
  await initBackend('wasm');
  const config = CanonicalJobSchema.parse({
    kind: 'canonical', system: 'kepler', train: 16, validation: 4, test: 6, points: 16, blocks: 1, hidden: 8, steps: 10, evalEvery: 5,
    metricsEvery: 5, batchTrajectories: 8, evalTrajectories: 4, viewTrajectories: 3, symplecticPoints: 8, mapFrames: 24,
  });
  const run = runCanonical(config, { cancelled: () => false, rng: makeRng(1) });
  for (let r = await run.next(); !r.done; r = await run.next()) if (r.value.type === 'artifact') artifacts.set(r.value.name, r.value.data);
}, 120_000);

describe('canonical views', () => {
  it('read the runner\'s artifacts, and nothing else', () => {
    const setup = setupOf(artifacts.get('canonical-setup')!);
    expect(setup).toMatchObject({ system: 'kepler', dof: 2, coordinates: ['x', 'y', 'px', 'py'] });
    expect(actionsOf(artifacts.get('canonical-actions')!)?.quantities.map((q) => q.name)).toEqual(['energy', 'angular_momentum', 'lrl']);
    expect(pathsOf(artifacts.get('canonical-latent')!)).toMatchObject({ count: 3, points: 16, dim: 4 });
    expect(mapOf(artifacts.get('canonical-map')!)?.frames).toBe(24);
    // A wrong kind or shape (a damaged project) shows nothing rather than throwing in a draw.
    expect(setupOf(artifacts.get('canonical-latent')!)).toBeNull();
    expect(actionsOf({ kind: 'json', value: { quantities: 'no' } })).toBeNull();
    expect(pathsOf({ kind: 'f32', shape: [2, 3, 4], values: new Float32Array(23) })).toBeNull();
    expect(mapOf(null)).toBeNull();
  });

  it('name the planes: Kepler\'s orbits in (x, y), the phase plane otherwise, and one learned plane per degree of freedom', () => {
    expect(dataPlane(setupOf(artifacts.get('canonical-setup')!)!)).toMatchObject({ x: 0, y: 1, xName: 'x', yName: 'y' });
    expect(dataPlane({ system: 'fput', dof: 5, coordinates: ['q1', 'q2', 'q3', 'q4', 'q5', 'p1', 'p2', 'p3', 'p4', 'p5'] })).toMatchObject({ x: 0, y: 5, xName: 'q1', yName: 'p1' });
    expect(latentPlanes(2).map((p) => [p.x, p.y, p.xName, p.yName])).toEqual([[0, 2, 'Q₁', 'P₁'], [1, 3, 'Q₂', 'P₂']]);
    expect(latentPlanes(1)[0]).toMatchObject({ x: 0, y: 1, xName: 'Q', yName: 'P' });
    expect([actionName(1, 2), actionName(0, 1), actionName(10, 12)]).toEqual(['I₂', 'I', 'I₁₁']);
  });

  it('the map: paths of one trajectory each, an error of 0 where the motion starts that averages to the runner\'s relError', () => {
    const m = mapOf(artifacts.get('canonical-map')!)!;
    const { truth, mapped } = mapPaths(m);
    expect(truth).toMatchObject({ count: 1, points: 24, dim: 4 });
    expect(Array.from(mapped.states).slice(4, 8)).toEqual(m.mapped[1]);
    expect(frameError(m, 0)).toBeLessThan(1e-4);
    const rms = Math.sqrt(m.truth.reduce((s, _, t) => s + frameError(m, t) ** 2, 0) / m.truth.length);
    expect(rms).toBeCloseTo(m.relError, 6);
  });

  it('the map form explains a bad value where it is typed', () => {
    expect(mapFormProblems([1, 0, 0, 0.9], 120, 0.1)).toEqual({});
    expect(mapFormProblems([1, Number.NaN, 0, 2e6], 1.5, 0)).toEqual({
      'state.1': 'A number.', 'state.3': 'At most 1e6 in size.', frames: 'A whole number from 2 to 100,000.', dt: 'A time step above 0, at most 100.',
    });
    // Kepler: not at the sun (its integrator would grind on the singularity); an unbound orbit is said, not refused.
    expect(mapFormProblems([0, 0, 0, 1], 10, 0.1, 'kepler')).toEqual({ 'state.0': 'The planet cannot start at the sun (x = y = 0).' });
    expect(mapFormProblems([0, 0, 0, 1], 10, 0.1, 'fput')).toEqual({});
    expect(keplerNote([1, 0, 0, 0.9], 1)).toBeNull();
    expect(keplerNote([1, 0, 0, 1.5], 1)).toMatch(/^This orbit is unbound \(E = 0\.125 ≥ 0\)/);
    expect(keplerNote([1, 0, 0, 1.5], 2)).toBeNull();
  });

  it('the scatter\'s line is the least-squares fit', () => {
    expect(fitLine([0, 1, 2], [1, 3, 5])).toEqual({ a: 1, b: 2 });
    expect(fitLine([1, 1], [0, 2])).toBeNull();
  });
});
