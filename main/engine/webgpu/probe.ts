// What the main process knows about this machine's GPU before any job runs: whether Dawn finds an adapter and
// whether it is a real GPU. Requests no device (so it holds no GPU memory); run once, then cached for the
// synchronous predictBackend (lanes) and the app info (pickers, sidebar).
import { loadDawn } from './dawn';
import { readAdapterInfo, summarizeAdapter } from './adapter';
import { noGpuDevice } from './gpu-devices';

export interface GpuProbe {
  /** An adapter exists (possibly a software one): forcing webgpu can work. */
  available: boolean;
  /** The adapter is a real GPU: `auto` takes it. */
  hardware: boolean;
  /** The adapter's device line, or why there is none. */
  description: string;
}

let cached: GpuProbe | null = null;
let running: Promise<GpuProbe> | null = null;

async function run(): Promise<GpuProbe> {
  // Without a GPU device Dawn could still offer a software adapter, which only a forced webgpu would take; the
  // pickers then show webgpu as unavailable here, and forcing it still loads Dawn and tries.
  const none = noGpuDevice();
  if (none) return { available: false, hardware: false, description: none };
  const dawn = await loadDawn();
  if (!dawn.ok) return { available: false, hardware: false, description: dawn.reason };
  try {
    const adapter = await dawn.gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return { available: false, hardware: false, description: 'no WebGPU adapter (no GPU driver found)' };
    const summary = summarizeAdapter(readAdapterInfo(adapter));
    return { available: true, hardware: !summary.software, description: summary.line };
  } catch (err) {
    return { available: false, hardware: false, description: `no WebGPU adapter (${err instanceof Error ? err.message : String(err)})` };
  }
}

/** Probes once per process; later calls return the same answer. */
export function probeGpu(): Promise<GpuProbe> {
  running ??= run().then((p) => (cached = p));
  return running;
}

/** The probe's answer if it has finished, else null. */
export function cachedGpuProbe(): GpuProbe | null {
  return cached;
}
