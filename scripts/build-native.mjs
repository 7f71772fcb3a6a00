// Builds the optional oneDNN convolution kernels (native/onednn-kernels) after `npm install`. Optional like
// tfjs-node: where oneDNN's headers or a compiler are missing, the app still installs and trains on plain wasm.
// `HS_REQUIRE_NATIVE=1` (set by .ci/run) turns a failed build into a failed install instead.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'native', 'onednn-kernels');
const required = process.env.HS_REQUIRE_NATIVE === '1';

function skip(reason) {
  const msg = `hamiltonian-studio: oneDNN kernels not built (${reason}); training uses the wasm kernels.`;
  if (required) {
    console.error(msg);
    process.exit(1);
  }
  console.warn(msg);
  process.exit(0);
}

if (process.env.HS_SKIP_NATIVE === '1') skip('HS_SKIP_NATIVE=1');
if (process.platform !== 'linux' || process.arch !== 'x64') skip(`no build recipe for ${process.platform}-${process.arch} yet`);
const headers = ['/usr/include/oneapi/dnnl/dnnl.hpp', '/usr/local/include/oneapi/dnnl/dnnl.hpp'];
if (!headers.some((h) => fs.existsSync(h))) skip('oneDNN headers not found: apt-get install libdnnl-dev');

// npm hands lifecycle scripts the path of its own node-gyp; outside npm, fall back to the one next to npm.
const gyp = process.env.npm_config_node_gyp ?? path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
if (!fs.existsSync(gyp)) skip(`node-gyp not found at ${gyp}`);
// Build against the headers of the Node that runs us (this machine has them, and nothing can be downloaded).
const prefix = path.resolve(path.dirname(process.execPath), '..');
const nodedir = process.env.npm_config_nodedir || (fs.existsSync(path.join(prefix, 'include', 'node', 'node_api.h')) ? prefix : '');
const args = [gyp, 'rebuild', ...(nodedir ? [`--nodedir=${nodedir}`] : [])];
const r = spawnSync(process.execPath, args, { cwd: dir, stdio: 'inherit' });
if (r.status !== 0) skip(`node-gyp exited with ${r.status}`);
console.log('hamiltonian-studio: oneDNN kernels built.');
