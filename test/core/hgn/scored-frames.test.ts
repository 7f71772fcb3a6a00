// Scoring a random subset of each training rollout's frames (config.trainDecodedFrames): the draw, the loss it
// gives (the full loss restricted to those frames, not an approximation of it) and a run that still learns.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchArrays, disposeBatch, scoredFrames, toBatch } from '../../../main/core/models/hgn/batch';
import { hgnLoss } from '../../../main/core/models/hgn/loss';
import { createHgn, disposeHgn, forward } from '../../../main/core/models/hgn/model';
import { HgnTrainer } from '../../../main/core/models/hgn/train';
import { initTestBackend } from './backend';
import { movingSquares, tinyConfig } from './tiny';

beforeAll(async () => {
  await initTestBackend();
});

describe('HGN: scoring some frames per step', () => {
  it('draws distinct ascending frames from the step, the same for the same step; all frames when off', () => {
    const c = tinyConfig({ trainDecodedFrames: 10, rolloutFrames: 30 });
    const draws = Array.from({ length: 50 }, (_, d) => scoredFrames(c, 30, d)!);
    for (const f of draws) {
      expect(f).toHaveLength(10);
      expect(new Set(f).size).toBe(10);
      expect(f.every((t, i) => t >= 0 && t < 30 && (i === 0 || t > f[i - 1]))).toBe(true);
    }
    expect(scoredFrames(c, 30, 7)).toEqual(draws[7]);
    expect(new Set(draws.map((f) => f.join())).size).toBeGreaterThan(45);
    // Over many steps every frame is scored about equally often (10 of 30: a third of the steps each).
    const counts = new Array(30).fill(0);
    for (let d = 0; d < 3000; d++) for (const t of scoredFrames(c, 30, d)!) counts[t]++;
    for (const n of counts) expect(Math.abs(n / 3000 - 1 / 3)).toBeLessThan(0.05);
    expect(scoredFrames(tinyConfig({ trainDecodedFrames: 0 }), 30, 1)).toBeUndefined();
    expect(scoredFrames(c, 8, 1)).toBeUndefined(); // a curriculum's short rollout: all of its frames
    expect(() => tinyConfig({ trainDecodedFrames: -1 })).toThrow(/trainDecodedFrames/);
  });

  it("the loss on a subset is the full rollout's error on exactly those frames", () => {
    const c = tinyConfig({ stochastic: false, klWeighting: 'beta', beta: 0 });
    const m = createHgn(c);
    const data = movingSquares(6, 6);
    const seqs = [0, 2, 5];
    const decoded = [0, 2, 3];
    const full = toBatch(c, batchArrays(c, data, seqs, 4));
    const part = toBatch(c, batchArrays(c, data, seqs, 4, decoded));
    expect(part.target.shape[0]).toBe(3 * decoded.length);
    const [subset, expected] = tf.tidy(() => {
      const out = forward(m, full.input, { steps: 3, sampleSeed: null });
      const rows = decoded.flatMap((t) => seqs.map((_, b) => t * seqs.length + b));
      const err = tf.mean(tf.square(tf.sub(tf.gather(out.frames, rows), tf.gather(full.target, rows))));
      return [hgnLoss(m, part, { kind: 'beta', beta: 0 }, null).recon.dataSync()[0], err.dataSync()[0]];
    });
    expect(subset).toBeCloseTo(expected, 6);
    // The subset's target rows are the full target's rows of those frames.
    const rows = decoded.flatMap((t) => seqs.map((_, b) => t * seqs.length + b));
    expect(Array.from(part.target.dataSync())).toEqual(Array.from(tf.tidy(() => tf.gather(full.target, rows)).dataSync()));
    disposeBatch(full);
    disposeBatch(part);
    disposeHgn(m);
  });

  it('a run that scores 2 of 4 frames per step still lowers the error over all of them', async () => {
    const m = createHgn(tinyConfig({ stochastic: false, klWeighting: 'beta', beta: 0, learningRate: 3e-3, trainDecodedFrames: 2 }));
    const trainer = new HgnTrainer(m, { train: movingSquares(24, 6), test: movingSquares(6, 6, 8, 9), steps: 80, evalSequences: 6 });
    const before = (await trainer.evaluate())!.mseE4;
    for await (const ev of trainer.run()) void ev;
    const after = (await trainer.evaluate())!.mseE4;
    expect(after).toBeLessThan(0.5 * before);
    trainer.dispose();
    disposeHgn(m);
  });
});
