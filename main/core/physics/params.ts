// Parameter resolution: paper defaults filled in, user overrides validated against each system's ranges.
import type { HamiltonianSystem, Params, SamplingSpec } from './types';

/** Defaults of `system` with `overrides` applied; throws a clear error on unknown names or out-of-range values. */
export function resolveParams(system: HamiltonianSystem, overrides: Readonly<Record<string, number>> = {}): Params {
  const known = new Set(system.params.map((p) => p.name));
  for (const name of Object.keys(overrides)) {
    if (!known.has(name)) {
      throw new Error(`${system.id} has no parameter '${name}' (known: ${[...known].join(', ') || 'none'})`);
    }
  }
  const out: Record<string, number> = {};
  for (const spec of system.params) {
    const value = overrides[spec.name] ?? spec.default;
    if (!Number.isFinite(value) || value < spec.min || value > spec.max) {
      throw new Error(`${system.id}.${spec.name} = ${value} is outside [${spec.min}, ${spec.max}]`);
    }
    out[spec.name] = value;
  }
  return Object.freeze(out);
}

/** The system's default sampling with overrides applied and checked. */
export function resolveSampling(system: HamiltonianSystem, overrides: Partial<SamplingSpec> = {}): SamplingSpec {
  const radius = overrides.radius ?? system.sampling.radius;
  const noise = overrides.noise ?? system.sampling.noise;
  const noiseMode = overrides.noiseMode ?? system.sampling.noiseMode;
  if (radius.length !== 2 || !(radius[0] >= 0) || !(radius[1] >= radius[0]) || !Number.isFinite(radius[1])) {
    throw new Error(`sampling radius must be [min, max] with 0 <= min <= max, got [${radius.join(', ')}]`);
  }
  if (!(noise >= 0) || !Number.isFinite(noise)) throw new Error(`sampling noise must be >= 0, got ${noise}`);
  if (noiseMode !== 'initial' && noiseMode !== 'observation') {
    throw new Error(`sampling noiseMode must be 'initial' or 'observation', got '${String(noiseMode)}'`);
  }
  return { radius: [radius[0], radius[1]], noise, noiseMode };
}

/** H(state) at the given parameters: a convenience for tests and the UI (inner loops use `dynamics` directly). */
export function energy(system: HamiltonianSystem, params: Params, state: Float64Array): number {
  return system.dynamics(params).H(state);
}
