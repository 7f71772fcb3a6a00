// How much a reader accepts before it calls a file hostile. Generous for real projects, bounded for bombs: what a
// file may inflate to is bounded by its own size (a plausible compression ratio) and by the memory this machine
// can spare when it is opened, both checked before anything is inflated.
import os from 'node:os';

export interface ReadLimits {
  /** Entries in the archive. */
  maxEntries: number;
  /** Bytes of one JSON part, inflated. */
  maxJsonBytes: number;
  /** Bytes of all JSON parts together. */
  maxJsonTotalBytes: number;
  /** Bytes of one blob. */
  maxBlobBytes: number;
  /** Bytes of everything, inflated (what opening the project puts in memory). */
  maxTotalBytes: number;
  /**
   * Inflated bytes per byte of the file, for the whole archive. Projects store their floats uncompressed and their
   * JSON deflates about 10:1; deflated zeros reach 1032:1, which is what bombs are made of.
   */
  maxInflateRatio: number;
  /** Projects that inflate to less than this are not held to maxInflateRatio (small files of repetitive JSON). */
  ratioFloorBytes: number;
  /** Bytes opening may allocate; by default half of what the machine has available at that moment. */
  maxMemoryBytes?: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_READ_LIMITS: Readonly<ReadLimits> = {
  maxEntries: 200_000,
  maxJsonBytes: 256 * MiB,
  maxJsonTotalBytes: 1024 * MiB,
  maxBlobBytes: 2048 * MiB,
  maxTotalBytes: 8192 * MiB,
  maxInflateRatio: 100,
  ratioFloorBytes: 64 * MiB,
};

/** Half the memory available now (cgroup limits included): what opening a project may take without risking the app. */
export function spareMemoryBytes(): number {
  const available = typeof process.availableMemory === 'function' ? process.availableMemory() : os.freemem();
  return Math.floor(available / 2);
}

/** "1.5 GiB", "12.0 MiB", "300 bytes": sizes in messages people read. */
export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GiB`;
  if (n >= MiB) return `${(n / MiB).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

/** Deflate cannot compress better than 1032:1; a larger declared ratio is a lie (a bomb, or damage). */
export const MAX_DEFLATE_RATIO = 1032;
