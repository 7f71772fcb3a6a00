// `npm start`: the desktop window where the Electron binary is present, browser mode where it is not.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const require = createRequire(import.meta.url);
const run = (cmd, args) => spawn(cmd, args, { stdio: 'inherit' }).on('exit', (code) => process.exit(code ?? 0));

/** The Electron binary's path, or null. Electron >= 42 downloads it on first use: let it try, quietly. */
function electronBinary() {
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    encoding: 'utf8',
    timeout: 180_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const bin = probe.status === 0 ? probe.stdout.trim().split('\n').pop() : '';
  return bin && fs.existsSync(bin) ? bin : null;
}

/**
 * electron-vite's CLI script. Its package `exports` do not list `bin/`, so resolving the file directly throws
 * ERR_PACKAGE_PATH_NOT_EXPORTED (electron-vite >= 6): find it through the package.json's own `bin` field.
 */
function electronViteCli() {
  const manifest = require.resolve('electron-vite/package.json');
  const { bin } = JSON.parse(fs.readFileSync(manifest, 'utf8'));
  const rel = typeof bin === 'string' ? bin : bin['electron-vite'];
  return path.join(path.dirname(manifest), rel);
}

const build = spawnSync(process.execPath, [electronViteCli(), 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const electron = electronBinary();
if (electron && !process.argv.includes('--browser')) {
  run(electron, ['.']);
} else {
  console.log(
    electron
      ? 'Starting browser mode (--browser).'
      : 'The Electron binary is not available on this machine, so the desktop window cannot open.\n' +
          'Starting browser mode instead: open the URL below in a browser (it carries this launch\'s access token).',
  );
  run(process.execPath, ['out/main/serve.js', ...process.argv.slice(2).filter((a) => a !== '--browser')]);
}
