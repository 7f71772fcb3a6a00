// The job runner of the Hamiltonian flows (and their RealNVP baseline): builds the data and the model from a
// flat JSON config, trains, and yields metrics (train ELBO, test ELBO / IWAE, constraints, multipliers) and
// artifacts (density, K and U grids, samples, trajectories, weights) at intervals. No I/O: CSV data arrives as
// text in the config.
//
// Metrics (flat name -> number rows):
//   every metricsEvery steps: train_elbo (the training bound: the ELBO, or IWAE-K with trainSamples K; the exact
//     log-likelihood for RealNVP), loss, grad_norm, lr, steps_per_second, dt_1..dt_T (flow),
//     constraint_<id> = E[{g, H}^2] and lambda_<id> per generator (<id>: so2, tx1, tx2, expr1, ...)
//   every evalEvery steps: test_elbo, test_iwae (K = evalK, first evalPoints test points), and with a finite
//     training set train_iwae and gap = train_iwae - test_iwae
//   at the end: final_test_iwae, final_test_iwae_stderr, final_test_nll (K = finalK, all test points),
//     final_train_iwae(_stderr) and final_gap(_stderr) with a finite training set
// Artifacts:
//   once: setup (json: model, dim, stateDim, parameters, grid {xmin,xmax,ymin,ymax,nx,ny} or null, transform,
//     generators [{id, label}], trainSize, testSize, entropy), target-grid (f32 [ny, nx] log-density),
//     train-points (f32 [n, d])
//   every artifactEvery steps and at the end: density-grid (f32 [ny, nx], IWAE with K = gridK per cell),
//     kinetic-grid and potential-grid (flow only: f32 [T, ny, nx], K_i(p) on the grid read as (p1, p2) and U_i(q)
//     as (q1, q2), each shifted to min 0), samples (f32 [n, d]), trajectories (f32 [frames, n, stateDim]: frame 0
//     is the base sample, then one frame per leapfrog step (or coupling layer); columns 0..d-1 are q)
//   at the end: weights (json SavedFlowModel)
// Heatmap grids are row-major with y as the slow axis and are floored 25 nats below their maximum.
import * as tf from '@tensorflow/tfjs-core';
import {
  getDensity,
  parsePointsCsv,
  pointSetDensity,
  squareGrid,
  standardizePoints,
  targetLogDensityGrid,
  type Density,
  type Grid2,
} from '../../core/densities';
import { finiteData, infiniteData, splitPointSet, type FlowDataset } from '../../core/models/flows/data';
import {
  densityGrid,
  energyGrids,
  meanLogLikelihood,
  sampleModel,
  sampleTrajectories,
} from '../../core/models/flows/evaluate';
import { makeGenerators, type ConstraintKind, type SymmetryGenerator } from '../../core/models/flows/generators';
import { HamiltonianFlow } from '../../core/models/flows/hamiltonian-flow';
import { countParameters } from '../../core/models/flows/mlp';
import type { DensityModel } from '../../core/models/flows/model';
import { RealNvp } from '../../core/models/flows/realnvp';
import { trainDensityModel, type TrainStep } from '../../core/models/flows/train';
import { exportWeights, type WeightEntry } from '../../core/models/flows/weights-json';
import { deriveSeed, makeRng } from '../../core/random';
import type { ArtifactData, MetricValues, RunContext, Runner, RunnerEvent } from '../runner';

/**
 * Everything a flow job needs, as one flat JSON object (every field has a default in FLOW_DEFAULTS).
 * Counts are integers; rates and sizes are positive unless said otherwise.
 */
