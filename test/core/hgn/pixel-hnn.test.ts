// The PixelHNN baseline (main/core/models/pixel-hnn), tested next to the HGN it is compared with.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createPixelHnn,
  disposePixelHnn,
  evaluatePixelHnn,
  pairBatch,
  pixelHnnConfig,
  PixelHnnTrainer,
  vectorField,
  type PixelHnnEvent,
} from '../../../main/core/models/pixel-hnn';
import { initTestBackend } from './backend';
import { movingSquares } from './tiny';

beforeAll(async () => {
  await initTestBackend();
});

const config = pixelHnnConfig({ imageSize: 8, aeHidden: 32, hnnHidden: 16, batchSize: 16, learningRate: 3e-3 });

describe('PixelHNN', () => {
  it('its latent field is the symplectic gradient (dH/dp, -dH/dq) of its H', () => {
    const m = createPixelHnn(config);
    tf.tidy(() => {
      const z = tf.tensor2d([[0.3, -0.7], [1.1, 0.2]]);
      const f = vectorField(m, z).arraySync();
      const H = (q: number, p: number) => m.hamiltonian.form === 'general' ? m.hamiltonian.energy(tf.tensor2d([[q]]), tf.tensor2d([[p]])).dataSync()[0] : 0;
      const eps = 1e-2;
      const [q, p] = [0.3, -0.7];
      const dHdq = (H(q + eps, p) - H(q - eps, p)) / (2 * eps);
      const dHdp = (H(q, p + eps) - H(q, p - eps)) / (2 * eps);
      expect(f[0][0]).toBeCloseTo(dHdp, 3);
      expect(f[0][1]).toBeCloseTo(-dHdq, 3);
    });
    disposePixelHnn(m);
  });

  it('pairs are consecutive frames, the second pair one frame later', () => {
    const data = movingSquares(3, 6);
    const { now, next } = pairBatch(data, 4, 1);
    const px = 8 * 8 * 3;
    for (let b = 0; b < 4; b++) {
      // the second frame of `now` is the first frame of `next`
      expect(Array.from(now.subarray((2 * b + 1) * px, (2 * b + 2) * px))).toEqual(Array.from(next.subarray(2 * b * px, (2 * b + 1) * px)));
    }
  });

  it('trains (the losses fall), evaluates with the shared metrics and leaks nothing', async () => {
    const m = createPixelHnn(config);
    const start = tf.memory().numTensors;
    const trainer = new PixelHnnTrainer(m, { train: movingSquares(20, 6), test: movingSquares(4, 6, 8, 5), steps: 60, evalEvery: 60, anchor: 1 });
    const events: PixelHnnEvent[] = [];
    const counts: number[] = [];
    for await (const ev of trainer.run()) {
      events.push(ev);
      if (ev.type === 'metrics') counts.push(tf.memory().numTensors);
    }
    const totals = events.flatMap((e) => (e.type === 'metrics' ? [e.values.total] : []));
    expect(totals).toHaveLength(60);
    expect(totals.slice(-5).reduce((a, b) => a + b) / 5).toBeLessThan(0.7 * (totals.slice(0, 5).reduce((a, b) => a + b) / 5));
    expect(new Set(counts.slice(1)).size).toBe(1);
    const test = events.find((e) => e.type === 'test');
    if (!test || test.type !== 'test') throw new Error('no test event');
    expect(test.evaluation.frames).toBe(5);
    expect(test.evaluation.perStepMse).toHaveLength(5);
    expect(test.evaluation.hDriftPerStep).toHaveLength(61);
    const e = await evaluatePixelHnn(m, movingSquares(4, 6, 8, 5), { anchor: 2, frames: 3, driftSteps: 5 });
    expect(e.frames).toBe(3);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(start);
    disposePixelHnn(m);
  });
});
