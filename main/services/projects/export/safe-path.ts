// Export file names come from run and item ids, which come from project files, which may be hostile: every name
// is reduced to a plain file name and checked to stay inside the chosen folder.
import path from 'node:path';
import { ProjectError } from '../../../project';

export function safeFileName(name: string, fallback = 'export'): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[.]+/, '').slice(0, 100);
  return cleaned.length > 0 ? cleaned : fallback;
}

/** `outDir/name`, refusing anything that would land elsewhere. */
export function outputPath(outDir: string, name: string): string {
  const dir = path.resolve(outDir);
  const full = path.resolve(dir, safeFileName(name));
  const rel = path.relative(dir, full);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel) || rel.includes(path.sep)) {
    throw new ProjectError('invalid', `export name ${JSON.stringify(name)} would leave ${dir}`);
  }
  return full;
}
