// The pure dataset generator: deterministic from the spec, yields progress so a worker can post it and cancel.
import { deriveSeed, makeRng, gaussian } from '../random';
import { ENERGY_GATE, sampleTrajectory, type TrajectoryRequest } from '../physics/trajectory';
import { getSystem } from '../physics/systems';
import { makeSimulator } from '../physics/simulate';
import { makeRenderer } from '../physics/render/renderer';
import { resolveDatasetSpec, datasetSpecHash, type DatasetSpec, type ResolvedDatasetSpec } from './spec';
import { DATASET_FORMAT, FORMAT_VERSION, GENERATOR_VERSION } from './version';
import { SPLITS, type Dataset, type DatasetMeta, type DatasetSplit, type SplitName } from './dataset';

export interface GenerateProgress {
  split: SplitName;
  /** Sequences finished in this split and overall. */
  done: number;
  total: number;
  overallDone: number;
  overallTotal: number;
}

export interface GenerateOptions {
  /** Yield progress every this many sequences (default: about 1% of the total, at least 1). */
  progressEvery?: number;
}

export function datasetMeta(spec: ResolvedDatasetSpec): DatasetMeta {
  const system = getSystem(spec.system);
  const sim = makeSimulator(system, spec.params);
  const draw = system.draw(spec.params);
  return {
    format: DATASET_FORMAT,
    formatVersion: FORMAT_VERSION,
    generatorVersion: GENERATOR_VERSION,
    spec,
    specHash: datasetSpecHash(spec),
    system: {
      id: system.id,
      label: system.label,
      dim: system.dim,
      conservative: system.conservative,
      bodies: draw.bodies,
      stateLayout: `[q_0..q_${system.dim / 2 - 1}, p_0..p_${system.dim / 2 - 1}]`,
    },
    integrator: {
      method: sim.method,
      detail:
        sim.method === 'symplectic'
          ? `yoshida6 leapfrog composition, substep <= ${system.groundTruth.maxSubstep}`
          : `DOP853 adaptive, rtol = atol = ${system.groundTruth.tolerance}` +
            (system.conservative ? `; trajectories drifting in energy by > ${ENERGY_GATE} (relative) resampled` : ''),
    },
    seeds: { train: deriveSeed(spec.seed, 'train'), test: deriveSeed(spec.seed, 'test') },
    shapes: { frames: [spec.steps, spec.size, spec.size, 3], states: [spec.steps, system.dim] },
  };
}

export function* generateDataset(input: DatasetSpec, options: GenerateOptions = {}): Generator<GenerateProgress, Dataset> {
  const spec = resolveDatasetSpec(input);
  const meta = datasetMeta(spec);
  const system = getSystem(spec.system);
  const sim = makeSimulator(system, spec.params);
  const renderer = makeRenderer(system, spec.params, { size: spec.size, style: spec.style });
  const dim = system.dim;
  const frameBytes = renderer.frameBytes;
  const overallTotal = spec.train + spec.test;
  const every = options.progressEvery ?? Math.max(1, Math.floor(overallTotal / 100));
  const y0 = new Float64Array(dim);
  const drawn = new Float64Array(dim);
  const observationNoise = spec.sampling.noiseMode === 'observation' ? spec.sampling.noise : 0;
  const request: TrajectoryRequest = {
    system,
    params: spec.params,
    sampling: spec.sampling,
    sim,
    frames: spec.steps,
    dt: spec.dt,
  };
  const splits = {} as Record<SplitName, DatasetSplit>;
  let overallDone = 0;
  for (const split of SPLITS) {
    const count = spec[split];
    const frames = new Uint8Array(count * spec.steps * frameBytes);
    const states = new Float64Array(count * spec.steps * dim);
    splits[split] = { count, frames, states };
    for (let i = 0; i < count; i++) {
      // One independent stream per sequence: sequence i is a pure function of (spec, split, i).
      const rng = makeRng(deriveSeed(meta.seeds[split], i));
      const base = i * spec.steps;
      sampleTrajectory(request, rng, y0, states, base * dim);
      for (let t = 0; t < spec.steps; t++) {
        const at = (base + t) * dim;
        for (let k = 0; k < dim; k++) drawn[k] = states[at + k];
        if (observationNoise > 0) for (let k = 0; k < dim; k++) drawn[k] += observationNoise * gaussian(rng);
        renderer.render(drawn, frames, (base + t) * frameBytes);
      }
      overallDone++;
      if ((i + 1) % every === 0 || i + 1 === count) {
        yield { split, done: i + 1, total: count, overallDone, overallTotal };
      }
    }
  }
  return { meta, train: splits.train, test: splits.test };
}

/** Runs the generator to completion (tests, benches, small previews). */
export function generateDatasetSync(spec: DatasetSpec, options?: GenerateOptions): Dataset {
  const gen = generateDataset(spec, options);
  for (;;) {
    const step = gen.next();
    if (step.done) return step.value;
  }
}
