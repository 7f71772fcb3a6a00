// Where an `hgn` command's data comes from: `--data FILE` (a file `generate` wrote, its hash checked), the data a
// weights file records, or a spec generated here; and that choice in words for stderr.
import fs from 'node:fs';
import path from 'node:path';
import { type Command } from 'commander';
import { type BackendChoice } from '../engine/backends';
import { generateDataset } from '../core/data/generate';
import { decodeDataset } from '../core/data/format';
import type { Dataset } from '../core/data/dataset';
import type { DatasetSpec } from '../core/data/spec';
import { sequenceFramesNeeded, type CheckpointDataRef, type HgnConfig } from '../core/models/hgn';
import { sequencesFromSplit, type PixelSequences } from '../core/training/sequences';
import { nodeSha256 } from '../jobs/node-hash';
import { readHeaderOf } from '../services/datasets/cache';
import { progressLine } from './progress';

export interface DataOptions {
  system: string;
  dataSeed: number;
  test: number;
  backend: BackendChoice;
  /** A dataset file written by `generate`. */
  data?: string;
  json?: boolean;
}

/** A dataset file written by `generate` (its hash checked), and the reference a weights file keeps of it. */
export function readDatasetFile(file: string): { dataset: Dataset; ref: CheckpointDataRef } {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    throw new Error(`--data ${file}: cannot read it (${err instanceof Error ? err.message : String(err)})`);
  }
  let decoded;
  try {
    decoded = decodeDataset(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { hasher: nodeSha256 });
  } catch (err) {
    throw new Error(`--data ${file}: not a dataset file written by \`generate\` (${err instanceof Error ? err.message : String(err)})`);
  }
  const { header, dataset } = decoded;
  return { dataset, ref: { spec: header.spec, specHash: header.specHash, file: path.resolve(file), contentHash: header.contentHash } };
}

