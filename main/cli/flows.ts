// `train-flow` and `evaluate-flow`: the Hamiltonian flows (and the RealNVP baseline) without the app.
import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { initBackend, type BackendChoice } from '../engine/backends';
import { DENSITY_NAMES } from '../core/densities';
import { parseConstraintSpec } from '../core/models/flows/generators';
import { importWeights } from '../core/models/flows/weights-json';
import { FlowJobSchema, withCurrentNames, type FlowJobConfig } from '../../preload/contract';
import { buildFlowData, buildFlowModel, finalEvaluation, runFlow, standardisationLogDet, standardisedPoints, type SavedFlowModel } from '../jobs/flow';
import { meanLogLikelihood } from '../core/models/flows/evaluate';
import { deriveSeed, makeRng } from '../core/random';
import { writeFileAtomicSync } from '../files/atomic';
import { backendOption, intArg, positiveArg } from './options';
import { addSchemaOptions, schemaValues } from './schema-options';
import { progressLine } from './progress';
import type { RegisterCommands } from './types';

/** What train-flow handles itself rather than as a plain field flag (files, the constraint spec, minutes). */
const CUSTOM = ['density', 'csvText', 'constraint', 'constraintExpr', 'learnDt'] as const;
/** The CLI's own defaults: rarer metric rows and evaluations, no intermediate views (nothing draws them). */
const CLI = { exclude: CUSTOM, defaults: { evalEvery: 1000, metricsEvery: 100, artifactEvery: 0 } };
const SHAPE = FlowJobSchema.shape;

type TrainFlowOptions = Record<string, unknown> & {
  density: string;
  csv?: string;
  constraint: string;
  fixedDt?: boolean;
  minutes?: number;
  backend: BackendChoice;
  out?: string;
  quiet?: boolean;
};

function fmt(values: Record<string, number>): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}=${Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : v.toFixed(4)}`)
    .join(' ');
}

async function trainFlow(o: TrainFlowOptions): Promise<void> {
  const constraint = parseConstraintSpec(o.constraint);
  // Fails on a bad combination before a backend loads.
  const config = FlowJobSchema.parse({
    kind: 'flow',
    ...schemaValues(o, SHAPE, CLI),
    density: o.csv ? 'csv' : o.density,
    csvText: o.csv ? fs.readFileSync(o.csv, 'utf8') : '',
    maxSeconds: o.minutes ? o.minutes * 60 : 0,
    learnDt: !o.fixedDt,
    constraint: constraint.kind,
    constraintExpr: constraint.expression,
  });
  const backend = await initBackend(o.backend);
  process.stderr.write(`backend: ${backend.name} (${backend.device})\n`);
  const gen = runFlow(config, { cancelled: () => false, rng: makeRng(config.seed) });
  let saved: SavedFlowModel | undefined;
  let elbo = NaN;
  for (let r = await gen.next(); !r.done; r = await gen.next()) {
    const e = r.value;
    if (e.type === 'artifact' && e.name === 'weights' && e.data.kind === 'json') saved = e.data.value as SavedFlowModel;
    else if (e.type === 'metrics' && e.values.train_elbo !== undefined) elbo = e.values.train_elbo;
    else if (o.quiet) continue;
    else if (e.type === 'metrics') process.stderr.write(`step ${e.step}: ${fmt(e.values)}\n`);
    else if (e.type === 'progress') progressLine(config.model, e.step, config.steps, `train ELBO ${elbo.toFixed(3)}`);
    else if (e.type === 'log') process.stderr.write(`${e.message}\n`);
    else if (e.type === 'event') process.stderr.write(`step ${e.step}: ${e.message}\n`);
  }
  if (!saved) return;
  const m = saved.metrics;
  console.log(`${config.model} on ${config.density}: test NLL ${m.final_test_nll.toFixed(4)} +- ${m.final_test_iwae_stderr.toFixed(4)} nats per point (IWAE, K=${saved.config.finalK}), ${UNITS_NOTE}`);
  if (m.final_gap !== undefined) console.log(`train - test log-likelihood: ${m.final_gap.toFixed(4)} nats`);
  if (o.out) {
    writeFileAtomicSync(o.out, JSON.stringify({ ...saved, config: { ...saved.config, csvPath: o.csv ? path.resolve(o.csv) : undefined } }), 0o644);
    console.log(`wrote ${o.out}`);
  }
}

function readSavedModel(file: string): SavedFlowModel {
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: not a readable JSON file (${err instanceof Error ? err.message : String(err)})`);
  }
  const v = value as Partial<SavedFlowModel> | null;
  if (!v || v.format !== 'hamiltonian-studio/flow-model' || v.version !== 1 || typeof v.config !== 'object') {
    throw new Error(`${file}: not a flow model saved by train-flow (format hamiltonian-studio/flow-model, version 1)`);
  }
  // A model saved before the learning-rate names were one (`lr`, `lrSchedule`, `lrFinalFraction`) reads as today's.
  return { ...(v as SavedFlowModel), config: withCurrentNames({ ...v.config, kind: 'flow' }) as SavedFlowModel['config'] };
}

interface EvaluateFlowOptions {
  csv?: string;
  testCsv?: string;
  k: number;
  testSize?: number;
  backend: BackendChoice;
  json?: boolean;
}

/** What evaluate-flow --json prints: the test NLL per point (IWAE bound), its standard error, and its units. */
export interface FlowScore {
  nll: number;
  nll_stderr: number;
  units: 'data';
  points: number;
  k: number;
  /** The test set scored: the model's own held-out split, or the user's file. */
  test: 'held-out' | string;
}

