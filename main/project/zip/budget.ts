// Before anything is inflated: will it fit? What the archive inflates to must be plausible for the size of its
// file (a bomb inflates 1000:1, a project about 1:1) and must fit in the memory this machine can spare now. Both
// checks read only the table of contents, so a refused file has cost nothing.
import { ProjectError } from '../errors';
import type { Archive } from './archive';
import { formatBytes, spareMemoryBytes, type ReadLimits } from './limits';

/** `reading`: the entries about to be read (everything for an open, the manifest for a probe). */
export function checkInflation(archive: Archive, limits: ReadLimits, reading: 'all' | 'manifest'): void {
  const total = archive.entries().reduce((n, e) => n + e.uncompressedSize, 0);
  if (total > limits.ratioFloorBytes && total > archive.fileSize * limits.maxInflateRatio) {
    const ratio = Math.round(total / Math.max(1, archive.fileSize));
    throw new ProjectError(
      'zip-bomb',
      `the archive would inflate to ${formatBytes(total)} from a file of ${formatBytes(archive.fileSize)} (${ratio}:1, where projects stay under ${limits.maxInflateRatio}:1): refused as a zip bomb`,
    );
  }
  const needed = reading === 'all' ? total : (archive.get('manifest.json')?.uncompressedSize ?? 0);
  const budget = limits.maxMemoryBytes ?? spareMemoryBytes();
  if (needed > budget) {
    throw new ProjectError(
      'too-large',
      `opening it needs ${formatBytes(needed)} of memory; ${formatBytes(budget)} can be spared now: close other programs, or open it on a machine with more memory`,
    );
  }
}
