// The recent-projects list behind File > Open Recent (Windows and Linux draw it from here; macOS also gets
// each file through app.addRecentDocument). Pure list logic plus a JSON file in the user-data folder.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeJsonAtomic } from '../services/settings/json-file';

export const MAX_RECENT = 10;
export const PROJECT_EXTENSION = '.hsproj';

const RecentFileSchema = z.object({ files: z.array(z.unknown()).max(1000) });

/** Same file on case-insensitive file systems (Windows, macOS by default) counts once. */
function sameFile(a: string, b: string, platform: NodeJS.Platform): boolean {
  return platform === 'linux' ? a === b : a.toLowerCase() === b.toLowerCase();
}

/** `file` moved to the front, duplicates removed, capped at `max`. */
export function addRecent(list: readonly string[], file: string, platform: NodeJS.Platform = process.platform, max = MAX_RECENT): string[] {
  return [file, ...list.filter((f) => !sameFile(f, file, platform))].slice(0, max);
}

export function removeRecent(list: readonly string[], file: string, platform: NodeJS.Platform = process.platform): string[] {
  return list.filter((f) => !sameFile(f, file, platform));
}

/** Keeps absolute .hsproj paths that still exist, in order, without duplicates; drops everything else. */
export function cleanRecent(entries: readonly unknown[], exists: (file: string) => boolean, platform: NodeJS.Platform = process.platform): string[] {
  let out: string[] = [];
  for (const e of entries) {
    if (typeof e !== 'string' || e.length > 4096 || !path.isAbsolute(e) || !e.toLowerCase().endsWith(PROJECT_EXTENSION)) continue;
    if (out.some((f) => sameFile(f, e, platform)) || !exists(e)) continue;
    out = [...out, e];
  }
  return out.slice(0, MAX_RECENT);
}

/** The list on disk; a missing or broken file is an empty list. */
export class RecentProjects {
  private files: string[];

  constructor(
    readonly file: string,
    private readonly exists: (file: string) => boolean = (f) => fs.existsSync(f),
  ) {
    const read = readJsonFile(file, 256 * 1024);
    const parsed = read.kind === 'ok' ? RecentFileSchema.safeParse(read.value) : null;
    this.files = parsed?.success ? cleanRecent(parsed.data.files, exists) : [];
  }

  list(): string[] {
    return [...this.files];
  }

  add(file: string): string[] {
    return this.update(addRecent(this.files, path.resolve(file)));
  }

  remove(file: string): string[] {
    return this.update(removeRecent(this.files, file));
  }

  clear(): string[] {
    return this.update([]);
  }

  private update(files: string[]): string[] {
    this.files = files;
    writeJsonAtomic(this.file, { files });
    return this.list();
  }
}
