// `hgn train | evaluate | rollout | sample | baseline`: the Hamiltonian Generative Network without the app. Weights are
// one binary file (training/pack.ts: config + weights + Adam/GECO state); results print as JSON on stdout,
// progress goes to stderr.
import fs from 'node:fs';
import { PNG } from 'pngjs';
import { InvalidArgumentError, Option, type Command } from 'commander';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, type BackendChoice } from '../engine/backends';
import { generateDatasetSync } from '../core/data/generate';
import type { DatasetSpec } from '../core/data/spec';
import {
  anchorFrame,
  batchArrays,
  decodeCheckpoint,
  disposeHgn,
  evaluateHgn,
  HGN_PRESETS,
  modelFromCheckpoint,
  rolloutFromInput,
  samplePrior,
  sequenceFramesNeeded,
  type HgnConfig,
  type HgnModel,
  type HgnPresetName,
  type RolloutResult,
} from '../core/models/hgn';
import { packArrays } from '../core/training/pack';
import { sequencesFromSplit, sliceFrames } from '../core/training/sequences';
import { writeFileAtomic } from '../files/atomic';
import type { z } from 'zod';
import { HgnJobSchema, HgnModelSchema, PixelHnnJobSchema, PixelHnnModelSchema } from '../../preload/contract';
import { runHgn, type HgnJobInput } from '../jobs/hgn';
import { runPixelHnn } from '../jobs/pixel-hnn';
import { backendOption, intArg, nonNegativeArg, numberArg } from './options';
import { progressLine } from './progress';
import { addSchemaOptions, schemaValues, type SchemaOptions } from './schema-options';
import type { RegisterCommands } from './types';

interface DataOptions {
  system: string;
  dataSeed: number;
  test: number;
  backend: BackendChoice;
}

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
  count: number;
  steps: number;
  speed: number;
  seed: number;
  out?: string;
  png?: string;
  backend: BackendChoice;
}

/** "key=value" -> a model override; the value is JSON when it parses ("[16,32]", "true", "0.1"), else a string. */
export function parseSetting(text: string, previous: string[] = []): string[] {
  if (!/^[A-Za-z]\w*=/.test(text)) throw new InvalidArgumentError(`expected key=value, got "${text}"`);
  return [...previous, text];
}