export interface FlowJobConfig {
  /** 'hamiltonian': the EHF flow; 'realnvp': the affine-coupling baseline (no constraints). */
  model: 'hamiltonian' | 'realnvp';
  /** A name of DENSITY_NAMES (8gaussians, checkerboard, rings, moons, pinwheel, 2spirals, swissroll, rotsym,
   *  multimodal) or 'csv'. */
  density: string;
  /** With density 'csv': the text of the CSV file (one point per row; the service reads the file). */
  csvText: string;
  /** With density 'csv': centre the points and divide by their standard deviation (recommended). */
  csvStandardize: boolean;
  /** With density 'csv': the fraction of points held out as the test set. */
  testFraction: number;
  seed: number;
  /** Training steps (one batch each). */
  steps: number;
  /** Stop after this many seconds even if steps remain; 0 = no time limit. */
  maxSeconds: number;
  batchSize: number;
  /** Momentum draws per point in the training bound: 1 = the ELBO (the paper, default), K > 1 = IWAE-K (K x the
   *  cost per step). Optional: not yet in the contract's schema. */
  trainSamples?: number;
  /** Adam learning rate (the paper: 3e-4). */
  lr: number;
  /** 'constant', or 'cosine' decay to lr * lrFinalFraction at the last step. */
  lrSchedule: 'constant' | 'cosine';
  lrFinalFraction: number;
  /** Global gradient-norm clip; 0 = off. */
  clipNorm: number;
  /** T, the number of Hamiltonians. */
  hamiltonians: number;
  /** L, leapfrog steps per Hamiltonian. */
  leapfrogSteps: number;
  /** Hidden width of K, U, the encoder and the RealNVP couplings (the paper: 128). */
  hidden: number;
  /** a in K(p) = a |p|^2 / 2 + MLP(p). 0 is the paper's K; 1 (default, with potentialPrior 1) starts the flow as a
   *  harmonic oscillator, which trains several times faster (see core/models/flows/hamiltonian.ts). */
  kineticPrior: number;
  /** b in U(q) = b |q|^2 / 2 + MLP(q); default 1. Use 0 with the translation constraint. Optional: not yet in the
   *  contract's schema. */
  potentialPrior?: number;
  /** Initial leapfrog step of each Hamiltonian. */
  dt: number;
  /** Learn each dt within (0, dtMax). */
  learnDt: boolean;
  dtMax: number;
  /** Base density of the flow: 'normal' (rotation invariant) or 'soft-uniform'. */
  base: 'normal' | 'soft-uniform';
  softUniformWidth: number;
  softUniformSharpness: number;
  /** Coupling layers of the RealNVP baseline (6 x [1,128,128,2] matches the flow's ~102k parameters). */
  realnvpLayers: number;
  /** Symmetry constraint: none, so2 (q1 p2 - q2 p1), translation (p_i for each axis) or expr. */
  constraint: ConstraintKind;
  /** With constraint 'expr': one or more expressions of q1..qd, p1..pd separated by ';'. */
  constraintExpr: string;
  /** Constraint precision: E[{g, H}^2] <= kappa. */
  kappa: number;
  /** Gradient-ascent step of the Lagrange multipliers. */
  lambdaLr: number;
  lambdaInit: number;
  /** 0: infinite data (fresh samples every step); N > 0: a fixed training set of N points. */
  trainSize: number;
  /** Held-out points (named densities). */
  testSize: number;
  /** Metrics are averaged and emitted every this many steps. */
  metricsEvery: number;
  /** Test ELBO / IWAE every this many steps (0 = only at the end). */
  evalEvery: number;
  /** K of the IWAE bound at intervals, and the number of test (and train) points used. */
  evalK: number;
  evalPoints: number;
  /** K of the final IWAE on the whole test set (the reported test log-likelihood). */
  finalK: number;
  /** Artifacts (grids, samples, trajectories) every this many steps (0 = only at the end). */
  artifactEvery: number;
  /** Grid cells per side of the heatmaps, and K of the IWAE per grid cell. */
  gridSize: number;
  gridK: number;
  /** Half-width of the heatmaps' square; 0 = the density's own extent. */
  gridExtent: number;
  sampleCount: number;
  trajectoryCount: number;
}

