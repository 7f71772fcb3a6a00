// The true energy read back from frames: nearly constant on rendered real trajectories (pendulum, mass-spring,
// two bodies), the right value, and far from constant on frames that do not show the system moving as it can.
import { describe, expect, it } from 'vitest';
import { generateDatasetSync } from '../../../main/core/data/generate';
import { getSystem } from '../../../main/core/physics';
import { energyFromFrames, medianSpread } from '../../../main/core/physics/render/energy-from-frames';
import { makeRng } from '../../../main/core/random';

function dataset(system: string) {
  return generateDatasetSync({ system, train: 0, test: 6, steps: 30, size: 32, seed: 3 });
}

describe('energy from frames', () => {
  for (const id of ['pendulum', 'mass-spring', 'two-body'] as const) {
    it(`reads a nearly constant energy, close to the true one, from rendered ${id} trajectories`, () => {
      const ds = dataset(id);
      const { spec } = ds.meta;
      const system = getSystem(id);
      const images = Float32Array.from(ds.test.frames, (v) => v / 255);
      const r = energyFromFrames(system, spec.params, images, 6, 30, { size: 32, style: spec.style, dt: spec.dt });
      expect(medianSpread(r.relativeSpread)).toBeLessThan(0.1);
      // The mean read energy of each sequence against the true (conserved) one.
      const dyn = system.dynamics(spec.params);
      const dim = system.dim;
      for (let s = 0; s < 6; s++) {
        const truth = dyn.H(ds.test.states.subarray(s * 30 * dim, s * 30 * dim + dim));
        const scale = dyn.energyScale ? dyn.energyScale(ds.test.states.subarray(s * 30 * dim, s * 30 * dim + dim)) : Math.abs(truth);
        const row = Array.from(r.energy.subarray(s * 28, (s + 1) * 28)).filter(Number.isFinite);
        const mean = row.reduce((a, b) => a + b, 0) / row.length;
        expect(Math.abs(mean - truth) / scale, `sequence ${s}`).toBeLessThan(0.15);
      }
    });
  }

  it('sees frames shuffled in time as far from conserving energy', () => {
    const ds = dataset('pendulum');
    const { spec } = ds.meta;
    const px = 32 * 32 * 3;
    const images = Float32Array.from(ds.test.frames, (v) => v / 255);
    const shuffled = new Float32Array(images.length);
    const rng = makeRng(5);
    for (let s = 0; s < 6; s++) {
      for (let t = 0; t < 30; t++) {
        const from = Math.floor(rng() * 30);
        shuffled.set(images.subarray((s * 30 + from) * px, (s * 30 + from + 1) * px), (s * 30 + t) * px);
      }
    }
    const real = medianSpread(energyFromFrames(getSystem('pendulum'), spec.params, images, 6, 30, { size: 32, style: spec.style, dt: spec.dt }).relativeSpread);
    const fake = medianSpread(energyFromFrames(getSystem('pendulum'), spec.params, shuffled, 6, 30, { size: 32, style: spec.style, dt: spec.dt }).relativeSpread);
    expect(fake).toBeGreaterThan(5 * real);
  });

  it('calls a sequence with no body in it unreadable', () => {
    const ds = dataset('mass-spring');
    const { spec } = ds.meta;
    const blank = new Float32Array(2 * 30 * 32 * 32 * 3).fill(81 / 255);
    const r = energyFromFrames(getSystem('mass-spring'), spec.params, blank, 2, 30, { size: 32, style: spec.style, dt: spec.dt });
    expect(Array.from(r.relativeSpread)).toEqual([Infinity, Infinity]);
  });
});
