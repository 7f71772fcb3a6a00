// `--backend webgpu` from the CLI: an HNN trains on the machine's adapter (SwiftShader in CI) and the report names
// the device; a run that cannot get the backend says why and exits non-zero.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hs-cli-webgpu-')), 'hnn.json');
    const code = await runCli(['train-hnn', '--backend', 'webgpu', '--steps', '20', '--hidden', '16', '--test-trajectories', '2', '--rollout-time', '0.2', '--out', file]);
    expect({ code, err: err.slice(0, 400) }).toMatchObject({ code: 0 });
    expect(err).toMatch(/backend: webgpu \(WebGPU \((Vulkan|Metal|D3D12)\): /);
    const report = JSON.parse(fs.readFileSync(file, 'utf8')) as { backend: string; device: string; result: { energyMse: number } };
    expect(report.backend).toBe('webgpu');
    expect(report.device).toMatch(/^WebGPU /);
    expect(Number.isFinite(report.result.energyMse)).toBe(true);
  });
});
