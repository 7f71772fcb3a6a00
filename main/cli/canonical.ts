// `canonical train | evaluate | map`: neural canonical transformations without the app (main/jobs/canonical.ts runs
// the same code in the app's workers). `train` writes the model as JSON (the job, the layer stack, every array: the
// app's `weights` artifact); `evaluate` measures a saved model on its test trajectories; `map` takes a new initial
// state to its actions and angles, moves them, maps back and compares with the true trajectory. Results print as
// JSON on stdout, progress goes to stderr.
import fs from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { initBackend, type BackendChoice } from '../engine/backends';
import { makeCanonicalData } from '../core/models/canonical';
import { makeRng } from '../core/random';
import { writeFileAtomicSync } from '../files/atomic';
import { CanonicalJobSchema, CanonicalMapJobSchema, SavedCanonicalModelSchema, withCurrentNames, type CanonicalJobConfig, type CanonicalMapInfo, type SavedCanonicalModel } from '../../preload/contract';
import { canonicalDataSpec, finalEvaluation, loadCanonicalModel, runCanonical, runCanonicalMap } from '../jobs/canonical';
import { parseParams } from './generate';
import { backendOption, intArg, nonNegativeArg } from './options';
import { progressLine } from './progress';
import { addSchemaOptions, schemaValues, type SchemaOptions } from './schema-options';
import type { RegisterCommands } from './types';

const SHAPE = CanonicalJobSchema.shape;
/** The CLI's own defaults: rarer metric rows (nothing draws them), the rest as the schema says. */
const TRAIN_CLI: SchemaOptions = { defaults: { metricsEvery: 100 } };
const MAP_CLI: SchemaOptions = { exclude: [] };

type TrainOptions = Record<string, unknown> & { param?: string[]; minutes: number; backend: BackendChoice; out?: string; quiet?: boolean };

const collect = (v: string, previous: string[] = []): string[] => [...previous, v];

