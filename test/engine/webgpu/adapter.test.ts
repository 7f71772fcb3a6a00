// How an adapter is named and judged (no GPU needed): the device line users see, and which adapters `auto` refuses.
import { describe, expect, it } from 'vitest';
import { driverVersion, prettyDeviceName, summarizeAdapter } from '../../../main/engine/webgpu/adapter';

describe('adapter summary', () => {
  it('names an NVIDIA card as the issue shows it', () => {
    const s = summarizeAdapter({ vendor: 'nvidia', architecture: 'hopper', device: 'nvidia-h200', description: 'NVIDIA 580.159.03' }, 'linux');
    expect(s.line).toBe('WebGPU (Vulkan): NVIDIA H200, driver 580.159');
    expect(s.software).toBe(false);
  });

  it('marks SwiftShader, llvmpipe and WARP as software adapters, by flag or by name', () => {
    expect(summarizeAdapter({ vendor: 'google', architecture: 'swiftshader', device: 'swiftshader-device-subzero-', description: 'SwiftShader driver 5.0.0' }).software).toBe(true);
    expect(summarizeAdapter({ vendor: 'mesa', device: 'llvmpipe-llvm-15', description: 'Mesa 22.3.6' }).software).toBe(true);
    expect(summarizeAdapter({ vendor: 'microsoft', device: 'microsoft-basic-render-driver', description: '' }, 'win32').software).toBe(true);
    expect(summarizeAdapter({ vendor: 'x', device: 'y', isFallbackAdapter: true }).software).toBe(true);
    expect(summarizeAdapter({ vendor: 'google', device: 'swiftshader-device', description: 'SwiftShader driver 5.0.0' }).line).toMatch(/software adapter: slow, for testing/);
  });

  it('says which native API Dawn drives on each platform', () => {
    expect(summarizeAdapter({ vendor: 'apple', device: 'apple-m2' }, 'darwin').line).toBe('WebGPU (Metal): Apple M2');
    expect(summarizeAdapter({ vendor: 'amd', device: 'amd-radeon-rx-7900', description: 'AMD 31.0.21' }, 'win32').line).toBe('WebGPU (D3D12): AMD Radeon RX 7900, driver 31.0');
  });

  it('reads driver versions and device ids', () => {
    expect(driverVersion('NVIDIA 580.159.03')).toBe('580.159');
    expect(driverVersion('no version here')).toBeNull();
    expect(prettyDeviceName('nvidia-h200')).toBe('NVIDIA H200');
  });
});
