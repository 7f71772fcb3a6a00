import { describe, expect, it } from 'vitest';
import { appDirs, settingsFile } from '../../../main/services/settings';

describe('appDirs', () => {
  it('Linux follows the XDG base directories, with the spec\'s fallbacks', () => {
    expect(appDirs({ platform: 'linux', env: {}, home: '/home/ada' })).toEqual({
      config: '/home/ada/.config/hamiltonian-studio',
      data: '/home/ada/.local/share/hamiltonian-studio',
      cache: '/home/ada/.cache/hamiltonian-studio',
    });
    const env = { XDG_CONFIG_HOME: '/x/conf', XDG_DATA_HOME: '/x/data', XDG_CACHE_HOME: '/x/cache' };
    expect(appDirs({ platform: 'linux', env, home: '/home/ada' })).toEqual({
      config: '/x/conf/hamiltonian-studio',
      data: '/x/data/hamiltonian-studio',
      cache: '/x/cache/hamiltonian-studio',
    });
    // Relative XDG values are invalid per the spec and ignored.
    expect(appDirs({ platform: 'freebsd', env: { XDG_CONFIG_HOME: 'conf' }, home: '/home/ada' }).config).toBe('/home/ada/.config/hamiltonian-studio');
  });

  it('Windows uses AppData (Roaming for settings, Local for data and cache)', () => {
    const env = { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming', LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local' };
    expect(appDirs({ platform: 'win32', env, home: 'C:\\Users\\ada' })).toEqual({
      config: 'C:\\Users\\ada\\AppData\\Roaming\\Hamiltonian Studio',
      data: 'C:\\Users\\ada\\AppData\\Local\\Hamiltonian Studio\\Data',
      cache: 'C:\\Users\\ada\\AppData\\Local\\Hamiltonian Studio\\Cache',
    });
    expect(appDirs({ platform: 'win32', env: {}, home: 'C:\\Users\\ada' }).config).toBe('C:\\Users\\ada\\AppData\\Roaming\\Hamiltonian Studio');
  });

  it('macOS uses Library/Application Support and Library/Caches', () => {
    expect(appDirs({ platform: 'darwin', env: { XDG_CONFIG_HOME: '/ignored' }, home: '/Users/ada' })).toEqual({
      config: '/Users/ada/Library/Application Support/Hamiltonian Studio',
      data: '/Users/ada/Library/Application Support/Hamiltonian Studio/Data',
      cache: '/Users/ada/Library/Caches/Hamiltonian Studio',
    });
  });
});

describe('settingsFile', () => {
  it('is settings.json in the config folder, or in HS_CONFIG_DIR when that is an absolute path', () => {
    expect(settingsFile({ platform: 'linux', env: {}, home: '/home/ada' })).toBe('/home/ada/.config/hamiltonian-studio/settings.json');
    expect(settingsFile({ platform: 'linux', env: { HS_CONFIG_DIR: '/tmp/hs' }, home: '/home/ada' })).toBe('/tmp/hs/settings.json');
    expect(settingsFile({ platform: 'linux', env: { HS_CONFIG_DIR: 'rel' }, home: '/home/ada' })).toBe('/home/ada/.config/hamiltonian-studio/settings.json');
  });
});
