// `hgn train | evaluate | rollout | sample | baseline`: the Hamiltonian Generative Network without the app. Weights are
// one binary file (training/pack.ts: config + weights + Adam/GECO state + the training data's reference); results
// print on stdout in words and aligned numbers (3-4 significant digits), or as JSON with --json; progress goes to
// stderr (a line at least every few seconds even when redirected).
//
// The commands that load trained weights live in hgn-trained.ts, their output in hgn-results.ts, the data choices in
// hgn-data.ts, and `--set` / `--config` in model-settings.ts.
//
// The data: `--data FILE` (a file `generate` wrote) or `--system/--data-seed/--train/--test` (generated here). The
// weights file records which (the spec, and the file with its hash), and `evaluate` / `rollout` use that by
// default: the model is judged on its own test split, never silently on another.
import fs from 'node:fs';
import { duration, evaluationLine, num, table } from './human-output';
import { Option, type Command } from 'commander';
import { initBackend } from '../engine/backends';
import { decodeCheckpoint, encodeCheckpoint, hgnRecipe } from '../core/models/hgn';
import { writeFileAtomic } from '../files/atomic';
import type { z } from 'zod';
import { HgnJobSchema, HgnModelSchema, PixelHnnJobSchema, PixelHnnModelSchema, RunClock } from '../../preload/contract';
import { hgnSetup, runHgn, type HgnJobInput } from '../jobs/hgn';
import { runPixelHnn } from '../jobs/pixel-hnn';
import { backendOption, intArg, nonNegativeArg, numberArg } from './options';
import { phaseLine, progressLine } from './progress';
import { addSchemaOptions, schemaValues, type SchemaOptions } from './schema-options';
import type { RegisterCommands } from './types';
import { type DataOptions, readDatasetFile, dataText, given, dataFields, recipeSystem, trainingData } from './hgn-data';
import { overridesFrom, parseSetting } from './model-settings';
import { evaluateCommand, rolloutCommand, sampleCommand } from './hgn-trained';

/** Commander's values: the dataset options, these, and one per job or model field (schema-options.ts). */
interface TrainOptions extends DataOptions, Record<string, unknown> {
  set: string[];
  config?: string;
  train: number;
  minutes: number;
  out: string;
  resume?: string;
  quiet?: boolean;
}

/** The job-level flags (`hgn train`, `hgn baseline`) that the commands set themselves. */
const HANDLED = { exclude: ['maxSeconds'] };
/** `hgn train` writes weights, not rollouts (`hgn rollout` and `hgn sample` make those from the weights). */
const TRAIN_CLI = { exclude: [...HANDLED.exclude, 'rolloutSequences', 'rolloutSteps', 'sampleCount', 'sampleFrom'] };

/** The job a training command runs: its flags, model flags over --config and --set, the dataset options. */
function jobFrom(opts: TrainOptions | BaselineOptions, jobShape: Record<string, z.ZodType>, modelSchema: z.ZodObject, name: string, cli: SchemaOptions) {
  const model = { ...schemaValues(opts, modelSchema.shape), ...overridesFrom(opts.set, typeof opts.config === 'string' ? opts.config : undefined, modelSchema, name) };
  return {
    ...schemaValues(opts, jobShape, cli),
    model,
    data: { system: opts.system, train: opts.train, test: opts.test, seed: opts.dataSeed },
    maxSeconds: opts.minutes * 60,
  };
}

