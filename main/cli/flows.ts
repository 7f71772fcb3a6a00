// `train-flow` and `evaluate-flow`: the Hamiltonian flows (and the RealNVP baseline) without the app.
import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { initBackend, type BackendChoice } from '../engine/backends';
import { DENSITY_NAMES } from '../core/densities';
import { parseConstraintSpec } from '../core/models/flows/generators';
import { importWeights } from '../core/models/flows/weights-json';
import { makeRng } from '../core/random';
import {
  buildFlowData,
  buildFlowModel,
  finalEvaluation,
  resolveFlowConfig,
  runFlow,
  type FlowJobConfig,
  type SavedFlowModel,
} from '../jobs/flow';
import { writeFileAtomicSync } from '../files/atomic';
import { backendOption, intArg, nonNegativeArg, positiveArg } from './options';
import { progressLine } from './progress';
import type { RegisterCommands } from './types';

interface TrainFlowOptions {
  density: string;
  csv?: string;
  model: 'hamiltonian' | 'realnvp';
  steps: number;
  minutes?: number;
  batch: number;
  lr: number;
  lrSchedule: 'constant' | 'cosine';
  hamiltonians: number;
  leapfrog: number;
  hidden: number;
  kineticPrior: number;
  potentialPrior: number;
  trainSamples: number;
  dt: number;
  fixedDt?: boolean;
  base: 'normal' | 'soft-uniform';
  softUniformWidth: number;
  constraint: string;
  kappa: number;
  lambdaLr: number;
  trainSize: number;
  testSize: number;
  evalEvery: number;
  finalK: number;
  seed: number;
  backend: BackendChoice;
  out?: string;
  quiet?: boolean;
}