/** The standardisation of a saved CSV model: stored in the file, else recomputed from its training CSV. */
function savedTransform(saved: SavedFlowModel, trainingCsv: () => string): { shift: number[]; scale: number } {
  if (saved.transform) return saved.transform;
  if (saved.config.density !== 'csv') return { shift: new Array<number>(saved.dim).fill(0), scale: 1 };
  return buildFlowData(FlowJobSchema.parse({ ...saved.config, kind: 'flow', csvText: trainingCsv() })).transform;
}

async function evaluateFlow(file: string, o: EvaluateFlowOptions): Promise<void> {
  const saved = readSavedModel(file);
  const trainingCsv = (): string => {
    const csvPath = o.csv ?? (saved.config as { csvPath?: string }).csvPath;
    if (!csvPath) throw new Error('this model was trained on a CSV file: pass it again with --csv FILE (or score a file of yours with --test-csv FILE)');
    return fs.readFileSync(csvPath, 'utf8');
  };
  const { csvPath: _ignored, ...savedConfig } = saved.config as FlowJobConfig & { csvPath?: string };
  // With --test-csv the held-out split is not needed: the user's points are scored through the saved standardisation.
  const csvText = saved.config.density === 'csv' && !o.testCsv ? trainingCsv() : '';
  const config: FlowJobConfig = o.testCsv
    ? { ...savedConfig, csvText: '', finalK: o.k }
    : FlowJobSchema.parse({ ...savedConfig, kind: 'flow', csvText, finalK: o.k, testSize: o.testSize ?? saved.config.testSize });
  let test: { points: Float32Array; count: number; logDet: number; name: string } | null = null;
  if (o.testCsv) {
    const transform = savedTransform(saved, trainingCsv);
    const p = standardisedPoints(fs.readFileSync(o.testCsv, 'utf8'), transform);
    if (p.dim !== saved.dim) throw new Error(`${o.testCsv} has ${p.dim} columns, the model ${saved.dim}`);
    test = { points: p.points, count: p.count, logDet: standardisationLogDet(transform, p.dim), name: o.testCsv };
  }
  const backend = await initBackend(o.backend);
  const model = buildFlowModel(config, saved.dim);
  try {
    importWeights(model.variables(), saved.weights);
    let score: FlowScore;
    let gap: number | undefined;
    let label: string;
    if (test) {
      const m = await meanLogLikelihood(model, test.points, { k: o.k, bound: 'iwae', rng: makeRng(deriveSeed(config.seed, 'final-eval')) });
      score = { nll: -(m.mean + test.logDet), nll_stderr: m.stderr, units: 'data', points: test.count, k: o.k, test: test.name };
      label = `${config.model} on the points of ${test.name}`;
    } else {
      const { data, density, logDet } = buildFlowData(config);
      if (density.dim !== saved.dim) throw new Error(`the data has ${density.dim} dimensions, the model ${saved.dim}`);
      const m = await finalEvaluation(model, data, config, logDet);
      score = { nll: m.final_test_nll, nll_stderr: m.final_test_iwae_stderr, units: 'data', points: data.test.length / density.dim, k: o.k, test: 'held-out' };
      gap = m.final_gap;
      label = `${config.model} on ${density.name}, its held-out test set`;
    }
    if (o.json) {
      console.log(JSON.stringify(score));
      return;
    }
    console.log(`backend: ${backend.name}; ${label}: ${score.points} points`);
    console.log(`test NLL (IWAE, K=${o.k}): ${score.nll.toFixed(4)} +- ${score.nll_stderr.toFixed(4)} nats per point, ${UNITS_NOTE}`);
    if (gap !== undefined) console.log(`train - test log-likelihood: ${gap.toFixed(4)} nats`);
  } finally {
    model.dispose();
  }
}

/** How every printed NLL is meant. */
const UNITS_NOTE = "in the units of the data (a CSV's standardisation is undone: its log-det is added back)";

export const register: RegisterCommands = (program: Command) => {
  addSchemaOptions(
    program
      .command('train-flow')
      .description('train a Hamiltonian flow (or the RealNVP baseline) on a 2D density or a CSV point set')
      .addOption(new Option('--density <name>', 'target density').choices([...DENSITY_NAMES]).default('8gaussians'))
      .option('--csv <file>', 'train on the points of a CSV file instead (standardised, 20% held out)')
      .option('--constraint <spec>', 'none, so2, translation or expr:<expression of q1 q2 p1 p2>', 'none')
      .option('--fixed-dt', 'do not learn dt')
      .option('--minutes <m>', 'stop after this many minutes even if steps remain', positiveArg),
    SHAPE,
    CLI,
  )
    .addOption(backendOption())
    .option('--out <file>', 'save the model (config, weights, metrics) as JSON')
    .option('--quiet', 'print only the result')
    .action((opts: TrainFlowOptions) => trainFlow(opts));

  program
    .command('evaluate-flow')
    .description('test NLL (IWAE bound, nats per point in the units of the data) of a model saved by train-flow --out, on its held-out test set or a CSV file of yours')
    .argument('<model>', 'the JSON file written by train-flow --out')
    .option('--k <n>', 'importance samples per point', intArg(1, 10000), 100)
    .option('--test-size <n>', 'number of test points (default: as in training)', intArg(1))
    .option('--csv <file>', 'the CSV file the model was trained on (for --csv models saved before the file stored its standardisation)')
    .option('--test-csv <file>', 'score the points of this CSV file (same columns as the training data) instead of the held-out split')
    .option('--json', 'print {"nll", "nll_stderr", "units": "data", ...} as one JSON line')
    .addOption(backendOption())
    .action((file: string, opts: EvaluateFlowOptions) => evaluateFlow(file, opts));
};