/** Where data came from, in words: "data.hsds (pendulum, seed 7: 2000 train / 500 test, 32 px)". */
export function dataText(ref: CheckpointDataRef): string {
  const s = ref.spec;
  return `${ref.file ? `${ref.file} (` : ''}${s.system}, seed ${s.seed}: ${s.train} train / ${s.test} test sequences of ${s.steps} frames, ${s.size} px${ref.file ? ')' : ''}`;
}

/** Generates a dataset, with a progress line on stderr (a large one takes a while). */
export function generateDatasetSync(spec: DatasetSpec): Dataset {
  const gen = generateDataset(spec);
  for (;;) {
    const step = gen.next();
    if (step.done) return step.value;
    progressLine('data', step.value.overallDone, step.value.overallTotal, 'sequences generated');
  }
}

/** The options a command's user typed (not defaults). */
export function given(cmd: Command | undefined, ...keys: string[]): boolean {
  return !!cmd && keys.some((k) => cmd.getOptionValueSource(k) === 'cli');
}

/**
 * The test split to judge a model on: `--data FILE`'s; else, unless --system or --data-seed were typed, the data
 * its weights file records (the file when it is still there unchanged, else regenerated from the spec: the same
 * sequences); else the test split generated from --system / --data-seed / --test (said on stderr when the weights
 * record nothing, rather than silently).
 */
export function testData(opts: DataOptions, config: HgnConfig, recorded: CheckpointDataRef | undefined, cmd?: Command, minTest = 0) {
  let dataset: Dataset;
  if (opts.data) {
    dataset = readDatasetFile(opts.data).dataset;
  } else if (recorded && !given(cmd, 'system', 'dataSeed')) {
    const file = recorded.file && fs.existsSync(recorded.file) ? recorded.file : null;
    const fromFile = file ? readDatasetFile(file) : null;
    if (fromFile && fromFile.ref.contentHash === recorded.contentHash) {
      dataset = fromFile.dataset;
      process.stderr.write(`data: the test split of ${dataText(recorded)}, as recorded in the weights file\n`);
    } else {
      dataset = generateDatasetSync({ ...recorded.spec, train: 0, test: Math.max(recorded.spec.test, minTest) });
      const why = recorded.file ? ` (${recorded.file} is ${file ? 'changed' : 'gone'}: regenerated from its spec, the same sequences)` : '';
      process.stderr.write(`data: the test split of ${dataText({ spec: recorded.spec, specHash: recorded.specHash })}, as recorded in the weights file${why}\n`);
    }
  } else {
    if (!recorded && !given(cmd, 'system', 'dataSeed')) {
      process.stderr.write(`data: the weights file does not record its training data; using the ${opts.system} test split of seed ${opts.dataSeed} (pass --data FILE or --system and --data-seed to choose)\n`);
    }
    const spec: DatasetSpec = { system: opts.system, train: 0, test: Math.max(opts.test, minTest), seed: opts.dataSeed, steps: sequenceFramesNeeded(config), size: config.imageSize };
    dataset = generateDatasetSync(spec);
    if (recorded) process.stderr.write(`data: the ${opts.system} test split of seed ${opts.dataSeed}, generated here as asked (the model was trained on ${dataText(recorded)})\n`);
  }
  const size = dataset.meta.spec.size;
  if (size !== config.imageSize) throw new Error(`the data's frames are ${size} px, the model's ${config.imageSize} px`);
  return sequencesFromSplit(dataset.test, dataset.meta.shapes);
}

/** A job's `data` field that describes a resolved spec (a file's, a recorded one). */
export function dataFields(spec: CheckpointDataRef['spec']) {
  const { system, params, sampling, seed, train, test, steps, dt, size, style } = spec;
  return { system, params, sampling, seed, train, test, steps, dt, size, style };
}

/**
 * The system a training command's recipe is chosen for: the data file's (`--data FILE`), or, resuming without data
 * flags, the system of the data the weights file records; else --system. A file that cannot be read falls back to
 * --system here: `trainingData` then says what is wrong with it.
 */
export async function recipeSystem(opts: DataOptions, cmd: Command | undefined, recorded: CheckpointDataRef | undefined): Promise<string> {
  if (opts.data) {
    try {
      return (await readHeaderOf(opts.data)).spec.system;
    } catch {
      return opts.system;
    }
  }
  if (recorded && !given(cmd, 'system', 'dataSeed', 'train', 'test')) return recorded.spec.system;
  return opts.system;
}

/**
 * The training data: `--data FILE`; else, resuming without data flags, the data the weights file records; else
 * generated from --system / --data-seed / --train / --test and the model's needs.
 */
export function trainingData(opts: DataOptions, cmd: Command | undefined, spec: DatasetSpec, recorded: CheckpointDataRef | undefined): { dataset: Dataset; ref: CheckpointDataRef; fromSpec: boolean } {
  const flags = given(cmd, 'system', 'dataSeed', 'train', 'test');
  if (opts.data) {
    if (flags) throw new Error('--data FILE is the data: --system, --data-seed, --train and --test cannot be given with it');
    return { ...readDatasetFile(opts.data), fromSpec: false };
  }
  if (recorded && !flags) {
    if (recorded.file && fs.existsSync(recorded.file)) {
      const f = readDatasetFile(recorded.file);
      if (f.ref.contentHash === recorded.contentHash) return { ...f, fromSpec: false };
    }
    const dataset = generateDatasetSync(recorded.spec);
    return { dataset, ref: { spec: dataset.meta.spec, specHash: dataset.meta.specHash, ...(recorded.file ? { file: recorded.file, contentHash: recorded.contentHash } : {}) }, fromSpec: false };
  }
  const dataset = generateDatasetSync(spec);
  return { dataset, ref: { spec: dataset.meta.spec, specHash: dataset.meta.specHash }, fromSpec: true };
}

/** The training sequences a fitted density is fitted to: --data FILE's, else those the weights file records. */
export function fittingData(data: string | undefined, backend: BackendChoice, recorded: CheckpointDataRef | undefined): PixelSequences {
  if (!data && !recorded) throw new Error('sampling from a fitted density needs the training data: this weights file does not record it, so pass --data FILE (or --from prior)');
  const { dataset } = data ? readDatasetFile(data) : trainingData({ system: '', dataSeed: 0, test: 0, backend }, undefined, recorded!.spec, recorded);
  process.stderr.write(`data: fitting the sample density to the training split of ${dataText({ spec: dataset.meta.spec, specHash: dataset.meta.specHash })}\n`);
  return sequencesFromSplit(dataset.train, dataset.meta.shapes);
}
