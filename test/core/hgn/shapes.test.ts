import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { HGN_PRESETS, HGN_PRESET_NOTES, hgnConfig, hgnRecipe, recipeOnSystemChange, latentChannels, latentSize, sequenceFramesNeeded, type HgnPresetName } from '../../../main/core/models/hgn/config';
import { encode, samplePosterior } from '../../../main/core/models/hgn/encoder';
import { toPhaseState } from '../../../main/core/models/hgn/transformer';
import { energy } from '../../../main/core/models/hgn/hamiltonian';
import { decode } from '../../../main/core/models/hgn/decoder';
import { createHgn, disposeHgn, forward } from '../../../main/core/models/hgn/model';
import { batchArrays, toBatch, disposeBatch } from '../../../main/core/models/hgn/batch';
import { upsample2x } from '../../../main/core/nn/upsample';
import { initTestBackend } from './backend';
import { movingSquares, tinyConfig } from './tiny';

beforeAll(async () => {
  await initTestBackend();
});

describe('HGN shapes, paper preset (docs/science.md section 1)', () => {
  it('encoder 32x32x48, state 16x4x4 q and p, scalar H per sample, 32x32x3 frames in (0, 1)', () => {
    const c = hgnConfig('paper');
    expect(latentSize(c)).toBe(4);
    expect(latentChannels(c)).toBe(16);
    expect(sequenceFramesNeeded(c)).toBe(34); // 5 encoder frames, 30 decoded from the last of them
    const m = createHgn(c);
    tf.tidy(() => {
      const x = tf.randomUniform([2, 32, 32, 15], 0, 1, 'float32', 1) as tf.Tensor4D;
      const post = encode(m.encoder, x);
      expect(post.mean.shape).toEqual([2, 32, 32, 48]);
      expect(post.logVar!.shape).toEqual([2, 32, 32, 48]);
      const z = samplePosterior(post, 3);
      const { q, p } = toPhaseState(m.transformer, z);
      expect(q.shape).toEqual([2, 4, 4, 16]);
      expect(p.shape).toEqual([2, 4, 4, 16]);
      expect(energy(m.hamiltonian, q, p).shape).toEqual([2]);
      const img = decode(m.decoder, q);
      expect(img.shape).toEqual([2, 32, 32, 3]);
      const v = img.dataSync();
      expect(Math.min(...v)).toBeGreaterThan(0);
      expect(Math.max(...v)).toBeLessThan(1);
    });
    disposeHgn(m);
  });

  it('the authors\' H layout and the separable form give one energy per sample too', () => {
    for (const over of [
      { hamiltonianStrides: [1, 2, 1, 1, 2], hamiltonianPadding: ['same', 'valid', 'same', 'same', 'valid'] as ('same' | 'valid')[] },
      { hamiltonianForm: 'separable' as const },
    ]) {
      const m = createHgn(hgnConfig('paper', over));
      tf.tidy(() => {
        const q = tf.randomNormal([3, 4, 4, 16], 0, 1, 'float32', 1);
        expect(energy(m.hamiltonian, q, q).shape).toEqual([3]);
      });
      disposeHgn(m);
    }
  });

  it.each(Object.keys(HGN_PRESETS) as HgnPresetName[])('the %s preset builds: frames in, one energy per sample, frames out', (name) => {
    const c = hgnConfig(name);
    expect(HGN_PRESET_NOTES[name].length).toBeGreaterThan(20);
    const m = createHgn(c);
    tf.tidy(() => {
      const x = tf.randomUniform([2, 32, 32, 3 * c.encoderFrames], 0, 1, 'float32', 1) as tf.Tensor4D;
      const { q, p } = toPhaseState(m.transformer, encode(m.encoder, x).mean);
      expect(q.shape).toEqual([2, latentSize(c), latentSize(c), latentChannels(c)]);
      expect(energy(m.hamiltonian, q, p).shape).toEqual([2]);
      expect(decode(m.decoder, q).shape).toEqual([2, 32, 32, 3]);
    });
    disposeHgn(m);
  });

  it("each system's recipe names a preset; three bodies take the wide one on more sequences", () => {
    for (const s of ['mass-spring', 'pendulum', 'two-body']) expect(hgnRecipe(s)).toEqual({ preset: 'laptop', train: 2000 });
    expect(hgnRecipe('three-body')).toEqual({ preset: 'laptop-wide', train: 8000 });
    const [small, wide] = [hgnConfig('laptop'), hgnConfig('laptop-wide')];
    expect(wide.encoderFilters.every((f, i) => f === 2 * small.encoderFilters[i])).toBe(true);
    expect(wide.hamiltonianFilters).toEqual(hgnConfig('paper').hamiltonianFilters);
    // A form moves with the system only while it holds the old system's recipe.
    expect(recipeOnSystemChange('pendulum', 'three-body', { preset: 'laptop', train: 2000 })).toEqual({ preset: 'laptop-wide', train: 8000 });
    expect(recipeOnSystemChange('three-body', 'pendulum', { preset: 'laptop-wide', train: 8000 })).toEqual({ preset: 'laptop', train: 2000 });
    expect(recipeOnSystemChange('pendulum', 'three-body', { preset: 'laptop', train: 500 })).toBeNull();
    expect(recipeOnSystemChange('pendulum', 'two-body', { preset: 'laptop', train: 2000 })).toBeNull();
  });

  it('rejects configurations that cannot build', () => {
    expect(() => hgnConfig('paper', { decoderFilters: [64, 64] })).toThrow(/upsampling blocks/);
    expect(() => hgnConfig('paper', { hamiltonianKernels: [3, 2] })).toThrow(/entries/);
    expect(() => hgnConfig('paper', { transformerFilters: [64, 64, 31] })).toThrow(/even/);
    expect(() => hgnConfig('paper', { dt: 0 })).toThrow(/dt/);
  });
});

