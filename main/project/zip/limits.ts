// How much a reader accepts before it calls a file hostile. Generous for real projects, bounded for bombs.
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
}

const MiB = 1024 * 1024;

export const DEFAULT_READ_LIMITS: Readonly<ReadLimits> = {
  maxEntries: 200_000,
  maxJsonBytes: 256 * MiB,
  maxJsonTotalBytes: 1024 * MiB,
  maxBlobBytes: 2048 * MiB,
  maxTotalBytes: 8192 * MiB,
};

/** Deflate cannot compress better than 1032:1; a larger declared ratio is a lie (a bomb, or damage). */
export const MAX_DEFLATE_RATIO = 1032;