export const FLOW_DEFAULTS: FlowJobConfig = {
  model: 'hamiltonian',
  density: '8gaussians',
  csvText: '',
  csvStandardize: true,
  testFraction: 0.2,
  seed: 1,
  steps: 5000,
  maxSeconds: 0,
  batchSize: 256,
  lr: 3e-4,
  lrSchedule: 'constant',
  lrFinalFraction: 0.02,
  clipNorm: 100,
  hamiltonians: 2,
  leapfrogSteps: 2,
  hidden: 128,
  kineticPrior: 1,
  dt: 0.5,
  learnDt: true,
  dtMax: 2,
  base: 'normal',
  softUniformWidth: 6,
  softUniformSharpness: 4,
  realnvpLayers: 6,
  constraint: 'none',
  constraintExpr: '',
  kappa: 0.01,
  lambdaLr: 0.1,
  lambdaInit: 0,
  trainSize: 0,
  testSize: 2000,
  metricsEvery: 10,
  evalEvery: 500,
  evalK: 20,
  evalPoints: 500,
  finalK: 100,
  artifactEvery: 500,
  gridSize: 64,
  gridK: 8,
  gridExtent: 0,
  sampleCount: 1000,
  trajectoryCount: 200,
};

/** Defaults filled in and every value checked; throws one clear error for the first bad field. */
/** Defaults of the optional fields (not yet in the contract's schema, so not in FLOW_DEFAULTS). */
export const FLOW_OPTIONAL_DEFAULTS: Required<Pick<FlowJobConfig, 'potentialPrior' | 'trainSamples'>> = {
  potentialPrior: 1,
  trainSamples: 1,
};

export function resolveFlowConfig(partial: Partial<FlowJobConfig>): FlowJobConfig {
  const c: FlowJobConfig = { ...FLOW_DEFAULTS, ...FLOW_OPTIONAL_DEFAULTS, ...partial };
  const int = (k: keyof FlowJobConfig, min: number, max: number) => {
    const v = c[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw new Error(`${k} must be an integer in [${min}, ${max}], got ${String(v)}`);
    }
  };
  const pos = (k: keyof FlowJobConfig, allowZero = false) => {
    const v = c[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) {
      throw new Error(`${k} must be a ${allowZero ? 'non-negative' : 'positive'} number, got ${String(v)}`);
    }
  };
  if (c.model !== 'hamiltonian' && c.model !== 'realnvp') throw new Error(`model must be hamiltonian or realnvp, got ${String(c.model)}`);
  if (c.lrSchedule !== 'constant' && c.lrSchedule !== 'cosine') throw new Error(`lrSchedule must be constant or cosine, got ${String(c.lrSchedule)}`);
  if (!(c.lrFinalFraction > 0 && c.lrFinalFraction <= 1)) throw new Error(`lrFinalFraction must be in (0, 1], got ${c.lrFinalFraction}`);
  if (c.base !== 'normal' && c.base !== 'soft-uniform') throw new Error(`base must be normal or soft-uniform, got ${String(c.base)}`);
  int('seed', 0, 2 ** 32 - 1);
  int('steps', 1, 10_000_000);
  int('batchSize', 1, 65536);
  int('trainSamples', 1, 1000);
  int('hamiltonians', 1, 64);
  int('leapfrogSteps', 1, 64);
  int('hidden', 1, 4096);
  int('realnvpLayers', 1, 64);
  int('trainSize', 0, 10_000_000);
  int('testSize', 1, 1_000_000);
  int('metricsEvery', 1, 1_000_000);
  int('evalEvery', 0, 10_000_000);
  int('evalK', 1, 10_000);
  int('evalPoints', 1, 1_000_000);
  int('finalK', 1, 10_000);
  int('artifactEvery', 0, 10_000_000);
  int('gridSize', 2, 512);
  int('gridK', 1, 1000);
  int('sampleCount', 0, 1_000_000);
  int('trajectoryCount', 0, 100_000);
  for (const k of ['lr', 'dt', 'dtMax', 'softUniformWidth', 'softUniformSharpness'] as const) pos(k);
  for (const k of ['clipNorm', 'lambdaLr', 'lambdaInit', 'maxSeconds', 'gridExtent', 'kineticPrior', 'potentialPrior', 'kappa'] as const) pos(k, true);
  if (!(c.testFraction > 0 && c.testFraction < 1)) throw new Error(`testFraction must be in (0, 1), got ${c.testFraction}`);
  if (c.model === 'realnvp' && c.constraint !== 'none') throw new Error('symmetry constraints need the Hamiltonian flow, not RealNVP');
  return c;
}