async function trainCommand(typed: TrainOptions, cmd?: Command): Promise<void> {
  // The recipe of the system trained on (three bodies: laptop-wide on 8,000 sequences) where --preset and --train
  // are not typed, as the app's wizard does: a data file's system, not --system's default; the file brings its own
  // sequences.
  const resume = typed.resume ? new Uint8Array(fs.readFileSync(typed.resume)) : undefined;
  const recorded = resume ? decodeCheckpoint(resume).data : undefined;
  const recipe = hgnRecipe(await recipeSystem(typed, cmd, recorded));
  const opts = { ...typed, ...(given(cmd, 'preset') ? {} : { preset: recipe.preset }), ...(given(cmd, 'train') ? {} : { train: recipe.train }) };
  let job = HgnJobSchema.parse({ kind: 'hgn', ...jobFrom(opts, HgnJobSchema.shape, HgnModelSchema, 'HGN', TRAIN_CLI) });
  const { model, data: spec } = hgnSetup(job);
  const { dataset, ref, fromSpec } = trainingData(opts, cmd, spec, recorded);
  if (!fromSpec) {
    if (ref.spec.size !== model.imageSize) throw new Error(`the data's frames are ${ref.spec.size} px, the model's ${model.imageSize} px: add --set imageSize=${ref.spec.size}`);
    job = HgnJobSchema.parse({ ...job, data: dataFields(ref.spec) });
    hgnSetup(job);
  }
  const backend = await initBackend(opts.backend);
  process.stderr.write(`backend: ${backend.name} (${backend.device})\ndata: ${dataText(ref)}\n`);
  const input: HgnJobInput = { ...job, rollouts: false, resume, dataset };
  const run = runHgn(input, { cancelled: () => false, rng: Math.random });
  // Time left as the app shows it (preload/eta.ts), for this run: no rollouts or samples after the evaluation.
  const clock = new RunClock({ ...job, sampleCount: 0, rolloutSteps: 1 });
  const evaluations: Array<{ step: number } & Record<string, number>> = [];
  const stepWidth = String(job.steps).length;
  let last = '';
  let phase: (() => void) | null = null;
  const endPhase = () => {
    phase?.();
    phase = null;
  };
  try {
    for (;;) {
      const next = await run.next();
      if (next.done) {
        endPhase();
        const result = next.value ?? null;
        if (opts.json) {
          console.log(JSON.stringify({ backend: backend.name, weights: opts.out, data: ref, result, evaluations }, null, 2));
        } else {
          console.log(`HGN: ${result?.steps ?? '?'} steps on ${backend.name}; weights written to ${opts.out}`);
          console.log(`data: ${dataText(ref)}`);
          if (result) console.log(`final evaluation on the test split:\n${table(result)}`);
        }
        return;
      }
      const ev = next.value;
      if (ev.type === 'metrics') {
        if ('recon_e4' in ev.values) {
          last = `recon x1e4 ${num(ev.values.recon_e4)}, frames ${ev.values.rollout_frames}`;
          if (ev.values.rollout_frames !== undefined) clock.framesAt(ev.step, ev.values.rollout_frames);
        } else {
          evaluations.push({ step: ev.step, ...ev.values });
          if (!opts.quiet) process.stderr.write(`${process.stderr.isTTY ? '\n' : ''}${evaluationLine(ev.step, ev.values, stepWidth)}\n`);
        }
      } else if (ev.type === 'progress' && !opts.quiet) {
        endPhase();
        if (ev.message && ev.step > 0) {
          phase = phaseLine('hgn', ev.message);
        } else {
          const now = Date.now();
          clock.progress(ev.step, job.steps, now);
          const eta = clock.eta(now);
          progressLine('hgn', ev.step, job.steps, [ev.message ?? last, eta !== null ? `${duration(eta)} left` : ''].filter(Boolean).join(', '), now);
        }
      } else if ((ev.type === 'log' || ev.type === 'event') && !opts.quiet) {
        process.stderr.write(`${process.stderr.isTTY ? '\n' : ''}${ev.message}\n`);
      } else if (ev.type === 'artifact' && (ev.name === 'checkpoint' || ev.name === 'weights') && ev.data.kind === 'u8') {
        // Every weights file says which data it was trained on.
        await writeFileAtomic(opts.out, [encodeCheckpoint({ ...decodeCheckpoint(ev.data.values), data: ref })]);
      }
    }
  } finally {
    endPhase();
  }
}

interface BaselineOptions extends DataOptions, Record<string, unknown> {
  train: number;
  set: string[];
  minutes: number;
  quiet?: boolean;
}

async function baselineCommand(opts: BaselineOptions, cmd?: Command): Promise<void> {
  let job = PixelHnnJobSchema.parse({ kind: 'pixel-hnn', ...jobFrom(opts, PixelHnnJobSchema.shape, PixelHnnModelSchema, 'PixelHNN', HANDLED) });
  if (opts.data && given(cmd, 'system', 'dataSeed', 'train', 'test')) throw new Error('--data FILE is the data: --system, --data-seed, --train and --test cannot be given with it');
  const file = opts.data ? readDatasetFile(opts.data) : null;
  if (file) job = PixelHnnJobSchema.parse({ ...job, data: dataFields(file.ref.spec) });
  const backend = await initBackend(opts.backend);
  const run = runPixelHnn({ ...job, dataset: file?.dataset }, { cancelled: () => false, rng: Math.random });
  for (;;) {
    const next = await run.next();
    if (next.done) {
      const result = next.value ?? null;
      if (opts.json) console.log(JSON.stringify({ backend: backend.name, model: 'pixel-hnn', result }, null, 2));
      else console.log(`PixelHNN baseline on ${backend.name}${file ? `, data ${dataText(file.ref)}` : ''}:\n${result ? table(result) : '  (no result)'}`);
      return;
    }
    const ev = next.value;
    if (ev.type === 'progress' && !opts.quiet) progressLine('pixel-hnn', ev.step, job.steps);
  }
}


