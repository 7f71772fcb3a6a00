// The user's settings and the desktop menu's commands, as the contract carries them (re-exported by contract.ts).
import { z } from 'zod';
import { BackendChoiceSchema, int } from './schema-basics';

export const THEMES = ['dark', 'light'] as const;
export type Theme = (typeof THEMES)[number];
export const MAX_WORKERS = 64;

/** Absolute on POSIX (/...) or Windows (C:\..., \\server\share); no NUL, bounded. */
const FolderSchema = z
  .string()
  .min(1, 'a folder is required')
  .max(4096, 'path too long')
  .refine((p) => !p.includes('\0'), 'path contains a NUL character')
  .refine((p) => /^(\/|[A-Za-z]:[\\/]|\\\\[^\\]+\\)/.test(p), 'expected an absolute folder path');

export const SettingsSchema = z.strictObject({
  /** Backend for new jobs when the user does not pick one. */
  backend: BackendChoiceSchema,
  /** Training jobs (wasm/cpu worker threads) that may run at once. */
  workers: int(1, MAX_WORKERS),
  /** Threads each job's native kernels (oneDNN convolutions and matmul) may use; jobs run side by side, so 1 by default. */
  threadsPerJob: int(1, MAX_WORKERS),
  /**
   * Mixed precision: the HGN encoder's and decoder's convolutions round their inputs to bfloat16 (fp32
   * accumulation) on CPUs with AMX or AVX-512 BF16. Faster, about three significant digits in those layers.
   */
  bf16Convs: z.boolean(),
  /** Where projects and exported files go by default. */
  dataDir: FolderSchema,
  /** Generated datasets and other regenerable files. */
  cacheDir: FolderSchema,
  theme: z.enum(THEMES),
});
export type Settings = z.infer<typeof SettingsSchema>;
/** What `settings:set` accepts: any subset of the settings, every value checked, unknown keys refused. */
export const SettingsPatchSchema = SettingsSchema.partial();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

/** What the settings page shows: the values, the defaults (for "reset"), where they live, any load warnings. */
export interface SettingsSnapshot {
  settings: Settings;
  defaults: Settings;
  file: string;
  warnings: string[];
}

/** A native-menu command that needs the page (desktop only). `path` for project:open and project:save-as. */
export type MenuCommand =
  | 'project:new' | 'project:open' | 'project:save' | 'project:save-as' | 'project:export'
  | 'run:new' | 'run:pause' | 'run:resume' | 'run:cancel';
export interface MenuCommandEvent {
  command: MenuCommand;
  path?: string;
}

