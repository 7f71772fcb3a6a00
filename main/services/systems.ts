// The physical systems as the UI sees them, and quick previews: a few sampled rollouts rendered exactly as a
// dataset would be (same generator, same renderer), small enough to compute on the spot.
import type { Preview, PreviewRequest, SystemInfo } from '../../preload/contract';
import { SYSTEMS } from '../core/physics/systems';
import { getSystem, keplerInvariants, resolveParams } from '../core/physics';
import type { HamiltonianSystem, Params } from '../core/physics/types';
import { generateDatasetSync } from '../core/data/generate';

export function listSystems(): SystemInfo[] {
  return Object.values(SYSTEMS).map((s) => ({
    id: s.id,
    label: s.label,
    description: s.description,
    dim: s.dim,
    conservative: s.conservative,
    angles: [...(s.angles ?? [])],
    params: s.params.map((p) => ({ ...p })),
    sampling: { radius: [s.sampling.radius[0], s.sampling.radius[1]], noise: s.sampling.noise },
    presets: Object.fromEntries(Object.entries(s.presets).map(([k, v]) => [k, { ...v }])),
  }));
}

export function previewSystem(req: PreviewRequest): Preview {
  const ds = generateDatasetSync({ ...req, train: req.count, test: 0 });
  const system = getSystem(req.system);
  const dynamics = system.dynamics(resolveParams(system, req.params ?? {}));
  const { dim } = system;
  const energyOf = new Float64Array(req.count * req.steps);
  for (let i = 0; i < energyOf.length; i++) energyOf[i] = dynamics.H(ds.train.states.subarray(i * dim, (i + 1) * dim));
  return { count: req.count, steps: req.steps, size: req.size, dim, frames: ds.train.frames, states: ds.train.states, energy: energyOf, invariants: invariantsOf(system, resolveParams(system, req.params ?? {}), ds.train.states, req.count * req.steps) };
}

/** The conserved quantities besides H a preview shows (Kepler: L and |A|, with A . L = 0 in the plane). */
function invariantsOf(system: HamiltonianSystem, params: Params, states: Float64Array, rows: number): Preview['invariants'] {
  if (system.id !== 'kepler') return undefined;
  const l = new Float64Array(rows);
  const a = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const inv = keplerInvariants(states.subarray(i * 4, i * 4 + 4), params.k);
    l[i] = inv.angularMomentum;
    a[i] = Math.hypot(inv.lrl[0], inv.lrl[1]);
  }
  return [{ name: 'L', values: l }, { name: '|A|', values: a }];
}
