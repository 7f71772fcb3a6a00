// Whether this machine shows any GPU device before Dawn is loaded. On Linux a GPU driver exposes device nodes
// (/dev/dri/renderD* for Mesa, AMD and Intel, /dev/nvidia* for NVIDIA, /dev/dxg under WSL2); with none of them
// `auto` skips Dawn altogether: loading it on a CPU-only machine only makes the Vulkan loader print warnings to
// stderr (XDG_RUNTIME_DIR, rejected software adapters) in every CLI run and every job's log. A user who points the
// Vulkan loader at a driver (VK_DRIVER_FILES / VK_ICD_FILENAMES), and every other platform, still gets the probe.
import fs from 'node:fs';

export interface DeviceNodes {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  /** Lists a folder's entries ([] when it does not exist). */
  list(dir: string): string[];
}

const SYSTEM: DeviceNodes = {
  platform: process.platform,
  env: process.env,
  list: (dir) => {
    try {
      return fs.readdirSync(dir);
    } catch {
      return [];
    }
  },
};

/** Null when a GPU may be present (probe it), else why there is none, in words. */
export function noGpuDevice(sys: DeviceNodes = SYSTEM): string | null {
  if (sys.platform !== 'linux') return null;
  if (sys.env.VK_DRIVER_FILES || sys.env.VK_ICD_FILENAMES) return null;
  if (sys.list('/dev/dri').some((n) => n.startsWith('renderD'))) return null;
  if (sys.list('/dev').some((n) => /^nvidia\d+$/.test(n) || n === 'dxg')) return null;
  return 'no GPU device node found in /dev';
}
