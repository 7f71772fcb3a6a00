import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHgn, disposeHgn } from '../../../main/core/models/hgn/model';
import { rolloutFromInput, rolloutFromState, samplePrior } from '../../../main/core/models/hgn/rollout';
import { evaluateHgn } from '../../../main/core/models/hgn/evaluate';
import { batchArrays } from '../../../main/core/models/hgn/batch';
import { constantFrameMse, meanFrame } from '../../../main/core/training/metrics';
import { initTestBackend } from './backend';
import { movingSquares, tinyConfig } from './tiny';

beforeAll(async () => {
  await initTestBackend();
});

describe('rollouts', () => {
  const c = tinyConfig({ hamiltonianForm: 'separable' });
  const data = movingSquares(4, 6);

  it('forward then backward (negative speed) returns to the start, beyond the training horizon', async () => {
    const m = createHgn(c);
    const input = tf.tensor4d(batchArrays(c, data, [0, 1, 2], 1).input, [3, 8, 8, 6]);
    const fwd = await rolloutFromInput(m, input, { steps: 3 * c.rolloutFrames });
    expect(fwd.frames).toBe(3 * c.rolloutFrames + 1);
    expect(fwd.images).toHaveLength(3 * fwd.frames * 8 * 8 * 3);
    const per = 2 * 2 * 2;
    const last = (r: typeof fwd, arr: Float32Array) =>
      Float32Array.from({ length: 3 * per }, (_, i) => arr[(Math.floor(i / per) * r.frames + r.frames - 1) * per + (i % per)]);
    const s = { q: tf.tensor4d(last(fwd, fwd.q), [3, 2, 2, 2]), p: tf.tensor4d(last(fwd, fwd.p), [3, 2, 2, 2]) };
    const back = await rolloutFromState(m, s, { steps: fwd.frames - 1, speed: -1 });
    expect(back.dt).toBe(-c.dt);
    const end = last(back, back.q);
    const start = Float32Array.from({ length: 3 * per }, (_, i) => fwd.q[Math.floor(i / per) * fwd.frames * per + (i % per)]);
    end.forEach((v, i) => expect(Math.abs(v - start[i])).toBeLessThan(1e-4));
    // the backward rollout's frames are the forward ones in reverse
    const px = 8 * 8 * 3;
    for (let i = 0; i < px; i++) expect(Math.abs(back.images[(back.frames - 1) * px + i] - fwd.images[i])).toBeLessThan(1e-3);
    tf.dispose([input, s.q, s.p]);
    disposeHgn(m);
  });

  it('a speed multiple scales dt, and a double-speed rollout tracks every other frame', async () => {
    const m = createHgn(c);
    const input = tf.tensor4d(batchArrays(c, data, [0], 1).input, [1, 8, 8, 6]);
    const slow = await rolloutFromInput(m, input, { steps: 8, decodeFrames: 0 });
    const fast = await rolloutFromInput(m, input, { steps: 4, speed: 2, decodeFrames: 0 });
    expect(fast.dt).toBe(2 * c.dt);
    expect(fast.images).toHaveLength(0);
    const per = 8;
    const moved = Math.max(...Array.from({ length: per }, (_, i) => Math.abs(slow.q[8 * per + i] - slow.q[i])));
    const gap = Math.max(...Array.from({ length: per }, (_, i) => Math.abs(fast.q[4 * per + i] - slow.q[8 * per + i])));
    expect(gap).toBeLessThan(0.1 * moved);
    input.dispose();
    disposeHgn(m);
  });

  it('samples new trajectories from the prior', async () => {
    const m = createHgn(c);
    const a = await samplePrior(m, 2, 5, { steps: 6 });
    const b = await samplePrior(m, 2, 5, { steps: 6 });
    const d = await samplePrior(m, 2, 6, { steps: 6 });
    expect(a.images).toHaveLength(2 * 7 * 8 * 8 * 3);
    expect(a.energy).toHaveLength(14);
    expect(Array.from(a.images)).toEqual(Array.from(b.images));
    expect(Array.from(a.q)).not.toEqual(Array.from(d.q));
    disposeHgn(m);
  });
});

describe('evaluation', () => {
  it('reports per-step MSE, VPT, H drift and the mean-frame baseline with consistent sizes', async () => {
    const c = tinyConfig();
    const m = createHgn(c);
    const train = movingSquares(10, 6, 8, 3);
    const test = movingSquares(5, 6, 8, 4);
    const mf = meanFrame(train.frames, 60, 192);
    const e = await evaluateHgn(m, test, { driftSteps: 10, meanFrame: mf, batch: 2 });
    expect(e.sequences).toBe(5);
    expect(e.frames).toBe(5); // anchored at frame 1 (k = 2, 'last') of 6
    expect(e.perStepMse).toHaveLength(5);
    expect(e.mseE4).toBeCloseTo(1e4 * e.perStepMse.reduce((a, b) => a + b) / 5, 6);
    expect(e.vptPerSequence).toHaveLength(5);
    expect(e.vpt).toBeGreaterThanOrEqual(0);
    expect(e.vpt).toBeLessThanOrEqual(5);
    expect(e.hDriftPerStep).toHaveLength(11);
    expect(e.hDriftPerStep[0]).toBe(0);
    const gt = new Float32Array(5 * 5 * 192);
    for (let s = 0; s < 5; s++) gt.set(test.frames.subarray((s * 6 + 1) * 192, (s * 6 + 6) * 192), s * 5 * 192);
    expect(e.meanFrameMseE4).toBeCloseTo(1e4 * constantFrameMse(gt, mf, { batch: 5, steps: 5, pixels: 192 }), 6);
    disposeHgn(m);
  });
});
