// The settings store: loads settings.json field by field (a bad field falls back to its default, with a
// warning naming it), validates every change, and saves atomically. It never throws on a bad file.
import fs from 'node:fs';
import os from 'node:os';
import { z } from 'zod';
import { appDirs, settingsFile, type AppDirs } from './paths';
import { readJsonFile, writeJsonAtomic } from '../../files/json-file';
import { SETTINGS_FILE_VERSION, SettingsPatchSchema, SettingsSchema, type SettingKey, type Settings, type SettingsPatch } from './schema';

/** What the settings page shows: the values, the defaults (for "reset"), where they live, any load warnings. */
export type { SettingsSnapshot } from '../../../preload/contract';
import type { SettingsSnapshot } from '../../../preload/contract';

export function defaultSettings(dirs: AppDirs = appDirs(), cores = os.cpus().length): Settings {
  return {
    backend: 'auto',
    // One job per core; the UI and the main process live on the spare cycles between steps.
    workers: Math.min(Math.max(1, cores), 16),
    threadsPerJob: 1,
    bf16Convs: false,
    dataDir: dirs.data,
    cacheDir: dirs.cache,
    theme: 'dark',
  };
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

/** Merges what is valid in `raw` over `defaults`; every field that is dropped gets a warning. */
export function parseSettingsFile(raw: unknown, defaults: Settings): { settings: Settings; warnings: string[] } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { settings: { ...defaults }, warnings: ['the file does not hold a JSON object; using the defaults'] };
  }
  const record = raw as Record<string, unknown>;
  const warnings: string[] = [];
  if (typeof record.version === 'number' && record.version > SETTINGS_FILE_VERSION) {
    warnings.push(`written by a newer version (format ${record.version}); reading what this version understands`);
  }
  const settings: Record<string, unknown> = { ...defaults };
  for (const key of Object.keys(SettingsSchema.shape) as SettingKey[]) {
    if (!(key in record)) continue;
    const field = SettingsSchema.shape[key].safeParse(record[key]);
    if (field.success) settings[key] = field.data;
    else warnings.push(`"${key}" is invalid (${describeIssues(field.error)}); using the default ${JSON.stringify(defaults[key])}`);
  }
  const unknown = Object.keys(record).filter((k) => k !== 'version' && !(k in SettingsSchema.shape));
  if (unknown.length) warnings.push(`ignored unknown settings: ${unknown.join(', ')}`);
  return { settings: SettingsSchema.parse(settings), warnings };
}

export interface SettingsStoreOptions {
  /** The settings file; defaults to the platform's config folder (`settingsFile()`). */
  file?: string;
  defaults?: Settings;
  /** Where load warnings go besides the snapshot (the console by default). */
  warn?: (message: string) => void;
}

export class SettingsStore {
  readonly file: string;
  readonly defaults: Settings;
  private current: Settings;
  private warnings: string[] = [];

  constructor(opts: SettingsStoreOptions = {}) {
    this.file = opts.file ?? settingsFile();
    this.defaults = opts.defaults ?? defaultSettings();
    this.current = { ...this.defaults };
    this.load(opts.warn ?? ((m) => console.warn(m)));
  }

  get(): Settings {
    return { ...this.current };
  }

  snapshot(): SettingsSnapshot {
    return { settings: this.get(), defaults: { ...this.defaults }, file: this.file, warnings: [...this.warnings] };
  }

  /** Validates `patch` (throws a readable Error naming the bad fields), applies it and saves atomically. */
  set(patch: unknown): Settings {
    const parsed = SettingsPatchSchema.safeParse(patch);
    if (!parsed.success) throw new Error(`Invalid settings: ${describeIssues(parsed.error)}`);
    const next = SettingsSchema.parse({ ...this.current, ...stripUndefined(parsed.data) });
    writeJsonAtomic(this.file, { version: SETTINGS_FILE_VERSION, ...next });
    this.current = next;
    // A successful save replaces whatever was wrong with the old file.
    this.warnings = [];
    return this.get();
  }

  /** Back to the defaults (written to disk). */
  reset(): Settings {
    return this.set(this.defaults);
  }

  private load(warn: (message: string) => void): void {
    const read = readJsonFile(this.file);
    if (read.kind === 'missing') return;
    let found: string[];
    if (read.kind === 'corrupt') {
      found = [`${read.reason}; using the defaults`];
      // Keep the broken file for the user instead of overwriting it at the next save.
      const kept = `${this.file}.bad`;
      try {
        fs.copyFileSync(this.file, kept);
        found.push(`the broken file was copied to ${kept}`);
      } catch {
        /* unreadable: nothing to keep */
      }
    } else {
      const parsed = parseSettingsFile(read.value, this.defaults);
      this.current = parsed.settings;
      found = parsed.warnings;
    }
    this.warnings = found.map((w) => `Settings file ${this.file}: ${w}`);
    for (const w of this.warnings) warn(w);
  }
}

function stripUndefined(patch: SettingsPatch): SettingsPatch {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as SettingsPatch;
}
