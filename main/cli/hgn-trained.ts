// `hgn evaluate | rollout | sample`: the commands that load a trained model from its weights file. Each judges or
// rolls out on the data the weights file records unless told otherwise (cli/hgn-data.ts).
import fs from 'node:fs';
import type { Command } from 'commander';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, type BackendChoice } from '../engine/backends';
import {
  anchorFrame,
  batchArrays,
  decodeCheckpoint,
  defaultSampleSource,
  disposeHgn,
  evaluateHgn,
  fittedStateCount,
  modelFromCheckpoint,
  rolloutFromInput,
  sampleTrajectories,
  type CheckpointDataRef,
  type HgnModel,
  type SampleSource,
} from '../core/models/hgn';
import { sliceFrames } from '../core/training/sequences';
import { writeResults } from './hgn-results';
import { fittingData, testData, type DataOptions } from './hgn-data';
import { num, seriesLines, table } from './human-output';
import { phaseLine } from './progress';

export interface EvaluateOptions extends DataOptions {
  weights: string;
  sequences: number;
  driftSteps: number;
}

export interface RolloutOptions extends DataOptions {
  weights: string;
  index: number;
  count: number;
  steps: number;
  speed: number;
  out?: string;
  png?: string;
}

export interface SampleOptions {
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

export function evaluateCommand(opts: EvaluateOptions, cmd?: Command): Promise<void> {
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

export function rolloutCommand(opts: RolloutOptions, cmd?: Command): Promise<void> {
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

export function sampleCommand(opts: SampleOptions): Promise<void> {
  return withWeights(opts, async (m, recorded) => {
    const source = opts.from === 'auto' ? defaultSampleSource(m.config) : opts.from;
    const train = source === 'fitted' ? fittingData(opts.data, opts.backend, recorded) : undefined;
    const r = await sampleTrajectories(m, source, opts.count, opts.seed, { steps: opts.steps, speed: opts.speed }, train);
    const from = source === 'prior' ? 'the prior' : `a density fitted to ${fittedStateCount(train!)} encoded training states`;
    await writeResults(r, opts, { seed: opts.seed, speed: opts.speed, source }, new Float32Array(0), 0, `sampled ${opts.count} trajectories from ${from} (seed ${opts.seed}) for ${opts.steps} steps at speed ${num(opts.speed)}`);
  });
}