/** Model settings from a JSON file, then `--set` pairs, each key checked against the model's schema. */
export function overridesFrom(settings: string[], configFile?: string, schema: z.ZodObject = HgnModelSchema, name = 'HGN'): Record<string, unknown> {
  const out: Record<string, unknown> = configFile ? (JSON.parse(fs.readFileSync(configFile, 'utf8')) as Record<string, unknown>) : {};
  const known = Object.keys(schema.shape);
  for (const s of settings) {
    const eq = s.indexOf('=');
    const key = s.slice(0, eq);
    const raw = s.slice(eq + 1);
    if (!known.includes(key)) throw new InvalidArgumentError(`unknown ${name} setting "${key}" (known: ${known.join(', ')})`);
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
async function withWeights(opts: { backend: BackendChoice; weights: string }, use: (m: HgnModel) => Promise<void>): Promise<void> {
  await initBackend(opts.backend);
  const m = modelFromCheckpoint(decodeCheckpoint(new Uint8Array(fs.readFileSync(opts.weights))));
  try {
    await use(m);
  } finally {
    disposeHgn(m);
  }
}

/** The test split of the dataset a model was trained on (same spec and seed: same sequences). */
function testData(opts: DataOptions, config: HgnConfig) {
  const spec: DatasetSpec = { system: opts.system, train: 0, test: opts.test, seed: opts.dataSeed, steps: sequenceFramesNeeded(config), size: config.imageSize };
  const ds = generateDatasetSync(spec);
  return sequencesFromSplit(ds.test, ds.meta.shapes);
}

/** The job-level flags (`hgn train`, `hgn baseline`) that the commands set themselves. */
const HANDLED = { exclude: ['maxSeconds'] };
/** `hgn train` writes weights, not rollouts (`hgn rollout` and `hgn sample` make those from the weights). */
const TRAIN_CLI = { exclude: [...HANDLED.exclude, 'rolloutSequences', 'rolloutSteps', 'sampleCount'] };

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

async function trainCommand(opts: TrainOptions): Promise<void> {
  const job = HgnJobSchema.parse({ kind: 'hgn', ...jobFrom(opts, HgnJobSchema.shape, HgnModelSchema, 'HGN', TRAIN_CLI) });
  const backend = await initBackend(opts.backend);
  process.stderr.write(`backend: ${backend.name} (${backend.device})\n`);
  const input: HgnJobInput = { ...job, rollouts: false, resume: opts.resume ? new Uint8Array(fs.readFileSync(opts.resume)) : undefined };
  const run = runHgn(input, { cancelled: () => false, rng: Math.random });
  let last = '';
  for (;;) {
    const next = await run.next();
    if (next.done) {
      console.log(JSON.stringify({ backend: backend.name, weights: opts.out, result: next.value ?? null }, null, 2));
      return;
    }
    const ev = next.value;
    if (ev.type === 'metrics') {
      if ('recon_e4' in ev.values) last = `recon x1e4 ${ev.values.recon_e4.toFixed(1)}, frames ${ev.values.rollout_frames}`;
      else if (!opts.quiet) process.stderr.write(`\nstep ${ev.step}: ${JSON.stringify(ev.values)}\n`);
    } else if (ev.type === 'progress' && !opts.quiet) {
      progressLine('hgn', ev.step, job.steps, ev.message ?? last);
    } else if (ev.type === 'log' || ev.type === 'event') {
      process.stderr.write(`\n${ev.message}\n`);
    } else if (ev.type === 'artifact' && (ev.name === 'checkpoint' || ev.name === 'weights') && ev.data.kind === 'u8') {
      await writeFileAtomic(opts.out, [ev.data.values]);
    }
  }
}

interface BaselineOptions extends DataOptions, Record<string, unknown> {
  train: number;
  set: string[];
  minutes: number;
  quiet?: boolean;
}

async function baselineCommand(opts: BaselineOptions): Promise<void> {
  const job = PixelHnnJobSchema.parse({ kind: 'pixel-hnn', ...jobFrom(opts, PixelHnnJobSchema.shape, PixelHnnModelSchema, 'PixelHNN', HANDLED) });
  const backend = await initBackend(opts.backend);
  const run = runPixelHnn(job, { cancelled: () => false, rng: Math.random });
  for (;;) {
    const next = await run.next();
    if (next.done) {
      console.log(JSON.stringify({ backend: backend.name, model: 'pixel-hnn', result: next.value ?? null }, null, 2));
      return;
    }
    const ev = next.value;
    if (ev.type === 'progress' && !opts.quiet) progressLine('pixel-hnn', ev.step, job.steps);
  }
}

function evaluateCommand(opts: EvaluateOptions): Promise<void> {
  return withWeights(opts, async (m) => {
    const test = testData(opts, m.config);
    const e = await evaluateHgn(m, test, { sequences: opts.sequences, frames: m.config.rolloutFrames, driftSteps: opts.driftSteps });
    console.log(
      JSON.stringify(
        {
          sequences: e.sequences,
          frames: e.frames,
          test_mse_e4: e.mseE4,
          vpt: e.vpt,
          vpt_relative: e.vptRelative,
          h_drift: e.hDrift,
          h_drift_spread: e.hDriftSpread,
          per_step_mse_e4: Array.from(e.perStepMse, (x) => x * 1e4),
        },
        null,
        2,
      ),
    );
  });
}

function rolloutCommand(opts: RolloutOptions): Promise<void> {
  return withWeights(opts, async (m) => {
    const c = m.config;
    const test = testData({ ...opts, test: Math.max(opts.test, opts.index + opts.count) }, c);
    const seqs = Array.from({ length: opts.count }, (_, i) => opts.index + i);
    const a = batchArrays(c, test, seqs, 1);
    const input = tf.tensor4d(a.input, [seqs.length, c.imageSize, c.imageSize, c.channels * c.encoderFrames]);
    const r = await rolloutFromInput(m, input, { steps: opts.steps, speed: opts.speed });
    input.dispose();
    const start = anchorFrame(c);
    const available = opts.speed === 1 ? Math.min(test.length - start, r.frames) : 0;
    const gt = available > 0 ? sliceFrames(test, seqs, start, available) : new Float32Array(0);
    await writeResults(r, opts, { sequences: seqs, speed: opts.speed, groundTruthFrames: available }, gt, available);
  });
}

function sampleCommand(opts: SampleOptions): Promise<void> {
  return withWeights(opts, async (m) => {
    const r = await samplePrior(m, opts.count, opts.seed, { steps: opts.steps, speed: opts.speed });
    await writeResults(r, opts, { seed: opts.seed, speed: opts.speed }, new Float32Array(0), 0);
  });
}

async function writeResults(
  r: RolloutResult,
  opts: { out?: string; png?: string },
  meta: Record<string, unknown>,
  groundTruth: Float32Array,
  gtFrames: number,
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
  const e = Array.from(r.energy);
  console.log(JSON.stringify({ ...meta, sequences: r.batch, frames: r.frames, dt: r.dt, energy_first: e.slice(0, r.frames), out: opts.out ?? null, png: opts.png ?? null }));
}

/** An RGB PNG of rows of frames in [0, 1] (grey frames are replicated). */
export function framesPng(rows: Float32Array[], cols: number, h: number, w: number, channels: number): Uint8Array {
  const png = new PNG({ width: cols * w, height: rows.length * h });
  rows.forEach((row, r) => {
    for (let y = 0; y < h; y++) {
      for (let c = 0; c < cols; c++) {
        for (let x = 0; x < w; x++) {
          const at = ((r * h + y) * png.width + c * w + x) * 4;
          for (let k = 0; k < 3; k++) {
            const v = row[((c * h + y) * w + x) * channels + Math.min(k, channels - 1)] ?? 0;
            png.data[at + k] = Math.max(0, Math.min(255, Math.round(v * 255)));
          }
          png.data[at + 3] = 255;
        }
      }
    }
  });
  return PNG.sync.write(png, { colorType: 2 });
}

function dataOptions(cmd: Command): Command {
  return cmd
    .option('--system <id>', 'physical system of the pixel dataset', 'pendulum')
    .option('--data-seed <n>', 'dataset seed (use the training one to evaluate on its test split)', intArg(0), 0)
    .option('--test <n>', 'test sequences', intArg(0), 200)
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
        .description('train an HGN on a generated pixel dataset; writes weights + training state to --out (resumable)')
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
      .description('sample new trajectories from the prior N(0, I) through the transformer, H and the decoder')
      .option('--count <n>', 'trajectories', intArg(1), 4),
    'multiple of dt',
    'write the frames as a PNG strip',
  )
    .option('--seed <n>', 'sampling seed', intArg(0), 0)
    .addOption(backendOption())
    .action(sampleCommand);
};
