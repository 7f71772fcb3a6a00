// The runners' SyMetric matches rollout step k with the true state at anchor + k: a latent equal to the states from
// the anchor scores 1, the same latent read one step off does not explain them.
import { describe, expect, it } from 'vitest';
import { latentSymetric } from '../../../main/core/training/latent-symetric';

const sequences = 5;
const length = 40;
// Same amplitude, a different frequency per sequence: one point of the circle moves differently in each, so a latent
// that is off by a step is no function of the state.
const states = new Float64Array(sequences * length * 2);
for (let s = 0; s < sequences; s++) {
  for (let t = 0; t < length; t++) states.set([Math.cos((0.5 + 0.6 * s) * t + s), -Math.sin((0.5 + 0.6 * s) * t + s)], (s * length + t) * 2);
}

function latentFrom(start: number, frames: number): Float32Array {
  const out = new Float32Array(sequences * frames * 2);
  for (let s = 0; s < sequences; s++) out.set(states.subarray((s * length + start) * 2, (s * length + start + frames) * 2), s * frames * 2);
  return out;
}

describe('latentSymetric', () => {
  it('scores a latent that is the true state from the anchor on as 1', () => {
    const r = latentSymetric({ latent: latentFrom(3, 30), sequences, frames: 30, latentDim: 2 }, states, length, 2, 3);
    expect(r.symetric).toBe(1);
    expect(r.rsq).toBeGreaterThan(0.999);
  });

  it('does not explain the states with a latent one step off', () => {
    const r = latentSymetric({ latent: latentFrom(4, 30), sequences, frames: 30, latentDim: 2 }, states, length, 2, 3, { maxOrder: 3 });
    expect(r.rsq).toBeLessThan(0.9);
    expect(r.symetric).toBe(0);
  });

  it('refuses rollouts longer than the sequences hold after the anchor', () => {
    expect(() => latentSymetric({ latent: latentFrom(0, 38), sequences, frames: 38, latentDim: 2 }, states, length, 2, 3)).toThrow(/hold 37 states/);
  });
});
