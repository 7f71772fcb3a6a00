// `hgn train | evaluate | rollout | sample | baseline`: the Hamiltonian Generative Network without the app. Weights are
// one binary file (training/pack.ts: config + weights + Adam/GECO state + the training data's reference); results
// print on stdout in words and aligned numbers (3-4 significant digits), or as JSON with --json; progress goes to
// stderr (a line at least every few seconds even when redirected).
//
// The data: `--data FILE` (a file `generate` wrote) or `--system/--data-seed/--train/--test` (generated here). The
// weights file records which (the spec, and the file with its hash), and `evaluate` / `rollout` use that by
// default: the model is judged on its own test split, never silently on another.
import fs from 'node:fs';
import { framesPng } from './frames-png';
import { duration, evaluationLine, num, seriesLines, table } from './human-output';
import { InvalidArgumentError, Option, type Command } from 'commander';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, type BackendChoice } from '../engine/backends';
import {
  anchorFrame,
  batchArrays,
  decodeCheckpoint,
  disposeHgn,
  encodeCheckpoint,
  evaluateHgn,
  modelFromCheckpoint,
  rolloutFromInput,
  defaultSampleSource,
  fittedStateCount,
  sampleTrajectories,
  type SampleSource,
  type CheckpointDataRef,
  type HgnModel,
  type RolloutResult,
} from '../core/models/hgn';
import { packArrays } from '../core/training/pack';
import { sliceFrames } from '../core/training/sequences';
import { writeFileAtomic } from '../files/atomic';
import type { z } from 'zod';
import { HgnJobSchema, HgnModelSchema, PixelHnnJobSchema, PixelHnnModelSchema, RunClock } from '../../preload/contract';
import { hgnSetup, runHgn, type HgnJobInput } from '../jobs/hgn';
import { runPixelHnn } from '../jobs/pixel-hnn';
import { backendOption, intArg, nonNegativeArg, numberArg } from './options';
import { phaseLine, progressLine } from './progress';
import { nearestName } from './suggest';
import { addSchemaOptions, schemaValues, type SchemaOptions } from './schema-options';
import type { RegisterCommands } from './types';
import { type DataOptions, readDatasetFile, dataText, given, testData, dataFields, trainingData, fittingData } from './hgn-data';

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

interface EvaluateOptions extends DataOptions {
  weights: string;
  sequences: number;
  driftSteps: number;
}

interface RolloutOptions extends DataOptions {
  weights: string;
  index: number;
  count: number;
  steps: number;
  speed: number;
  out?: string;
  png?: string;
}

interface SampleOptions {
  weights: string;
  from: 'auto' | SampleSource;
  /** A dataset file for `--from fitted` (else the data the weights file records). */
  data?: string;
  count: number;
  steps: number;
  speed: number;
  seed: number;
  out?: string;
  png?: string;
  backend: BackendChoice;
  json?: boolean;
}

/** "key=value" -> a model override; the value is JSON when it parses ("[16,32]", "true", "0.1"), else a string. */
export function parseSetting(text: string, previous: string[] = []): string[] {
  if (!/^[A-Za-z]\w*=/.test(text)) throw new InvalidArgumentError(`expected key=value, got "${text}"`);
  return [...previous, text];
}

/** "unknown HGN setting "batchsize": did you mean "batchSize"? The settings are: ..." */
export function unknownSetting(name: string, key: string, known: readonly string[], where = '--set'): Error {
  const near = nearestName(key, known);
  return new Error(`${where}: unknown ${name} setting "${key}"${near ? `: did you mean "${near}"?` : '.'} The ${name} settings are: ${known.join(', ')}.`);
}

/** Model settings from a JSON file, then `--set` pairs, each key checked against the model's schema. */
export function overridesFrom(settings: string[], configFile?: string, schema: z.ZodObject = HgnModelSchema, name = 'HGN'): Record<string, unknown> {
  const out: Record<string, unknown> = configFile ? (JSON.parse(fs.readFileSync(configFile, 'utf8')) as Record<string, unknown>) : {};
  const known = Object.keys(schema.shape);
  for (const key of Object.keys(out)) if (!known.includes(key)) throw unknownSetting(name, key, known, configFile);
  for (const s of settings) {
    const eq = s.indexOf('=');
    const key = s.slice(0, eq);
    const raw = s.slice(eq + 1);
    if (!known.includes(key)) throw unknownSetting(name, key, known);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // a bare string such as leapfrog
    }
    out[key] = value;
  }
  return out;
}

