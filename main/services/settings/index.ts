// The settings service: `new SettingsStore()` (platform config folder) or `new SettingsStore({ file })`.
export { SettingsStore, defaultSettings, parseSettingsFile, type SettingsSnapshot, type SettingsStoreOptions } from './store';
export { SettingsSchema, SettingsPatchSchema, THEMES, MAX_WORKERS, type Settings, type SettingsPatch, type Theme } from './schema';
export { appDirs, settingsFile, currentPlatform, type AppDirs, type PlatformInfo } from './paths';
export { readJsonFile, writeJsonAtomic, type JsonRead } from '../../files/json-file';
