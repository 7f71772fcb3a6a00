// `auto` loads Dawn only where a GPU device node exists (or the user points Vulkan at a driver): on CPU-only Linux
// machines it says why instead of letting the Vulkan loader print warnings into every run's log.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { noGpuDevice, type DeviceNodes } from '../../../main/engine/webgpu/gpu-devices';

const machine = (dirs: Record<string, string[]>, env: Record<string, string> = {}, platform: NodeJS.Platform = 'linux'): DeviceNodes => ({
  platform,
  env,
  list: (dir) => dirs[dir] ?? [],
});

describe('noGpuDevice', () => {
  it('says why on a Linux machine without GPU device nodes', () => {
    expect(noGpuDevice(machine({ '/dev': ['null', 'tty0'], '/dev/dri': [] }))).toMatch(/no GPU device node found/);
    expect(noGpuDevice(machine({ '/dev/dri': ['card0'] }))).toMatch(/no GPU device node/); // a display without a render node
  });

  it('lets Dawn look where a driver shows a device', () => {
    expect(noGpuDevice(machine({ '/dev/dri': ['card0', 'renderD128'] }))).toBeNull();
    expect(noGpuDevice(machine({ '/dev': ['nvidiactl', 'nvidia0', 'nvidia-uvm'] }))).toBeNull();
    expect(noGpuDevice(machine({ '/dev': ['dxg'] }))).toBeNull();
  });

  it('probes anyway when the user points Vulkan at a driver, and on other platforms', () => {
    expect(noGpuDevice(machine({}, { VK_DRIVER_FILES: '/usr/lib/chromium/vk_swiftshader_icd.json' }))).toBeNull();
    expect(noGpuDevice(machine({}, { VK_ICD_FILENAMES: '/x.json' }))).toBeNull();
    expect(noGpuDevice(machine({}, {}, 'darwin'))).toBeNull();
    expect(noGpuDevice(machine({}, {}, 'win32'))).toBeNull();
  });

  it('is null on this machine exactly when it has a render node or an NVIDIA device, or a Vulkan driver is named', () => {
    const has = (dir: string, re: RegExp) => (fs.existsSync(dir) ? fs.readdirSync(dir).some((n) => re.test(n)) : false);
    const expected = process.platform !== 'linux' || !!process.env.VK_DRIVER_FILES || !!process.env.VK_ICD_FILENAMES || has('/dev/dri', /^renderD/) || has('/dev', /^(nvidia\d+|dxg)$/);
    expect(noGpuDevice() === null).toBe(expected);
  });
});