describe('HGN shapes, tiny model', () => {
  it('forward: one decoded frame per state, step-major, matching the batch target', () => {
    const c = tinyConfig();
    const m = createHgn(c);
    const data = movingSquares(4, 6);
    const b = toBatch(c, batchArrays(c, data, [0, 1, 2]));
    expect(b.input.shape).toEqual([3, 8, 8, 6]);
    expect(b.target.shape).toEqual([12, 8, 8, 3]);
    tf.tidy(() => {
      const out = forward(m, b.input, { steps: 3, sampleSeed: 5 });
      expect(out.states).toHaveLength(4);
      expect(out.states[3].q.shape).toEqual([3, 2, 2, 2]);
      expect(out.frames.shape).toEqual([12, 8, 8, 3]);
    });
    disposeBatch(b);
    disposeHgn(m);
  });

  it('stacks the encoder window on channels and anchors the target at the chosen frame', () => {
    const data = movingSquares(2, 6);
    const px = 8 * 8 * 3;
    const frame = (s: number, f: number) => data.frames.subarray((s * 6 + f) * px, (s * 6 + f + 1) * px);
    for (const anchor of ['first', 'last'] as const) {
      const c = tinyConfig({ anchor });
      const a = batchArrays(c, data, [1, 0], 3);
      // input pixel 5, frame 1 of the window, channel 2 of sequence 1
      expect(a.input[(0 * 64 + 5) * 6 + 1 * 3 + 2]).toBe(frame(1, 1)[5 * 3 + 2]);
      const first = anchor === 'last' ? 1 : 0;
      // target row t * B + b holds frame first + t of sequence b
      expect(Array.from(a.target.subarray((2 * 2 + 1) * px, (2 * 2 + 2) * px))).toEqual(Array.from(frame(0, first + 2)));
    }
  });

  it('upsamples by repeating each pixel 2x2', () => {
    tf.tidy(() => {
      const x = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
      expect(Array.from(upsample2x(x).dataSync())).toEqual([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
    });
  });

  it('same seed, same weights; different seed, different weights', () => {
    const a = createHgn(tinyConfig());
    const b = createHgn(tinyConfig());
    const d = createHgn(tinyConfig({ seed: 2 }));
    const w = (m: typeof a) => Array.from(m.params.get('encoder.0.w').dataSync());
    expect(w(a)).toEqual(w(b));
    expect(w(a)).not.toEqual(w(d));
    [a, b, d].forEach(disposeHgn);
  });
});
