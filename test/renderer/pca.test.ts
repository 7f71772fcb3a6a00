import { describe, expect, it } from 'vitest';
import { pcaProject } from '../../renderer/src/components/pca';
import { perFrameMse, validPredictionTime } from '../../renderer/src/components/rollout-math';

describe('pcaProject', () => {
  it('recovers a line embedded in many dimensions as the first component', () => {
    const rows = 50;
    const dims = 20;
    const dir = Array.from({ length: dims }, (_, i) => Math.cos(i));
    const data = new Float32Array(rows * dims);
    for (let r = 0; r < rows; r++) for (let d = 0; d < dims; d++) data[r * dims + d] = (r - 25) * dir[d] + 3;
    const out = pcaProject(data, rows, dims, 3);
    const norm = Math.hypot(...dir);
    for (let r = 0; r < rows; r++) {
      // Centred: the mean of r - 25 over r = 0..49 is -0.5.
      expect(Math.abs(out[r * 3])).toBeCloseTo(Math.abs(r - 24.5) * norm, 2);
      expect(Math.abs(out[r * 3 + 1])).toBeLessThan(1e-3);
    }
  });
});

describe('rollout metrics', () => {
  it('per-frame MSE and VPT follow docs/science.md', () => {
    const pixels = 4;
    const gt = new Float32Array([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    const pred = new Float32Array([1, 1, 1, 1, 1, 1, 1, 0.9, 0, 0, 0, 0]);
    expect(Array.from(perFrameMse(pred, gt, 3, pixels))).toEqual([0, expect.closeTo(0.0025, 6), 1]);
    // Frame 1: 0.0025 relative error, under 0.025; frame 2: 1, over it.
    expect(validPredictionTime(pred, gt, 3, pixels)).toBe(2);
  });
});