export interface FlowData {
  density: Density;
  data: FlowDataset;
  /** CSV standardisation: original = x * scale + shift (identity for named densities). */
  transform: { shift: number[]; scale: number };
}

export function buildFlowData(c: FlowJobConfig): FlowData {
  if (c.density === 'csv') {
    const set = parsePointsCsv(c.csvText);
    const std = c.csvStandardize ? standardizePoints(set) : { points: set.points, shift: new Array<number>(set.dim).fill(0), scale: 1 };
    const density = pointSetDensity({ ...set, points: std.points });
    return { density, data: splitPointSet(std.points, set.dim, c.testFraction, c.seed), transform: { shift: std.shift, scale: std.scale } };
  }
  const density = getDensity(c.density);
  const data = c.trainSize > 0 ? finiteData(density, c.trainSize, c.testSize, c.seed) : infiniteData(density, c.testSize, c.seed);
  return { density, data, transform: { shift: new Array<number>(density.dim).fill(0), scale: 1 } };
}

export function buildFlowModel(c: FlowJobConfig, dim: number): DensityModel {
  if (c.model === 'realnvp') return new RealNvp({ dim, layers: c.realnvpLayers, hidden: c.hidden }, c.seed);
  return new HamiltonianFlow(
    {
      dim,
      hamiltonians: c.hamiltonians,
      leapfrogSteps: c.leapfrogSteps,
      hidden: c.hidden,
      kineticPrior: c.kineticPrior,
      potentialPrior: c.potentialPrior ?? FLOW_OPTIONAL_DEFAULTS.potentialPrior,
      dt: c.dt,
      learnDt: c.learnDt,
      dtMax: c.dtMax,
      base: c.base,
      softUniformWidth: c.softUniformWidth,
      softUniformSharpness: c.softUniformSharpness,
    },
    c.seed,
  );
}

export function buildGenerators(c: FlowJobConfig, dim: number): SymmetryGenerator[] {
  return c.model === 'realnvp' ? [] : makeGenerators(c.constraint, dim, c.constraintExpr);
}

/** What the `weights` artifact holds, and what the CLI writes to disk. */
export interface SavedFlowModel {
  format: 'hamiltonian-studio/flow-model';
  version: 1;
  /** The job config (without csvText) that rebuilds the model and its data split. */
  config: FlowJobConfig;
  dim: number;
  parameters: number;
  weights: WeightEntry[];
  metrics: MetricValues;
}

const f32 = (shape: number[], values: Float32Array): ArtifactData => ({ kind: 'f32', shape, values });

/** The log-density image is floored 25 nats below its maximum so that empty cells stay plottable. */
function floorLogImage(values: Float32Array, depth = 25): Float32Array {
  let max = -Infinity;
  for (const v of values) if (Number.isFinite(v) && v > max) max = v;
  const floor = Number.isFinite(max) ? max - depth : -depth;
  return values.map((v) => (Number.isFinite(v) && v > floor ? v : floor));
}

function firstRows(points: Float32Array, dim: number, n: number): Float32Array {
  return points.subarray(0, Math.min(points.length, n * dim));
}

async function* snapshotArtifacts(model: DensityModel, c: FlowJobConfig, grid: Grid2 | null, step: number): AsyncGenerator<RunnerEvent> {
  const rng = makeRng(deriveSeed(c.seed, `artifacts/${step}`));
  if (grid) {
    const g = await densityGrid(model, grid, { k: c.gridK, bound: 'iwae', rng });
    yield { type: 'artifact', name: 'density-grid', data: f32([grid.ny, grid.nx], floorLogImage(g)) };
    if (model instanceof HamiltonianFlow) {
      const e = await energyGrids(model, grid);
      yield { type: 'artifact', name: 'kinetic-grid', data: f32(e.shape, e.kinetic) };
      yield { type: 'artifact', name: 'potential-grid', data: f32(e.shape, e.potential) };
    }
  }
  if (c.sampleCount > 0) {
    yield { type: 'artifact', name: 'samples', data: f32([c.sampleCount, model.dim], await sampleModel(model, c.sampleCount, rng)) };
  }
  if (c.trajectoryCount > 0) {
    const t = await sampleTrajectories(model, c.trajectoryCount, rng);
    yield { type: 'artifact', name: 'trajectories', data: f32(t.shape, t.values) };
  }
}

