// Which WebGPU adapter a job gets, and the line that names it. Software adapters (SwiftShader, WARP, llvmpipe)
// run WebGPU on the CPU, far slower than the wasm backend: `auto` never takes one; forcing `webgpu` does.

/** What a user needs to see of an adapter; plain data so the main process can show it without a device. */
export interface AdapterSummary {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  software: boolean;
  /** The native API Dawn drives on this platform. */
  api: 'Vulkan' | 'Metal' | 'D3D12';
  /** e.g. "WebGPU (Vulkan): NVIDIA H200, driver 580.159" */
  line: string;
}

export function nativeApi(platform: string = process.platform): AdapterSummary['api'] {
  if (platform === 'darwin') return 'Metal';
  if (platform === 'win32') return 'D3D12';
  return 'Vulkan';
}

const SOFTWARE = /swiftshader|llvmpipe|lavapipe|\bwarp\b|microsoft[\s-]basic[\s-]render|software/i;

/** Adapter info as Dawn reports it (GPUAdapterInfo's fields plus Dawn's isFallbackAdapter). */
export interface RawAdapterInfo {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

/** GPUAdapterInfo's fields are prototype getters (a spread copies nothing): read them one by one. */
export function readAdapterInfo(adapter: GPUAdapter): RawAdapterInfo {
  const info = adapter.info as unknown as RawAdapterInfo;
  return {
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    description: info.description,
    // Dawn puts it on the info; older builds on the adapter itself.
    isFallbackAdapter: info.isFallbackAdapter ?? (adapter as unknown as RawAdapterInfo).isFallbackAdapter,
  };
}

const UPPER = new Set(['nvidia', 'amd', 'ati', 'arm', 'gpu', 'rtx', 'gtx', 'rx']);

/** "nvidia-h200" -> "NVIDIA H200", "swiftshader-device-subzero-" -> "Swiftshader Device Subzero". */
export function prettyDeviceName(id: string): string {
  return id
    .split(/[-_\s]+/)
    .filter(Boolean)
    .map((w) => (UPPER.has(w.toLowerCase()) || /\d/.test(w) ? w.toUpperCase() : w[0].toUpperCase() + w.slice(1)))
    .join(' ');
}

/** The driver version inside a description such as "NVIDIA 580.159.03" or "SwiftShader driver 5.0.0". */
export function driverVersion(description: string): string | null {
  const m = /(\d+(?:\.\d+)+)/.exec(description);
  return m ? m[1].split('.').slice(0, 2).join('.') : null;
}

export function summarizeAdapter(info: RawAdapterInfo, platform: string = process.platform): AdapterSummary {
  const vendor = info.vendor ?? '';
  const architecture = info.architecture ?? '';
  const device = info.device ?? '';
  const description = info.description ?? '';
  const software = info.isFallbackAdapter === true || SOFTWARE.test(`${vendor} ${architecture} ${device} ${description}`);
  const api = nativeApi(platform);
  const name = device ? prettyDeviceName(device) : description || prettyDeviceName(vendor) || 'unknown GPU';
  const driver = driverVersion(description);
  const tail = [driver ? `driver ${driver}` : '', software ? 'software adapter: slow, for testing' : ''].filter(Boolean).join(', ');
  return { vendor, architecture, device, description, software, api, line: `WebGPU (${api}): ${name}${tail ? `, ${tail}` : ''}` };
}

export type AdapterPick =
  | { ok: true; adapter: GPUAdapter; summary: AdapterSummary }
  | { ok: false; reason: string; summary?: AdapterSummary };

/**
 * The high-performance adapter, if it is a real GPU or `allowSoftware` is set (the user forced webgpu).
 * `reason` is what the device line says when `auto` falls back.
 */
export async function pickAdapter(gpu: GPU, allowSoftware: boolean): Promise<AdapterPick> {
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (err) {
    return { ok: false, reason: `no WebGPU adapter (${err instanceof Error ? err.message : String(err)})` };
  }
  if (!adapter) return { ok: false, reason: `no WebGPU adapter (no ${nativeApi()} GPU driver found)` };
  const summary = summarizeAdapter(readAdapterInfo(adapter));
  if (summary.software && !allowSoftware) {
    return { ok: false, reason: `only a software WebGPU adapter (${summary.description || summary.device}), which auto never takes`, summary };
  }
  return { ok: true, adapter, summary };
}
