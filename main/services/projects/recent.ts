// The one recent-projects list: a small JSON file in the app's config folder, most recent first. The renderer's
// list and the desktop menu's File > Open Recent both read it. A damaged or hand-edited file never breaks the
// app: unreadable entries are dropped.
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../files/atomic';

export interface RecentEntry {
  path: string;
  name: string;
  /** ISO date of the last open or save. */
  openedAt: string;
  /** Whether the file is still there. */
  exists: boolean;
}

const EntrySchema = z.strictObject({ path: z.string().min(1).max(4096), name: z.string().max(200), openedAt: z.string().max(64) });
const FileSchema = z.object({ version: z.literal(1), entries: z.array(z.unknown()).max(1000) });

export const RECENT_FILE = 'recent-projects.json';
export const MAX_RECENT = 10;

/** Same file on case-insensitive file systems (Windows, macOS by default) counts once. */
export function sameFile(a: string, b: string, platform: NodeJS.Platform = process.platform): boolean {
  return platform === 'linux' ? a === b : a.toLowerCase() === b.toLowerCase();
}

export class RecentProjects {
  constructor(
    readonly file: string,
    readonly max = MAX_RECENT,
    readonly platform: NodeJS.Platform = process.platform,
  ) {}

  static inConfigDir(configDir: string, max?: number): RecentProjects {
    return new RecentProjects(path.join(configDir, RECENT_FILE), max);
  }

  private async read(): Promise<Array<Omit<RecentEntry, 'exists'>>> {
    let raw: unknown;
    try {
      raw = JSON.parse(await fs.readFile(this.file, 'utf8'));
    } catch {
      return [];
    }
    const parsed = FileSchema.safeParse(raw);
    if (!parsed.success) return [];
    return parsed.data.entries.flatMap((e) => {
      const r = EntrySchema.safeParse(e);
      return r.success && path.isAbsolute(r.data.path) ? [r.data] : [];
    });
  }

  private async write(entries: Array<Omit<RecentEntry, 'exists'>>): Promise<void> {
    const text = JSON.stringify({ version: 1, entries: entries.slice(0, this.max) }, null, 2) + '\n';
    await writeFileAtomic(this.file, [Buffer.from(text)]);
  }

  async list(): Promise<RecentEntry[]> {
    const entries = await this.read();
    return Promise.all(
      entries.slice(0, this.max).map(async (e) => ({
        ...e,
        exists: await fs.stat(e.path).then(
          (s) => s.isFile(),
          () => false,
        ),
      })),
    );
  }

  /** Moves (or adds) `file` to the top. */
  async add(file: string, name: string, when = new Date()): Promise<RecentEntry[]> {
    const abs = path.resolve(file);
    const entries = (await this.read()).filter((e) => !sameFile(e.path, abs, this.platform));
    await this.write([{ path: abs, name: name.slice(0, 200), openedAt: when.toISOString() }, ...entries]);
    return this.list();
  }

  async remove(file: string): Promise<RecentEntry[]> {
    const abs = path.resolve(file);
    await this.write((await this.read()).filter((e) => !sameFile(e.path, abs, this.platform)));
    return this.list();
  }

  async clear(): Promise<void> {
    await this.write([]);
  }
}
