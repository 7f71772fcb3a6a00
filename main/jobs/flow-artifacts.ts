// The arrays and JSON the flows page draws: the setup (once), heatmaps (density, and K / U for the flow), samples
// and trajectories (at intervals and at the end), and the shape of the saved model. Heatmap grids are row-major
// with y as the slow axis and are floored 25 nats below their maximum.
import { targetLogDensityGrid, type Grid2 } from '../core/densities';
import { densityGrid, energyGrids, sampleModel, sampleTrajectories } from '../core/models/flows/evaluate';
import type { SymmetryGenerator } from '../core/models/flows/generators';
import { HamiltonianFlow } from '../core/models/flows/hamiltonian-flow';
import type { DensityModel } from '../core/models/flows/model';
import { exportWeights, type WeightEntry } from '../core/models/flows/weights-json';
import { deriveSeed, makeRng } from '../core/random';
import { artifact, type ArtifactData, type MetricValues, type RunnerEvent } from './runner';
import type { FlowData } from './flow-build';
import type { FlowJobConfig, FlowSetupInfo } from '../../preload/contract';
import { firstRows } from './flow-metrics';

/** What the `weights` artifact holds, and what the CLI writes to disk. */
export interface SavedFlowModel {
  format: 'hamiltonian-studio/flow-model';
  version: 1;
  /** The job config (without csvText) that rebuilds the model and its data split. */
  config: FlowJobConfig;
  dim: number;
  parameters: number;
  weights: WeightEntry[];
  /** Final metrics; log-likelihoods per point in the units of the data (nllUnits). */
  metrics: MetricValues;
  /** The CSV standardisation the model sees its inputs through: standardised = (x - shift) / scale. */
  transform?: { shift: number[]; scale: number };
  /** The units of the metrics' log-likelihoods: always those of the data (files without it: standardised). */
  nllUnits?: 'data';
}

/** Everything the runner has built before training starts. */
export interface FlowSetup extends FlowData {
  c: FlowJobConfig;
  model: DensityModel;
  gens: readonly SymmetryGenerator[];
  parameters: number;
  grid: Grid2 | null;
}

const f32 = (shape: number[], values: Float32Array): ArtifactData => ({ kind: 'f32', shape, values });

/** The log-density image is floored 25 nats below its maximum so that empty cells stay plottable. */
function floorLogImage(values: Float32Array, depth = 25): Float32Array {
  let max = -Infinity;
  for (const v of values) if (Number.isFinite(v) && v > max) max = v;
  const floor = Number.isFinite(max) ? max - depth : -depth;
  return values.map((v) => (Number.isFinite(v) && v > floor ? v : floor));
}

/** Once, before training: the setup JSON, the target density's grid and the points shown over it. */
export function* setupArtifacts(s: FlowSetup): Generator<RunnerEvent> {
  const { c, density, data, grid } = s;
  const generators = s.gens.map((g) => ({ id: g.id, label: g.label }));
  const sizes = { trainSize: data.train ? data.train.length / density.dim : 0, testSize: data.test.length / density.dim };
  const setup: FlowSetupInfo = { model: c.model, dim: density.dim, stateDim: s.model.stateDim, parameters: s.parameters, grid, transform: s.transform, generators, ...sizes, entropy: density.entropy ?? null };
  yield artifact('setup', { kind: 'json', value: setup });
  if (grid) {
    const target = targetLogDensityGrid(density, grid, makeRng(deriveSeed(c.seed, 'target-grid')));
    yield artifact('target-grid', f32([grid.ny, grid.nx], floorLogImage(target)));
  }
  if (c.sampleCount > 0) {
    const shown = data.train ?? density.sample(c.sampleCount, makeRng(deriveSeed(c.seed, 'shown')));
    const nShown = Math.min(c.sampleCount, shown.length / density.dim);
    yield artifact('train-points', f32([nShown, density.dim], firstRows(shown, density.dim, nShown).slice()));
  }
}

/** At intervals and at the end: the model's density (and K / U) heatmaps, samples and trajectories. */
export async function* snapshotArtifacts(model: DensityModel, c: FlowJobConfig, grid: Grid2 | null, step: number): AsyncGenerator<RunnerEvent> {
  const rng = makeRng(deriveSeed(c.seed, `artifacts/${step}`));
  if (grid) {
    const g = await densityGrid(model, grid, { k: c.gridK, bound: 'iwae', rng });
    yield artifact('density-grid', f32([grid.ny, grid.nx], floorLogImage(g)));
    if (model instanceof HamiltonianFlow) {
      const e = await energyGrids(model, grid);
      yield artifact('kinetic-grid', f32(e.shape, e.kinetic));
      yield artifact('potential-grid', f32(e.shape, e.potential));
    }
  }
  if (c.sampleCount > 0) {
    yield artifact('samples', f32([c.sampleCount, model.dim], await sampleModel(model, c.sampleCount, rng)));
  }
  if (c.trajectoryCount > 0) {
    const t = await sampleTrajectories(model, c.trajectoryCount, rng);
    yield artifact('trajectories', f32(t.shape, t.values));
  }
}

/** At the end: the saved model (config without the CSV text, weights, final metrics). */
export async function savedModel(s: FlowSetup, metrics: MetricValues): Promise<SavedFlowModel> {
  return {
    format: 'hamiltonian-studio/flow-model',
    version: 1,
    config: { ...s.c, csvText: '' },
    dim: s.density.dim,
    parameters: s.parameters,
    weights: await exportWeights(s.model.variables()),
    metrics,
    transform: s.transform,
    nllUnits: 'data',
  };
}
