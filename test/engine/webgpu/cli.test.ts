// `--backend webgpu` from the CLI: an HNN trains on the machine's adapter (SwiftShader in CI) and the report names
// the device; a run that cannot get the backend says why and exits non-zero.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../main/cli';
import { webGpuAvailable } from './gpu-env';

const available = await webGpuAvailable();

let out = '';
let err = '';
beforeEach(() => {
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((err += String(chunk)), true));
});
afterEach(() => vi.restoreAllMocks());

describe.skipIf(!available)('CLI on webgpu', () => {
  it('train-hnn --backend webgpu trains and names the WebGPU device', async () => {
    const code = await runCli(['train-hnn', '--backend', 'webgpu', '--steps', '20', '--hidden', '16']);
    expect({ code, err: err.slice(0, 400) }).toMatchObject({ code: 0 });
    expect(`${out}${err}`).toMatch(/WebGPU \((Vulkan|Metal|D3D12)\): /);
    const report = JSON.parse(out.slice(out.indexOf('{'))) as { energy_mse?: number; energyMse?: number };
    expect(Number.isFinite(report.energy_mse ?? report.energyMse)).toBe(true);
  });
});