async function evaluateBounds(model: DensityModel, data: FlowDataset, c: FlowJobConfig, step: number): Promise<MetricValues> {
  const rng = makeRng(deriveSeed(c.seed, `eval/${step}`));
  const test = firstRows(data.test, model.dim, c.evalPoints);
  const elbo = await meanLogLikelihood(model, test, { k: 1, bound: 'elbo', rng });
  const iwae = await meanLogLikelihood(model, test, { k: c.evalK, bound: 'iwae', rng });
  const out: MetricValues = { test_elbo: elbo.mean, test_iwae: iwae.mean };
  if (data.train) {
    const train = await meanLogLikelihood(model, firstRows(data.train, model.dim, c.evalPoints), { k: c.evalK, bound: 'iwae', rng });
    out.train_iwae = train.mean;
    out.gap = train.mean - iwae.mean;
  }
  return out;
}

/** Running means of the per-step numbers between two metrics rows. */
class Window {
  private sums: Record<string, number> = {};
  private n = 0;
  add(values: MetricValues): void {
    for (const [k, v] of Object.entries(values)) this.sums[k] = (this.sums[k] ?? 0) + v;
    this.n++;
  }
  flush(): MetricValues {
    const out: MetricValues = {};
    for (const [k, v] of Object.entries(this.sums)) out[k] = v / this.n;
    this.sums = {};
    this.n = 0;
    return out;
  }
  get size(): number {
    return this.n;
  }
}

function stepValues(s: TrainStep, gens: readonly SymmetryGenerator[]): MetricValues {
  const v: MetricValues = { train_elbo: -s.nll, loss: s.loss, grad_norm: s.gradNorm };
  gens.forEach((g, k) => {
    v[`constraint_${g.id}`] = s.constraints[k];
  });
  return v;
}