function fmt(values: Record<string, number>): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}=${Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : v.toFixed(4)}`)
    .join(' ');
}

async function trainFlow(o: TrainFlowOptions): Promise<void> {
  const constraint = parseConstraintSpec(o.constraint);
  const config: Partial<FlowJobConfig> = {
    model: o.model,
    density: o.csv ? 'csv' : o.density,
    csvText: o.csv ? fs.readFileSync(o.csv, 'utf8') : '',
    seed: o.seed,
    steps: o.steps,
    maxSeconds: o.minutes ? o.minutes * 60 : 0,
    batchSize: o.batch,
    lr: o.lr,
    lrSchedule: o.lrSchedule,
    hamiltonians: o.hamiltonians,
    leapfrogSteps: o.leapfrog,
    hidden: o.hidden,
    kineticPrior: o.kineticPrior,
    potentialPrior: o.potentialPrior,
    trainSamples: o.trainSamples,
    dt: o.dt,
    learnDt: !o.fixedDt,
    base: o.base,
    softUniformWidth: o.softUniformWidth,
    constraint: constraint.kind,
    constraintExpr: constraint.expression,
    kappa: o.kappa,
    lambdaLr: o.lambdaLr,
    trainSize: o.trainSize,
    testSize: o.testSize,
    evalEvery: o.evalEvery,
    finalK: o.finalK,
    metricsEvery: 100,
    artifactEvery: 0,
  };
  resolveFlowConfig(config); // fail on a bad flag before loading a backend
  const backend = await initBackend(o.backend);
  process.stderr.write(`backend: ${backend.name} (${backend.device})\n`);
  const gen = runFlow(config, { cancelled: () => false, rng: makeRng(o.seed) });
  let saved: SavedFlowModel | undefined;
  let elbo = NaN;
  for (let r = await gen.next(); !r.done; r = await gen.next()) {
    const e = r.value;
    if (e.type === 'artifact' && e.name === 'weights' && e.data.kind === 'json') saved = e.data.value as SavedFlowModel;
    else if (e.type === 'metrics' && e.values.train_elbo !== undefined) elbo = e.values.train_elbo;
    else if (o.quiet) continue;
    else if (e.type === 'metrics') process.stderr.write(`step ${e.step}: ${fmt(e.values)}\n`);
    else if (e.type === 'progress') progressLine(o.model, e.step, o.steps, `train ELBO ${elbo.toFixed(3)}`);
    else if (e.type === 'log') process.stderr.write(`${e.message}\n`);
    else if (e.type === 'event') process.stderr.write(`step ${e.step}: ${e.message}\n`);
  }
  if (!saved) return;
  const m = saved.metrics;
  console.log(`${o.model} on ${config.density}: test NLL ${m.final_test_nll.toFixed(4)} +- ${m.final_test_iwae_stderr.toFixed(4)} nats (IWAE, K=${saved.config.finalK})`);
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
  return v as SavedFlowModel;
}

interface EvaluateFlowOptions {
  csv?: string;
  k: number;
  testSize?: number;
  backend: BackendChoice;
}

async function evaluateFlow(file: string, o: EvaluateFlowOptions): Promise<void> {
  const saved = readSavedModel(file);
  let csvText = '';
  if (saved.config.density === 'csv') {
    const csvPath = o.csv ?? (saved.config as { csvPath?: string }).csvPath;
    if (!csvPath) throw new Error('this model was trained on a CSV file: pass it again with --csv FILE');
    csvText = fs.readFileSync(csvPath, 'utf8');
  }
  const { csvPath: _ignored, ...savedConfig } = saved.config as FlowJobConfig & { csvPath?: string };
  const config = resolveFlowConfig({
    ...savedConfig,
    csvText,
    finalK: o.k,
    testSize: o.testSize ?? saved.config.testSize,
  });
  const backend = await initBackend(o.backend);
  const { data, density } = buildFlowData(config);
  if (density.dim !== saved.dim) throw new Error(`the data has ${density.dim} dimensions, the model ${saved.dim}`);
  const model = buildFlowModel(config, density.dim);
  try {
    importWeights(model.variables(), saved.weights);
    const m = await finalEvaluation(model, data, config);
    console.log(`backend: ${backend.name}; ${config.model} on ${density.name}; ${data.test.length / density.dim} test points`);
    console.log(`test log-likelihood (IWAE, K=${o.k}): ${m.final_test_iwae.toFixed(4)} +- ${m.final_test_iwae_stderr.toFixed(4)} nats`);
    console.log(`test NLL: ${m.final_test_nll.toFixed(4)} nats`);
    if (m.final_gap !== undefined) console.log(`train - test log-likelihood: ${m.final_gap.toFixed(4)} nats`);
  } finally {
    model.dispose();
  }
}

export const register: RegisterCommands = (program: Command) => {
  program
    .command('train-flow')
    .description('train a Hamiltonian flow (or the RealNVP baseline) on a 2D density or a CSV point set')
    .addOption(new Option('--density <name>', 'target density').choices([...DENSITY_NAMES]).default('8gaussians'))
    .option('--csv <file>', 'train on the points of a CSV file instead (standardised, 20% held out)')
    .addOption(new Option('--model <kind>', 'the flow or its baseline').choices(['hamiltonian', 'realnvp']).default('hamiltonian'))
    .option('--steps <n>', 'training steps', intArg(1), 5000)
    .option('--minutes <m>', 'stop after this many minutes even if steps remain', positiveArg)
    .option('--batch <n>', 'batch size', intArg(1, 65536), 256)
    .option('--lr <x>', 'Adam learning rate', positiveArg, 3e-4)
    .addOption(new Option('--lr-schedule <kind>', 'learning-rate schedule over --steps').choices(['constant', 'cosine']).default('constant'))
    .option('--hamiltonians <n>', 'number of Hamiltonians T', intArg(1, 64), 2)
    .option('--leapfrog <n>', 'leapfrog steps per Hamiltonian L', intArg(1, 64), 2)
    .option('--hidden <n>', 'hidden width of the MLPs', intArg(1, 4096), 128)
    .option('--kinetic-prior <a>', "K(p) = a|p|^2/2 + MLP(p); 0 is the paper's K", nonNegativeArg, 1)
    .option('--potential-prior <b>', "U(q) = b|q|^2/2 + MLP(q); 0 is the paper's U (use 0 with translation)", nonNegativeArg, 1)
    .option('--train-samples <k>', 'momentum draws per point in the training bound (1 = ELBO, k > 1 = IWAE-k)', intArg(1, 1000), 1)
    .option('--dt <x>', 'initial leapfrog step (learned within (0, 2) unless --fixed-dt)', positiveArg, 0.5)
    .option('--fixed-dt', 'do not learn dt')
    .addOption(new Option('--base <kind>', 'base density of the flow').choices(['normal', 'soft-uniform']).default('normal'))
    .option('--soft-uniform-width <w>', 'with --base soft-uniform: the box side (8 matches checkerboard\'s [-4, 4])', positiveArg, 6)
    .option('--constraint <spec>', 'none, so2, translation or expr:<expression of q1 q2 p1 p2>', 'none')
    .option('--kappa <x>', 'constraint precision: E[{g,H}^2] <= kappa', nonNegativeArg, 0.01)
    .option('--lambda-lr <x>', 'gradient-ascent step of the Lagrange multipliers', nonNegativeArg, 0.1)
    .option('--train-size <n>', 'finite training set of n points (0 = fresh samples every step)', intArg(0), 0)
    .option('--test-size <n>', 'held-out test points', intArg(1), 2000)
    .option('--eval-every <n>', 'test ELBO / IWAE every n steps (0 = only at the end)', intArg(0), 1000)
    .option('--final-k <n>', 'K of the final IWAE on the test set', intArg(1, 10000), 100)
    .option('--seed <n>', 'random seed', intArg(0), 1)
    .addOption(backendOption())
    .option('--out <file>', 'save the model (config, weights, metrics) as JSON')
    .option('--quiet', 'print only the result')
    .action((opts: TrainFlowOptions) => trainFlow(opts));

  program
    .command('evaluate-flow')
    .description('test log-likelihood (IWAE) of a model saved by train-flow --out, on its held-out test set')
    .argument('<model>', 'the JSON file written by train-flow --out')
    .option('--k <n>', 'importance samples per point', intArg(1, 10000), 100)
    .option('--test-size <n>', 'number of test points (default: as in training)', intArg(1))
    .option('--csv <file>', 'the CSV file the model was trained on (for --csv models)')
    .addOption(backendOption())
    .action((file: string, opts: EvaluateFlowOptions) => evaluateFlow(file, opts));
};
