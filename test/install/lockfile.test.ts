// Issue 19: a clean clone stays clean after `npm install`. npm rewrites package-lock.json when its root entry
// disagrees with package.json (a range where package.json pins a version, a missing `hasInstallScript` while
// package.json has a postinstall): the first install of a fresh clone then leaves it dirty. `npm install
// --package-lock-only --offline` recomputes the lock exactly as an install would, without the network or
// node_modules (in a scratch folder): it must leave the committed lock byte for byte as it is.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');

describe('package-lock.json', () => {
  it('is what `npm install` would write: a fresh clone stays clean after its first install', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-lock-'));
    try {
      for (const f of ['package.json', 'package-lock.json']) fs.copyFileSync(path.join(root, f), path.join(dir, f));
      const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
      execFileSync(npm, ['install', '--package-lock-only', '--ignore-scripts', '--offline', '--no-audit', '--no-fund', '--cache', path.join(dir, 'cache')], {
        cwd: dir, stdio: 'pipe', env: { ...process.env, npm_config_loglevel: 'error' },
      });
      const committed = fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8');
      expect(fs.readFileSync(path.join(dir, 'package-lock.json'), 'utf8')).toBe(committed);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('its root entry matches package.json: the same pinned versions, an install script noted', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    const lockRoot = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')).packages[''];
    for (const k of ['dependencies', 'devDependencies', 'optionalDependencies']) expect(lockRoot[k], k).toEqual(pkg[k]);
    const installs = ['preinstall', 'install', 'postinstall'].some((s) => s in (pkg.scripts ?? {}));
    expect(lockRoot.hasInstallScript === true).toBe(installs);
  });
});
