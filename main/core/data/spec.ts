// A dataset spec: everything that determines a dataset's bytes. `resolveDatasetSpec` fills defaults and validates;
// `datasetSpecHash` is the content address of the data it describes (used by the cache and recorded in headers).
import { getSystem } from '../physics/systems';
import { resolveParams, resolveSampling } from '../physics/params';
import { checkImageSize } from '../physics/render/renderer';
import type { RenderStyle } from '../physics/render/palette';
import type { NoiseMode, SamplingSpec, SystemId } from '../physics/types';
import { canonicalJson } from './canonical-json';
import { sha256HexOfString } from './sha256';
import { FORMAT_VERSION, GENERATOR_VERSION } from './version';

/** What a caller asks for; omitted fields take the defaults below and the system's paper values. */
export interface DatasetSpec {
  system: SystemId | string;
  /** Parameter overrides by name (e.g. { k: 1, m: 1 } for HNN's ideal spring). */
  params?: Readonly<Record<string, number>>;
  /** Initial-state sampling overrides (radius range, noise std, noise mode). */
  sampling?: Partial<SamplingSpec>;
  seed?: number;
  train?: number;
  test?: number;
  /** Frames per sequence (states at t = 0, dt, ..., (steps - 1) dt). */
  steps?: number;
  dt?: number;
  /** Image side in pixels (16..128). */
  size?: number;
  style?: RenderStyle;
}

/** A spec with every field explicit: what headers record and what hashes are taken of. */
export interface ResolvedDatasetSpec {
  system: SystemId;
  params: Record<string, number>;
  sampling: { radius: [number, number]; noise: number; noiseMode: NoiseMode };
  seed: number;
  train: number;
  test: number;
  steps: number;
  dt: number;
  size: number;
  style: RenderStyle;
}

export const DATASET_DEFAULTS = { seed: 0, train: 1000, test: 200, steps: 30, dt: 0.125, size: 32, style: 'rs' } as const;
/** Guard against requests that cannot fit in memory (frames are held in one Uint8Array per split). */
export const MAX_SEQUENCES = 1_000_000;
export const MAX_STEPS = 10_000;

function checkInt(name: string, v: number, min: number, max: number): number {
  if (!Number.isInteger(v) || v < min || v > max) throw new Error(`${name} must be an integer in [${min}, ${max}], got ${v}`);
  return v;
}

export function resolveDatasetSpec(spec: DatasetSpec): ResolvedDatasetSpec {
  const system = getSystem(spec.system);
  const params = resolveParams(system, spec.params ?? {});
  const sampling = resolveSampling(system, spec.sampling ?? {});
  const size = spec.size ?? DATASET_DEFAULTS.size;
  checkImageSize(size);
  const style = spec.style ?? DATASET_DEFAULTS.style;
  if (style !== 'rs' && style !== 'dm') throw new Error(`style must be 'rs' or 'dm', got '${String(style)}'`);
  const dt = spec.dt ?? DATASET_DEFAULTS.dt;
  if (!Number.isFinite(dt) || dt <= 0 || dt > 10) throw new Error(`dt must be in (0, 10], got ${dt}`);
  const train = checkInt('train', spec.train ?? DATASET_DEFAULTS.train, 0, MAX_SEQUENCES);
  const test = checkInt('test', spec.test ?? DATASET_DEFAULTS.test, 0, MAX_SEQUENCES);
  if (train + test === 0) throw new Error('a dataset needs at least one sequence (train + test > 0)');
  const bytes = (train + test) * (spec.steps ?? DATASET_DEFAULTS.steps) * size * size * 3;
  if (bytes > 2 ** 32) throw new Error(`dataset too large: ${(bytes / 2 ** 30).toFixed(1)} GiB of frames (max 4 GiB)`);
  return {
    system: system.id,
    params: { ...params },
    sampling: { radius: [sampling.radius[0], sampling.radius[1]], noise: sampling.noise, noiseMode: sampling.noiseMode },
    seed: checkInt('seed', spec.seed ?? DATASET_DEFAULTS.seed, 0, 2 ** 32 - 1),
    train,
    test,
    steps: checkInt('steps', spec.steps ?? DATASET_DEFAULTS.steps, 1, MAX_STEPS),
    dt,
    size,
    style,
  };
}

/** SHA-256 (hex) of the canonical JSON of the resolved spec and the versions that shape its bytes. */
export function datasetSpecHash(spec: ResolvedDatasetSpec): string {
  return sha256HexOfString(
    canonicalJson({ formatVersion: FORMAT_VERSION, generatorVersion: GENERATOR_VERSION, spec: { ...spec } }),
  );
}
