// Dawn's Node binding (npm `webgpu`): loads dawn.node and installs the WebGPU globals (GPUBufferUsage, ...) and
// `navigator.gpu`, which tfjs-backend-webgpu reads. Once per thread; a failure is a reason, never a throw.

import os from 'node:os';

export interface DawnGpu {
  gpu: GPU;
}

export type DawnLoad = { ok: true; gpu: GPU } | { ok: false; reason: string };

let loaded: Promise<DawnLoad> | null = null;

interface WebGpuPackage {
  create(flags: string[]): GPU;
  globals: Record<string, unknown>;
}

/** Dawn toggles: none today; kept in one place so a GPU-specific workaround has a home. */
const DAWN_FLAGS: string[] = [];

async function load(): Promise<DawnLoad> {
  // The Vulkan loader's window-system code wants XDG_RUNTIME_DIR and prints an error per instance without it
  // (headless servers, cluster nodes, services); Dawn never opens a window, so any private folder will do.
  if (process.platform === 'linux' && !process.env.XDG_RUNTIME_DIR) process.env.XDG_RUNTIME_DIR = os.tmpdir();
  let pkg: WebGpuPackage;
  try {
    pkg = (await import('webgpu')) as unknown as WebGpuPackage;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, reason: /Cannot find (module|package)/.test(message) ? 'the webgpu package is not installed' : `Dawn (dawn.node) did not load: ${message}` };
  }
  try {
    const g = globalThis as unknown as Record<string, unknown>;
    for (const [name, value] of Object.entries(pkg.globals)) if (!(name in g)) g[name] = value;
    const gpu = pkg.create(DAWN_FLAGS);
    // Node has no navigator (before 21) or a read-only one without `gpu` (21+): define what tfjs looks for.
    const nav = (g.navigator as Record<string, unknown> | undefined) ?? {};
    if (!('gpu' in nav)) Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true });
    if (g.navigator !== nav) Object.defineProperty(globalThis, 'navigator', { value: nav, configurable: true, writable: true });
    return { ok: true, gpu };
  } catch (err) {
    return { ok: false, reason: `Dawn could not start: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** Dawn's GPU object for this thread, loaded on first use. */
export function loadDawn(): Promise<DawnLoad> {
  loaded ??= load();
  return loaded;
}
