// Body positions read back from rendered frames: within a fraction of a pixel of where the bodies were drawn, in
// both styles, for the pendulum and the three bodies (two of whose RS colours add up to the third's).
import { describe, expect, it } from 'vitest';
import { getSystem, resolveParams } from '../../../main/core/physics';
import { makeRenderer } from '../../../main/core/physics/render/renderer';
import { makeBlobReader } from '../../../main/core/physics/render/blob-positions';
import type { RenderStyle } from '../../../main/core/physics/render/palette';

function readBack(id: 'pendulum' | 'three-body' | 'two-body', state: number[], style: RenderStyle, size = 32) {
  const system = getSystem(id);
  const params = resolveParams(system, {});
  const renderer = makeRenderer(system, params, { size, style });
  const bytes = new Uint8Array(renderer.frameBytes);
  renderer.render(Float64Array.from(state), bytes);
  const reader = makeBlobReader(system, params, { size, style });
  const got = new Float64Array(2 * reader.bodies);
  reader.read(Float32Array.from(bytes, (v) => v / 255), 0, got);
  const want = new Float64Array(2 * reader.bodies);
  renderer.draw.positions(Float64Array.from(state), want);
  return { got, want, pixel: 1 / renderer.projection.pxPerUnit };
}

describe('blob positions', () => {
  for (const style of ['rs', 'dm'] as const) {
    it(`finds the three bodies where they were drawn (${style})`, () => {
      const q = [1.1, 0.2, -0.9, 0.8, -0.1, -1.0];
      const { got, want, pixel } = readBack('three-body', [...q, 0, 0, 0, 0, 0, 0], style);
      for (let i = 0; i < 6; i++) expect(Math.abs(got[i] - want[i]), `coordinate ${i}`).toBeLessThan(0.35 * pixel);
    });

    it(`finds the pendulum's bob (${style})`, () => {
      const { got, want, pixel } = readBack('pendulum', [0.7, 0], style);
      for (let i = 0; i < 2; i++) expect(Math.abs(got[i] - want[i])).toBeLessThan(0.35 * pixel);
    });
  }

  it('says NaN for a body that is not in the frame', () => {
    const system = getSystem('two-body');
    const params = resolveParams(system, {});
    const reader = makeBlobReader(system, params, { size: 32, style: 'rs' });
    const out = new Float64Array(4);
    const grey = new Float32Array(32 * 32 * 3).fill(0.33);
    reader.read(grey, 0, out);
    expect(Array.from(out).every(Number.isNaN)).toBe(true);
  });
});