function dataOptions(cmd: Command, judged = false): Command {
  const recorded = judged ? ' (default: the data the weights file records)' : '';
  return cmd
    .option('--data <file>', `a dataset file written by \`generate\`${recorded}`)
    .option('--system <id>', `physical system of a dataset generated here${recorded}`, 'pendulum')
    .option('--data-seed <n>', `seed of a dataset generated here${recorded}`, intArg(0), 0)
    .option('--test <n>', 'test sequences of a dataset generated here', intArg(0), 200)
    .option('--json', 'print the results as JSON (for machines) instead of in words')
    .addOption(backendOption());
}

/** A trained model's rollouts (`rollout`, `sample`): which weights, how far and fast, where the results go. */
function rolloutOptions(cmd: Command, speedHelp: string, pngHelp: string): Command {
  return cmd
    .requiredOption('--weights <file>', 'weights file from hgn train')
    .option('--steps <n>', 'integration steps', intArg(1), 60)
    .option('--speed <x>', speedHelp, numberArg, 1)
    .option('--out <file>', 'write frames, q, p and H as an array pack')
    .option('--png <file>', pngHelp);
}

/** A training command's flags: the job's fields and the model's (from their schemas), time budget, quiet. */
function trainingOptions(cmd: Command, jobShape: Record<string, z.ZodType>, modelShape: Record<string, z.ZodType>, cli: SchemaOptions): Command {
  addSchemaOptions(cmd, jobShape, cli);
  addSchemaOptions(cmd, modelShape);
  return cmd.option('--minutes <x>', 'stop after this many minutes (0 = no limit)', nonNegativeArg, 0).option('--quiet', 'no progress on stderr');
}

export const register: RegisterCommands = (program) => {
  const hgn = program.command('hgn').description('Hamiltonian Generative Network: train, evaluate, roll out, sample');
  trainingOptions(
    dataOptions(
      hgn
        .command('train')
        .description('train an HGN on a dataset file (--data) or one generated here; writes weights, training state and the data reference to --out (resumable)')
        .option('--set <key=value>', 'override one model setting, e.g. --set integrator=rk4 (repeatable)', parseSetting, [])
        .option('--config <file>', 'JSON file of model settings (applied before --set)')
        .option('--train <n>', `training sequences (untyped, the system's recipe: three-body ${hgnRecipe('three-body').train})`, intArg(1), hgnRecipe('pendulum').train),
    ),
    HgnJobSchema.shape,
    HgnModelSchema.shape,
    TRAIN_CLI,
  )
    .requiredOption('--out <file>', 'weights file to write')
    .option('--resume <file>', 'continue from a weights file written by train')
    .action(trainCommand);
  dataOptions(
    hgn
      .command('evaluate')
      .description('pixel MSE per rollout step (x1e4), VPT and learned-H drift on the test split')
      .requiredOption('--weights <file>', 'weights file from hgn train')
      .option('--sequences <n>', 'test sequences to use', intArg(1), 200)
      .option('--drift-steps <n>', 'latent steps for the H drift', intArg(1), 60),
    true,
  ).action(evaluateCommand);
  dataOptions(
    rolloutOptions(
      hgn
        .command('rollout')
        .description('roll test sequences out forward, backward (--speed -1) or at a speed multiple, beyond the training horizon')
        .option('--index <n>', 'first test sequence', intArg(0), 0)
        .option('--count <n>', 'sequences', intArg(1), 1),
      'multiple of dt (negative = backwards in time)',
      'write the frames as a PNG strip (ground truth above prediction)',
    ),
    true,
  ).action(rolloutCommand);
  trainingOptions(
    dataOptions(
      hgn
        .command('baseline')
        .description("train and evaluate the PixelHNN baseline (Greydanus et al.) on the same dataset and metrics")
        .option('--train <n>', 'training sequences', intArg(1), 2000)
        .option('--set <key=value>', 'override one PixelHNN setting, e.g. --set aeHidden=100 (repeatable)', parseSetting, []),
    ),
    PixelHnnJobSchema.shape,
    PixelHnnModelSchema.shape,
    HANDLED,
  ).action(baselineCommand);
  rolloutOptions(
    hgn
      .command('sample')
      .description('sample new trajectories: a state from the prior N(0, I) through the transformer (or from a density fitted to encoded training states), then H and the decoder')
      .option('--count <n>', 'trajectories', intArg(1), 4),
    'multiple of dt',
    'write the frames as a PNG strip',
  )
    .option('--seed <n>', 'sampling seed', intArg(0), 0)
    .addOption(new Option('--from <source>', 'auto: the prior for a KL-trained stochastic encoder, else a density fitted to encoded training states').choices(['auto', 'prior', 'fitted']).default('auto'))
    .option('--data <file>', 'with --from fitted: the dataset file to fit to (default: the data the weights file records)')
    .option('--json', 'print the results as JSON (the learned H along each sample) instead of in words')
    .addOption(backendOption())
    .action(sampleCommand);
};
