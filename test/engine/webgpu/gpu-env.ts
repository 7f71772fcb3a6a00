// Where the WebGPU tests get an adapter: a real GPU if the machine has one and HS_TEST_REAL_GPU=1, otherwise
// SwiftShader's Vulkan driver from Debian's Chromium (a software adapter: correct, slow, never for timings).
// CI sets HS_REQUIRE_WEBGPU=1, so a missing adapter fails the suite instead of skipping it.
import fs from 'node:fs';
import os from 'node:os';
import { loadDawn } from '../../../main/engine/webgpu/dawn';

export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/** Points the Vulkan loader at SwiftShader (before Dawn starts), unless told to use the machine's GPU. */
export function useSwiftShader(): void {
  if (process.env.HS_TEST_REAL_GPU !== '1' && !process.env.VK_DRIVER_FILES && fs.existsSync(SWIFTSHADER_ICD)) {
    process.env.VK_DRIVER_FILES = SWIFTSHADER_ICD;
  }
  process.env.XDG_RUNTIME_DIR ??= os.tmpdir();
}

/** Whether a WebGPU adapter exists here; throws when HS_REQUIRE_WEBGPU=1 and none does. */
export async function webGpuAvailable(): Promise<boolean> {
  useSwiftShader();
  const dawn = await loadDawn();
  const adapter = dawn.ok ? await dawn.gpu.requestAdapter() : null;
  if (!adapter && process.env.HS_REQUIRE_WEBGPU === '1') {
    throw new Error(
      `HS_REQUIRE_WEBGPU=1 but no WebGPU adapter: ${dawn.ok ? 'Dawn found no adapter' : dawn.reason}. ` +
        'Install libvulkan1 and chromium (SwiftShader), or unset HS_REQUIRE_WEBGPU to skip these tests.',
    );
  }
  return adapter != null;
}

/** Largest |a - b| over the largest |b| (0 when both are zero): the error relative to the tensor's scale. */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  if (Number.isNaN(diff)) return Infinity;
  return scale === 0 ? diff : diff / scale;
}
