// Finds the Electron binary without triggering a download (requiring 'electron' would try one).
import fs from 'node:fs';
import path from 'node:path';

/** HS_ELECTRON_PATH, else what the electron package has installed (path.txt + dist/), else null. */
export function findElectronBinary(root: string): string | null {
  const explicit = process.env.HS_ELECTRON_PATH;
  if (explicit) return fs.existsSync(explicit) ? explicit : null;
  const pkg = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const rel = fs.readFileSync(pathFile, 'utf8').trim();
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(pkg, 'dist');
  const bin = path.join(dist, rel);
  return fs.existsSync(bin) ? bin : null;
}
