import { describe, expect, it } from 'vitest';
import {
  constantFrameMse,
  energyDrift,
  meanFrame,
  median,
  perStepMse,
  relativeErrors,
  validPredictionTime,
} from '../../../main/core/training/metrics';

describe('per-step MSE', () => {
  it('averages squared errors over batch and pixels, separately per step', () => {
    // batch 2, steps 2, pixels 2; errors: b0 t0 = (1, 1), b0 t1 = (0, 2), b1 t0 = (0, 0), b1 t1 = (2, 0)
    const gt = new Float32Array(8);
    const pred = Float32Array.from([1, 1, 0, 2, 0, 0, 2, 0]);
    const mse = perStepMse(gt, pred, { batch: 2, steps: 2, pixels: 2 });
    expect(Array.from(mse)).toEqual([(1 + 1 + 0 + 0) / 4, (0 + 4 + 4 + 0) / 4]);
  });

  it('rejects arrays of the wrong size', () => {
    expect(() => perStepMse(new Float32Array(3), new Float32Array(4), { batch: 1, steps: 2, pixels: 2 })).toThrow(/expected 4/);
  });
});

describe('VPT', () => {
  // Each sequence: gt = 1 everywhere; the prediction error grows by `rate` per step, so e_t = (rate * t)^2.
  const make = (rates: number[], steps: number, pixels = 3) => {
    const gt = new Float32Array(rates.length * steps * pixels).fill(1);
    const pred = new Float32Array(gt.length);
    rates.forEach((r, b) => {
      for (let t = 0; t < steps; t++) for (let i = 0; i < pixels; i++) pred[(b * steps + t) * pixels + i] = 1 + r * t;
    });
    return { gt, pred, shape: { batch: rates.length, steps, pixels } };
  };

  it('is the first step whose relative error exceeds the threshold, median over the batch', () => {
    // e_t > 0.025 <=> r t > 0.1581: r = 0.05 -> t = 4; r = 0.02 -> t = 8; r = 0.1 -> t = 2
    const { gt, pred, shape } = make([0.05, 0.02, 0.1], 20);
    const v = validPredictionTime(gt, pred, shape);
    expect(Array.from(v.perSequence)).toEqual([4, 8, 2]);
    expect(v.median).toBe(4);
    expect(v.relative).toBeCloseTo(4 / 20, 12);
  });

  it('gives the full length to a sequence that never fails, 0 to one wrong from the start', () => {
    const { gt, pred, shape } = make([0, 0], 5);
    pred.fill(5, 5 * 3); // second sequence wrong everywhere
    const v = validPredictionTime(gt, pred, shape);
    expect(Array.from(v.perSequence)).toEqual([5, 0]);
    expect(v.median).toBe(2.5);
  });

  it('normalises by the ground truth energy of each frame', () => {
    const gt = Float32Array.from([2, 2]);
    const pred = Float32Array.from([3, 2]);
    expect(relativeErrors(gt, pred, { batch: 1, steps: 1, pixels: 2 })[0]).toBeCloseTo(0.5 / 4, 12);
  });
});

describe('energy drift', () => {
  it('measures |H_t - H_0| relative to |H_0| or to the spread of H_0', () => {
    // two sequences of 3 steps: H = (2, 2.2, 1.8) and (4, 4, 5)
    const e = Float32Array.from([2, 2.2, 1.8, 4, 4, 5]);
    const self = energyDrift(e, 2, 3, 'self');
    expect(self.perStep[0]).toBe(0);
    expect(self.perStep[1]).toBeCloseTo((0.1 + 0) / 2, 6);
    expect(self.perStep[2]).toBeCloseTo((0.1 + 0.25) / 2, 6);
    expect(self.max).toBeCloseTo(0.175, 6);
    const spread = energyDrift(e, 2, 3, 'spread'); // std of (2, 4) = 1
    expect(spread.final).toBeCloseTo((0.2 + 1) / 2, 6);
  });
});

describe('mean-frame baseline', () => {
  it('predicts the per-pixel mean of every training frame', () => {
    const frames = Float32Array.from([0, 1, 2, 3, 4, 5]); // 3 frames of 2 pixels
    const m = meanFrame(frames, 3, 2);
    expect(Array.from(m)).toEqual([2, 3]);
    const gt = Float32Array.from([2, 3, 4, 3]); // 1 sequence, 2 steps
    expect(constantFrameMse(gt, m, { batch: 1, steps: 2, pixels: 2 })).toBeCloseTo(4 / 4, 12);
    expect(Array.from(meanFrame(Uint8Array.from([0, 255]), 1, 2, 1 / 255))).toEqual([0, 1]);
  });

  it('median of odd and even lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
