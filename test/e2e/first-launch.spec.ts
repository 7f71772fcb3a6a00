// The README's `npm start`, run as a new user runs it (CI runs this on a clean clone): it builds, starts
// (browser mode where no Electron binary exists), prints a URL, and that URL loads the app.
// Named to run first: its build rewrites out/ before the other files' server starts.
import { test, expect } from '@playwright/test';
import { waitForUrl } from './fixtures';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

test('npm start builds, prints the browser-mode URL, and that page loads', async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-start-'));
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const proc = spawn(npm, ['start', '--', '--browser', '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, HS_CONFIG_DIR: path.join(dataDir, 'config') },
    detached: true,
  });
  try {
    const url = await waitForUrl(proc, 240_000, 'npm start');
    await page.goto(url);
    await expect(page.getByTestId('nav-new-run')).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('first-launch.png') });
  } finally {
    // npm starts node which starts the server: end the whole group.
    try {
      process.kill(-proc.pid!, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
});
