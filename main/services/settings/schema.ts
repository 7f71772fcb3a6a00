// The settings' shape and rules live in the contract (the renderer's settings page and the `settings:set`
// boundary validate with the same schema); this module re-exports them for the Node side.
export { THEMES, MAX_WORKERS, SettingsSchema, SettingsPatchSchema } from '../../../preload/contract';
export type { Theme, Settings, SettingsPatch } from '../../../preload/contract';
import type { Settings } from '../../../preload/contract';
export type SettingKey = keyof Settings;

/** The settings file on disk: the settings plus a format version (for future migrations). */
export const SETTINGS_FILE_VERSION = 1;
