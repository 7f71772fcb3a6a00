import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHgn, disposeHgn, forward, type HgnModel } from '../../../main/core/models/hgn/model';
import { HgnTrainer } from '../../../main/core/models/hgn/train';
import { decodeCheckpoint, encodeCheckpoint, modelFromCheckpoint, type HgnCheckpoint } from '../../../main/core/models/hgn/checkpoint';
import { batchArrays, toBatch, disposeBatch } from '../../../main/core/models/hgn/batch';
import { initTestBackend } from './backend';
import { movingSquares, tinyConfig } from './tiny';

beforeAll(async () => {
  await initTestBackend();
});

const data = movingSquares(10, 6);
const config = tinyConfig({ stochastic: true, klWeighting: 'geco' });

async function trainTo(m: HgnModel, steps: number, resume?: HgnCheckpoint): Promise<HgnCheckpoint> {
  const trainer = new HgnTrainer(m, { train: data, steps, resume, checkpointEvery: 0 });
  for await (const _ of trainer.run()) void _;
  const ck = await trainer.checkpoint();
  trainer.dispose();
  return ck;
}

function outputs(m: HgnModel): Float32Array {
  const b = toBatch(config, batchArrays(config, data, [0, 3, 7]));
  const out = tf.tidy(() => forward(m, b.input, { steps: 5, sampleSeed: 9 }).frames);
  const v = out.dataSync().slice() as Float32Array;
  out.dispose();
  disposeBatch(b);
  return v;
}

describe('checkpoints', () => {
  it('saved, encoded to bytes, decoded and loaded: identical outputs', async () => {
    const m = createHgn(config);
    const ck = await trainTo(m, 4);
    const restored = modelFromCheckpoint(decodeCheckpoint(encodeCheckpoint(ck)));
    expect(Array.from(outputs(restored))).toEqual(Array.from(outputs(m)));
    // and the training state came through: step, batch cursor, GECO, Adam moments
    const back = decodeCheckpoint(encodeCheckpoint(ck));
    expect(back.step).toBe(4);
    expect(back.cursor).toBe(4);
    expect(back.geco).toEqual(ck.geco);
    expect(back.optimizer!.step).toBe(4);
    expect(Array.from(back.optimizer!.v['decoder.out.w'].values)).toEqual(Array.from(ck.optimizer!.v['decoder.out.w'].values));
    disposeHgn(m);
    disposeHgn(restored);
  });

  it('a run resumed from a checkpoint continues exactly like the uninterrupted run', async () => {
    const a = createHgn(config);
    const straight = await trainTo(a, 6);
    const b = createHgn(config);
    const half = await trainTo(b, 3);
    disposeHgn(b);
    const c = createHgn({ ...config, seed: config.seed }); // fresh weights, overwritten by the resume
    const resumed = await trainTo(c, 6, decodeCheckpoint(encodeCheckpoint(half)));
    expect(resumed.step).toBe(6);
    expect(resumed.geco).toEqual(straight.geco);
    for (const name of Object.keys(straight.params)) {
      expect(Array.from(resumed.params[name].values), name).toEqual(Array.from(straight.params[name].values));
    }
    disposeHgn(a);
    disposeHgn(c);
  });

  it('refuses a checkpoint whose shapes do not fit the model', async () => {
    const m = createHgn(config);
    const ck = await trainTo(m, 1);
    const other = createHgn(tinyConfig({ decoderFilters: [5, 3] }));
    expect(() => other.params.write(ck.params)).toThrow(/shape/);
    disposeHgn(m);
    disposeHgn(other);
  });
});