function readModel(file: string): SavedCanonicalModel {
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: not a readable JSON file (${err instanceof Error ? err.message : String(err)})`);
  }
  const parsed = SavedCanonicalModelSchema.safeParse(value);
  if (!parsed.success) {
    const where = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ');
    throw new Error(`${file}: not a model written by canonical train --out (format hamiltonian-studio/canonical-model, version 1): ${where}`);
  }
  return parsed.data;
}

/** "1, 0, 0, 1" -> numbers. */
function stateArg(text: string): number[] {
  const xs = text.split(/[\s,]+/).filter(Boolean).map(Number);
  if (xs.length < 2 || !xs.every(Number.isFinite)) throw new InvalidArgumentError('expected the state as numbers q1,..,qn,p1,..,pn (e.g. "1,0,0,1").');
  return xs;
}

const round = (x: number) => Number(x.toPrecision(6));
const rounded = (values: Record<string, number>) => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, round(v)]));

async function trainCommand(o: TrainOptions): Promise<void> {
  // Fails on a bad value before a backend loads.
  const config = CanonicalJobSchema.parse({ kind: 'canonical', ...schemaValues(o, SHAPE, TRAIN_CLI), params: parseParams(o.param), maxSeconds: o.minutes * 60 });
  const backend = await initBackend(o.backend);
  if (!o.quiet) process.stderr.write(`backend: ${backend.name} (${backend.device})\n`);
  const run = runCanonical(config, { cancelled: () => false, rng: makeRng(config.seed) });
  let saved: SavedCanonicalModel | undefined;
  let loss = '';
  let spread = '';
  for (;;) {
    const next = await run.next();
    if (next.done) {
      if (o.out && saved) writeFileAtomicSync(o.out, JSON.stringify(saved), 0o644);
      console.log(JSON.stringify({ backend: backend.name, system: config.system, out: o.out ?? null, result: rounded(next.value ?? {}) }, null, 2));
      return;
    }
    const e = next.value;
    if (e.type === 'artifact' && e.name === 'weights' && e.data.kind === 'json') saved = e.data.value as SavedCanonicalModel;
    else if (o.quiet) continue;
    else if (e.type === 'metrics' && e.values.train_loss !== undefined) loss = `loss ${e.values.train_loss.toExponential(3)}`;
    else if (e.type === 'metrics' && e.values.validation_radius_spread !== undefined) spread = `, validation radius spread ${e.values.validation_radius_spread.toFixed(4)}`;
    else if (e.type === 'progress') progressLine('canonical', e.step, config.steps, e.message ?? loss + spread);
    else if (e.type === 'log' || e.type === 'event') process.stderr.write(`${e.message}\n`);
  }
}

interface EvaluateOptions {
  test?: number;
  seed?: number;
  backend: BackendChoice;
}

async function evaluateCommand(file: string, o: EvaluateOptions): Promise<void> {
  const saved = readModel(file);
  // The test trajectories of the training run (same spec and seed), or others (--seed, --test).
  const job: CanonicalJobConfig = CanonicalJobSchema.parse(withCurrentNames({ ...saved.job, kind: 'canonical' }));
  const c: CanonicalJobConfig = { ...job, test: o.test ?? job.test, seed: o.seed ?? job.seed, validation: 1 };
  const backend = await initBackend(o.backend);
  const data = makeCanonicalData(canonicalDataSpec(c));
  const { model } = loadCanonicalModel(saved);
  try {
    const { values } = await finalEvaluation(model, data, c, saved.step);
    console.log(JSON.stringify({ backend: backend.name, system: saved.system, step: saved.step, test_trajectories: data.test.count, seed: c.seed, ...rounded(values) }, null, 2));
  } finally {
    model.dispose();
  }
}

interface MapOptions extends Record<string, unknown> {
  state: number[];
  backend: BackendChoice;
  out?: string;
}

/** One row per frame: t, the true state, the mapped-back state. */
function mapCsv(m: CanonicalMapInfo): string {
  const head = ['t', ...m.coordinates.map((c) => `true_${c}`), ...m.coordinates.map((c) => `mapped_${c}`)].join(',');
  const rows = m.truth.map((t, i) => [round(i * m.dt), ...t.map(round), ...m.mapped[i].map(round)].join(','));
  return [head, ...rows].join('\n') + '\n';
}

async function mapCommand(file: string, o: MapOptions): Promise<void> {
  const saved = readModel(file);
  const job = CanonicalMapJobSchema.parse({ kind: 'canonical-map', model: saved, state: o.state, ...schemaValues(o, CanonicalMapJobSchema.shape, MAP_CLI) });
  const backend = await initBackend(o.backend);
  const run = runCanonicalMap(job, { cancelled: () => false, rng: makeRng(0) });
  let info: CanonicalMapInfo | undefined;
  for (let r = await run.next(); !r.done; r = await run.next()) {
    if (r.value.type === 'artifact' && r.value.name === 'canonical-map' && r.value.data.kind === 'json') info = r.value.data.value as CanonicalMapInfo;
  }
  if (!info) throw new Error('the map produced nothing');
  if (o.out) writeFileAtomicSync(o.out, o.out.endsWith('.csv') ? mapCsv(info) : JSON.stringify(info), 0o644);
  console.log(
    JSON.stringify(
      {
        backend: backend.name,
        system: saved.system,
        state: info.state,
        actions: info.actions.map(round),
        angles: info.angles.map(round),
        rates: info.rates,
        omega: info.omega.map(round),
        frames: info.frames,
        dt: info.dt,
        rel_error: round(info.relError),
        out: o.out ?? null,
      },
      null,
      2,
    ),
  );
}

export const register: RegisterCommands = (program: Command) => {
  const canonical = program.command('canonical').description('neural canonical transformations: train, evaluate, map a state to actions and angles');
  addSchemaOptions(
    canonical
      .command('train')
      .description('train a canonical transformation on trajectories of an integrable system; writes the model to --out')
      .option('--param <name=value>', 'override a system parameter, e.g. --param k=2 (repeatable)', collect, [])
      .option('--minutes <x>', 'stop after this many minutes (0 = no limit)', nonNegativeArg, 0),
    SHAPE,
    TRAIN_CLI,
  )
    .addOption(backendOption())
    .option('--out <file>', 'write the model (job, layers, weights, final metrics) as JSON')
    .option('--quiet', 'no progress on stderr')
    .action((opts: TrainOptions) => trainCommand(opts));
  canonical
    .command('evaluate')
    .description('radius spread, learned actions against the true conserved quantities, symplecticity and the action-angle motion on held-out trajectories')
    .argument('<model>', 'the JSON file written by canonical train --out')
    .option('--test <n>', 'test trajectories (default: as in training)', intArg(1, 100_000))
    .option('--seed <n>', 'data seed (default: the training run\'s, whose test trajectories were never trained on)', intArg(0, 2 ** 32 - 1))
    .addOption(backendOption())
    .action((file: string, opts: EvaluateOptions) => evaluateCommand(file, opts));
  addSchemaOptions(
    canonical
      .command('map')
      .description('map an initial state to its actions and angles, move them at constant rates, map back; compare with the true trajectory')
      .argument('<model>', 'the JSON file written by canonical train --out')
      .requiredOption('--state <numbers>', 'the initial state q1,..,qn,p1,..,pn (Kepler: x,y,px,py)', stateArg),
    CanonicalMapJobSchema.shape,
    MAP_CLI,
  )
    .addOption(backendOption())
    .option('--out <file>', 'write the true and mapped-back trajectories (.csv: one row per frame; otherwise JSON)')
    .action((file: string, opts: MapOptions) => mapCommand(file, opts));
};
