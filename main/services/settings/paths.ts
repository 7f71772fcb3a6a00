// The platform's conventional folders for this app: config (settings), data (projects) and cache (datasets).
// Pure: the platform, environment and home folder are passed in, so every platform is testable anywhere.
import path from 'node:path';
import os from 'node:os';

export interface AppDirs {
  config: string;
  data: string;
  cache: string;
}

export interface PlatformInfo {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  home: string;
}

/** The folder name on Linux (lower-case by XDG habit) and elsewhere (the product name). */
const LINUX_NAME = 'hamiltonian-studio';
const PRODUCT_NAME = 'Hamiltonian Studio';

/** An environment folder only counts when absolute (the XDG spec says to ignore relative ones). */
function envDir(env: PlatformInfo['env'], key: string, p: typeof path.posix): string | null {
  const v = env[key];
  return v && p.isAbsolute(v) ? v : null;
}

export function appDirs(info: PlatformInfo = currentPlatform()): AppDirs {
  const { platform, env, home } = info;
  if (platform === 'win32') {
    const p = path.win32;
    const roaming = envDir(env, 'APPDATA', p) ?? p.join(home, 'AppData', 'Roaming');
    const local = envDir(env, 'LOCALAPPDATA', p) ?? p.join(home, 'AppData', 'Local');
    return { config: p.join(roaming, PRODUCT_NAME), data: p.join(local, PRODUCT_NAME, 'Data'), cache: p.join(local, PRODUCT_NAME, 'Cache') };
  }
  const p = path.posix;
  if (platform === 'darwin') {
    const support = p.join(home, 'Library', 'Application Support', PRODUCT_NAME);
    return { config: support, data: p.join(support, 'Data'), cache: p.join(home, 'Library', 'Caches', PRODUCT_NAME) };
  }
  // Linux and the other Unixes: the XDG base directories.
  return {
    config: p.join(envDir(env, 'XDG_CONFIG_HOME', p) ?? p.join(home, '.config'), LINUX_NAME),
    data: p.join(envDir(env, 'XDG_DATA_HOME', p) ?? p.join(home, '.local', 'share'), LINUX_NAME),
    cache: p.join(envDir(env, 'XDG_CACHE_HOME', p) ?? p.join(home, '.cache'), LINUX_NAME),
  };
}

export function currentPlatform(): PlatformInfo {
  return { platform: process.platform, env: process.env, home: os.homedir() };
}

/**
 * Where the settings file lives: `HS_CONFIG_DIR` when set (tests, portable installs), else the platform's
 * config folder. Shared by the desktop app, browser mode and the CLI so they see the same settings.
 */
export function settingsFile(info: PlatformInfo = currentPlatform()): string {
  const override = info.env.HS_CONFIG_DIR;
  const dir = override && path.isAbsolute(override) ? override : appDirs(info).config;
  return path.join(dir, 'settings.json');
}