export const runFlow: Runner<Partial<FlowJobConfig>> = async function* (partial, ctx: RunContext) {
  const c = resolveFlowConfig(partial);
  const { density, data, transform } = buildFlowData(c);
  const model = buildFlowModel(c, density.dim);
  try {
    const gens = buildGenerators(c, density.dim);
    const parameters = countParameters(model.variables());
    const grid = density.dim === 2 ? squareGrid(c.gridExtent || density.extent, c.gridSize) : null;
    yield { type: 'log', level: 'info', message: `${c.model} on ${density.name}: ${parameters} parameters, backend ${tf.getBackend()}` };
    if (c.model === 'hamiltonian' && c.constraint === 'translation' && (c.potentialPrior ?? 0) > 0) {
      yield { type: 'log', level: 'warn', message: 'the potential prior b |q|^2 / 2 is not translation invariant: set potentialPrior to 0 with the translation constraint' };
    }
    yield {
      type: 'artifact',
      name: 'setup',
      data: {
        kind: 'json',
        value: { model: c.model, dim: density.dim, stateDim: model.stateDim, parameters, grid, transform, generators: gens.map((g) => ({ id: g.id, label: g.label })), trainSize: data.train ? data.train.length / density.dim : 0, testSize: data.test.length / density.dim, entropy: density.entropy ?? null },
      },
    };
    if (grid) {
      const target = targetLogDensityGrid(density, grid, makeRng(deriveSeed(c.seed, 'target-grid')));
      yield { type: 'artifact', name: 'target-grid', data: f32([grid.ny, grid.nx], floorLogImage(target)) };
    }
    if (c.sampleCount > 0) {
      const shown = data.train ?? density.sample(c.sampleCount, makeRng(deriveSeed(c.seed, 'shown')));
      const nShown = Math.min(c.sampleCount, shown.length / density.dim);
      yield { type: 'artifact', name: 'train-points', data: f32([nShown, density.dim], firstRows(shown, density.dim, nShown).slice()) };
    }

    const started = Date.now();
    const window = new Window();
    let last: TrainStep | undefined;
    for await (const s of trainDensityModel(model, data, {
      steps: c.steps,
      seed: c.seed,
      batchSize: c.batchSize,
      trainSamples: c.trainSamples ?? 1,
      lr: c.lr,
      lrSchedule: c.lrSchedule,
      lrFinalFraction: c.lrFinalFraction,
      clipNorm: c.clipNorm,
      generators: gens,
      kappa: c.kappa,
      lambdaLr: c.lambdaLr,
      lambdaInit: c.lambdaInit,
    })) {
      last = s;
      for (const e of s.events) yield { type: 'event', step: s.step, kind: e.kind, message: e.message };
      if (!s.skipped) window.add(stepValues(s, gens));
      const timeUp = c.maxSeconds > 0 && (Date.now() - started) / 1000 >= c.maxSeconds;
      const end = s.step === c.steps || timeUp || ctx.cancelled();
      if ((s.step % c.metricsEvery === 0 || end) && window.size > 0) {
        const values: MetricValues = { ...window.flush(), lr: s.lr, steps_per_second: s.step / Math.max(1e-3, (Date.now() - started) / 1000) };
        gens.forEach((g, k) => {
          values[`lambda_${g.id}`] = s.lambdas[k];
        });
        if (model instanceof HamiltonianFlow) model.stepSizes().forEach((dt, i) => (values[`dt_${i + 1}`] = dt));
        yield { type: 'metrics', step: s.step, values };
        yield { type: 'progress', step: s.step, total: c.steps };
      }
      if (end) break;
      if (c.evalEvery > 0 && s.step % c.evalEvery === 0) yield { type: 'metrics', step: s.step, values: await evaluateBounds(model, data, c, s.step) };
      if (c.artifactEvery > 0 && s.step % c.artifactEvery === 0) yield* snapshotArtifacts(model, c, grid, s.step);
    }
    const step = last?.step ?? 0;
    if (ctx.cancelled()) return { steps: step };
    yield { type: 'progress', step, total: c.steps, message: 'final evaluation' };
    const final = await finalEvaluation(model, data, c);
    yield { type: 'metrics', step, values: final };
    yield* snapshotArtifacts(model, c, grid, step);
    const saved: SavedFlowModel = {
      format: 'hamiltonian-studio/flow-model',
      version: 1,
      config: { ...c, csvText: '' },
      dim: density.dim,
      parameters,
      weights: await exportWeights(model.variables()),
      metrics: final,
    };
    yield { type: 'artifact', name: 'weights', data: { kind: 'json', value: saved } };
    return { steps: step, seconds: (Date.now() - started) / 1000, ...final };
  } finally {
    model.dispose();
  }
};

/** The reported numbers: IWAE (K = finalK) on the whole test set, and on as many training points if finite. */
export async function finalEvaluation(model: DensityModel, data: FlowDataset, c: FlowJobConfig): Promise<MetricValues> {
  const rng = makeRng(deriveSeed(c.seed, 'final-eval'));
  const test = await meanLogLikelihood(model, data.test, { k: c.finalK, bound: 'iwae', rng });
  const out: MetricValues = { final_test_iwae: test.mean, final_test_iwae_stderr: test.stderr, final_test_nll: -test.mean };
  if (data.train) {
    const n = Math.min(data.train.length, data.test.length) / model.dim;
    const train = await meanLogLikelihood(model, firstRows(data.train, model.dim, n), { k: c.finalK, bound: 'iwae', rng });
    out.final_train_iwae = train.mean;
    out.final_train_iwae_stderr = train.stderr;
    out.final_gap = train.mean - test.mean;
    out.final_gap_stderr = Math.hypot(train.stderr, test.stderr);
  }
  return out;
}
