// The pure helpers of `hamiltonian-studio hgn ...` (main/cli/hgn.ts).
import { describe, expect, it } from 'vitest';
import { overridesFrom, parseSetting } from '../../../main/cli/model-settings';
import { framesPng } from '../../../main/cli/frames-png';

describe('hgn CLI helpers', () => {
  it('parses --set key=value into typed model overrides', () => {
    const settings = ['integrator=rk4', 'decoderFilters=[32,16,16]', 'stochastic=false', 'dt=0.1'].reduce<string[]>((acc, s) => parseSetting(s, acc), []);
    expect(overridesFrom(settings)).toEqual({ integrator: 'rk4', decoderFilters: [32, 16, 16], stochastic: false, dt: 0.1 });
    expect(() => overridesFrom(['nonsense=1'])).toThrow(/unknown HGN setting/);
    expect(() => parseSetting('no-equals-sign')).toThrow(/key=value/);
  });

  it('writes a PNG of frame rows', () => {
    const png = framesPng([new Float32Array(2 * 4 * 4 * 3).fill(0.5)], 2, 4, 4, 3);
    expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const view = new DataView(png.buffer, png.byteOffset);
    expect(view.getUint32(16)).toBe(8); // width: 2 frames of 4
    expect(view.getUint32(20)).toBe(4);
  });
});
