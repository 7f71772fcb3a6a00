// The settings' shape and rules. Self-contained (zod + the contract's backend names) so that the contract can
// re-export it for the renderer's settings page and validate `settings:set` at the boundary.
import { z } from 'zod';
import { BACKEND_CHOICES } from '../../../preload/contract';

export const THEMES = ['dark', 'light'] as const;
export type Theme = (typeof THEMES)[number];
export const MAX_WORKERS = 64;

/** Absolute on POSIX (/...) or Windows (C:\..., \\server\share); no NUL, bounded. No node:path: renderer-safe. */
const FolderSchema = z
  .string()
  .min(1, 'a folder is required')
  .max(4096, 'path too long')
  .refine((p) => !p.includes('\0'), 'path contains a NUL character')
  .refine((p) => /^(\/|[A-Za-z]:[\\/]|\\\\[^\\]+\\)/.test(p), 'expected an absolute folder path');

export const SettingsSchema = z.strictObject({
  /** Backend for new jobs when the user does not pick one. */
  backend: z.enum(BACKEND_CHOICES),
  /** Training jobs (wasm/cpu worker threads) that may run at once. */
  workers: z.number().int().min(1).max(MAX_WORKERS),
  /** Where projects and exported files go by default. */
  dataDir: FolderSchema,
  /** Generated datasets and other regenerable files. */
  cacheDir: FolderSchema,
  theme: z.enum(THEMES),
});
export type Settings = z.infer<typeof SettingsSchema>;
export type SettingKey = keyof Settings;

/** What `settings:set` accepts: any subset of the settings, every value checked, unknown keys refused. */
export const SettingsPatchSchema = SettingsSchema.partial();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

/** The settings file on disk: the settings plus a format version (for future migrations). */
export const SETTINGS_FILE_VERSION = 1;
