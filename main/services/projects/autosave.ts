// Autosave sidecars and crash recovery. A saved project's autosave lives next to it as `.name.hsproj.autosave`
// (hidden, same folder, so it moves with the project's disk and permissions); an untitled project's lives in the
// config folder. An autosave newer than its project file means the app stopped before the user saved: recoverable.
// When the file itself cannot be opened (damaged, gone), its `.bak` (the version before the last save) is too.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { RecoveryOffer } from '../../../preload/contract';
import { backupPathOf, probeProject, type ReadOptions } from '../../project';

export const AUTOSAVE_SUFFIX = '.autosave';

export function autosavePathOf(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}${AUTOSAVE_SUFFIX}`);
}

export function untitledAutosaveDir(configDir: string): string {
  return path.join(configDir, 'autosave');
}

/** What can be recovered of a project: the contract's RecoveryOffer (what the renderer is offered). */
export type RecoveryInfo = RecoveryOffer;

async function modifiedAt(file: string, options?: ReadOptions): Promise<{ at: string; name: string | null } | null> {
  try {
    const p = await probeProject(file, options);
    if (p.modifiedAt && !Number.isNaN(Date.parse(p.modifiedAt))) return { at: p.modifiedAt, name: p.name };
    return { at: (await fs.stat(file)).mtime.toISOString(), name: p.name };
  } catch {
    return null;
  }
}

/**
 * Whether `file` has an autosave worth offering: one that opens and is newer than the file (or the file is
 * gone or unreadable). An autosave older than the file is stale and is removed.
 */
export async function detectRecovery(file: string, options?: ReadOptions): Promise<RecoveryInfo | null> {
  const autosavePath = autosavePathOf(file);
  const auto = await modifiedAt(autosavePath, options);
  if (!auto) return null;
  const main = await modifiedAt(file, options);
  if (main && Date.parse(main.at) >= Date.parse(auto.at)) {
    await fs.rm(autosavePath, { force: true });
    return null;
  }
  return { kind: 'autosave', path: path.resolve(file), autosavePath, autosavedAt: auto.at, fileModifiedAt: main?.at ?? null, name: auto.name };
}

/** The `.bak` of `file` if it opens (offered when `file` itself cannot be opened). */
export async function detectBackup(file: string, options?: ReadOptions): Promise<RecoveryInfo | null> {
  const backup = backupPathOf(path.resolve(file));
  const bak = await modifiedAt(backup, options);
  return bak && { kind: 'backup', path: path.resolve(file), autosavePath: backup, autosavedAt: bak.at, fileModifiedAt: null, name: bak.name };
}

/** Autosaves of untitled projects left by sessions that did not end cleanly. */
export async function untitledRecoveries(configDir: string, options?: ReadOptions): Promise<RecoveryInfo[]> {
  const dir = untitledAutosaveDir(configDir);
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const out: RecoveryInfo[] = [];
  for (const n of names.filter((x) => x.endsWith(AUTOSAVE_SUFFIX))) {
    const autosavePath = path.join(dir, n);
    const auto = await modifiedAt(autosavePath, options);
    if (auto) out.push({ kind: 'autosave', path: null, autosavePath, autosavedAt: auto.at, fileModifiedAt: null, name: auto.name });
  }
  return out.sort((a, b) => Date.parse(b.autosavedAt) - Date.parse(a.autosavedAt));
}