/** Loads the backend, then the model of a weights file, runs `use` on it and frees it. */
async function withWeights(opts: { backend: BackendChoice; weights: string }, use: (m: HgnModel, data: CheckpointDataRef | undefined) => Promise<void>): Promise<void> {
  await initBackend(opts.backend);
  const checkpoint = decodeCheckpoint(new Uint8Array(fs.readFileSync(opts.weights)));
  const m = modelFromCheckpoint(checkpoint);
  try {
    await use(m, checkpoint.data);
  } finally {
    disposeHgn(m);
  }
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

async function trainCommand(opts: TrainOptions, cmd?: Command): Promise<void> {
  let job = HgnJobSchema.parse({ kind: 'hgn', ...jobFrom(opts, HgnJobSchema.shape, HgnModelSchema, 'HGN', TRAIN_CLI) });
  const resume = opts.resume ? new Uint8Array(fs.readFileSync(opts.resume)) : undefined;
  const { model, data: spec } = hgnSetup(job);
  const { dataset, ref, fromSpec } = trainingData(opts, cmd, spec, resume ? decodeCheckpoint(resume).data : undefined);
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

function evaluateCommand(opts: EvaluateOptions, cmd?: Command): Promise<void> {
  return withWeights(opts, async (m, recorded) => {
    const test = testData(opts, m.config, recorded, cmd);
    const done = phaseLine('hgn evaluate', `rolling out ${Math.min(opts.sequences, test.count)} test sequences`);
    let e;
    try {
      e = await evaluateHgn(m, test, { sequences: opts.sequences, frames: m.config.rolloutFrames, driftSteps: opts.driftSteps });
    } finally {
      done();
    }
    const values = { sequences: e.sequences, frames: e.frames, test_mse_e4: e.mseE4, vpt: e.vpt, vpt_relative: e.vptRelative, h_drift: e.hDrift, h_drift_spread: e.hDriftSpread };
    const perStep = Array.from(e.perStepMse, (x) => x * 1e4);
    if (opts.json) {
      console.log(JSON.stringify({ ...values, per_step_mse_e4: perStep }, null, 2));
      return;
    }
    console.log(table({ ...values, h_drift: values.h_drift }));
    console.log(seriesLines('test MSE x1e4 per rollout frame', perStep));
  });
}

function rolloutCommand(opts: RolloutOptions, cmd?: Command): Promise<void> {
  return withWeights(opts, async (m, recorded) => {
    const c = m.config;
    const test = testData(opts, c, recorded, cmd, opts.index + opts.count);
    if (opts.index + opts.count > test.count) throw new Error(`the test split has ${test.count} sequences: --index ${opts.index} --count ${opts.count} is past its end`);
    const seqs = Array.from({ length: opts.count }, (_, i) => opts.index + i);
    const a = batchArrays(c, test, seqs, 1);
    const input = tf.tensor4d(a.input, [seqs.length, c.imageSize, c.imageSize, c.channels * c.encoderFrames]);
    const r = await rolloutFromInput(m, input, { steps: opts.steps, speed: opts.speed });
    input.dispose();
    const start = anchorFrame(c);
    const available = opts.speed === 1 ? Math.min(test.length - start, r.frames) : 0;
    const gt = available > 0 ? sliceFrames(test, seqs, start, available) : new Float32Array(0);
    const what = `rolled out test sequence${seqs.length > 1 ? `s ${seqs[0]}-${seqs[seqs.length - 1]}` : ` ${seqs[0]}`} for ${opts.steps} steps at speed ${num(opts.speed)}`;
    await writeResults(r, opts, { indices: seqs, speed: opts.speed, groundTruthFrames: available }, gt, available, what);
  });
}

function sampleCommand(opts: SampleOptions): Promise<void> {
  return withWeights(opts, async (m, recorded) => {
    const source = opts.from === 'auto' ? defaultSampleSource(m.config) : opts.from;
    const train = source === 'fitted' ? fittingData(opts.data, opts.backend, recorded) : undefined;
    const r = await sampleTrajectories(m, source, opts.count, opts.seed, { steps: opts.steps, speed: opts.speed }, train);
    const from = source === 'prior' ? 'the prior' : `a density fitted to ${fittedStateCount(train!)} encoded training states`;
    await writeResults(r, opts, { seed: opts.seed, speed: opts.speed, source }, new Float32Array(0), 0, `sampled ${opts.count} trajectories from ${from} (seed ${opts.seed}) for ${opts.steps} steps at speed ${num(opts.speed)}`);
  });
}


async function writeResults(
  r: RolloutResult,
  opts: { out?: string; png?: string; json?: boolean },
  meta: Record<string, unknown>,
  groundTruth: Float32Array,
  gtFrames: number,
  what: string,
): Promise<void> {
  const img = [...r.imageShape];
  const arr = (values: Float32Array, shape: number[]) => ({ values, shape });
  if (opts.out) {
    const groups = {
      rollout: {
        frames: arr(r.images, [r.batch, r.decoded, ...img]),
        q: arr(r.q, [r.batch, r.frames, ...r.latentShape]),
        p: arr(r.p, [r.batch, r.frames, ...r.latentShape]),
        energy: arr(r.energy, [r.batch, r.frames]),
        ...(gtFrames > 0 ? { groundTruth: arr(groundTruth, [r.batch, gtFrames, ...img]) } : {}),
      },
    };
    await writeFileAtomic(opts.out, [packArrays({ ...meta, dt: r.dt, frames: r.frames }, groups)]);
  }
  if (opts.png) {
    // One row per sequence (ground truth above its prediction when there is one), one column per frame.
    const rows: Float32Array[] = [];
    const px = img[0] * img[1] * img[2];
    for (let b = 0; b < r.batch; b++) {
      if (gtFrames > 0) {
        const row = new Float32Array(r.decoded * px);
        row.set(groundTruth.subarray(b * gtFrames * px, (b + 1) * gtFrames * px));
        rows.push(row);
      }
      rows.push(r.images.subarray(b * r.decoded * px, (b + 1) * r.decoded * px));
    }
    fs.writeFileSync(opts.png, framesPng(rows, r.decoded, img[0], img[1], img[2]));
  }
  const energy = Array.from({ length: r.batch }, (_, b) => Array.from(r.energy.subarray(b * r.frames, (b + 1) * r.frames)));
  if (opts.json) {
    console.log(JSON.stringify({ ...meta, sequences: r.batch, frames: r.frames, dt: r.dt, energy, out: opts.out ?? null, png: opts.png ?? null }));
    return;
  }
  // In words: what was rolled out, the learned H at its ends (its drift), where the arrays went; the whole series
  // is in --out (or --json).
  console.log(`${what}: ${r.frames} frames, dt ${num(r.dt)}`);
  const names = Array.isArray(meta.indices) ? (meta.indices as number[]).map((i) => `sequence ${i}`) : energy.map((_, b) => `sample ${b}`);
  const w = Math.max(...names.map((n) => n.length));
  energy.forEach((e, b) => {
    const h0 = e[0];
    const h1 = e[e.length - 1];
    const drift = h0 !== 0 ? ` (${h1 >= h0 ? '+' : ''}${num((100 * (h1 - h0)) / Math.abs(h0))}%)` : '';
    console.log(`  ${names[b].padEnd(w)}  learned H ${num(h0).padStart(8)} -> ${num(h1).padStart(8)}${drift}`);
  });
  if (opts.out) console.log(`frames, q, p and H written to ${opts.out}`);
  if (opts.png) console.log(`frames written to ${opts.png}`);
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
        .option('--train <n>', 'training sequences', intArg(1), 2000),
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
