// `node scripts/gpu-bundle.mjs [DIR]` (default gpu-box/): everything the GPU benchmark needs on a bare Linux GPU
// machine with the NVIDIA driver and nothing else of ours (no Node, no network): the bench as one CommonJS file,
// Dawn's addon, a compressed Node binary, the Vulkan loader's Debian packages, and run.sh. See docs/gpu.md.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.resolve(process.argv[2] ?? path.join(root, 'gpu-box'));
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });

// tfjs's gradients live in its ESM files (main fields matter: without `module` first the bundle gets two
// copies of tfjs-core and no backend registers). Dawn stays external: it is a native addon.
await build({
  entryPoints: [path.join(root, 'bench', 'gpu-box.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  mainFields: ['module', 'main'],
  external: ['webgpu', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu'],
  outfile: path.join(out, 'gpu-bench.cjs'),
  logLevel: 'warning',
});

// Dawn: the package's entry and this platform's dawn.node, where `import('webgpu')` finds them.
const dawnFrom = path.join(root, 'node_modules', 'webgpu');
const dawnTo = path.join(out, 'node_modules', 'webgpu');
const platformDir = `${process.platform}-${process.arch}`;
fs.mkdirSync(path.join(dawnTo, 'dist', platformDir), { recursive: true });
for (const f of ['index.js', 'package.json']) fs.copyFileSync(path.join(dawnFrom, f), path.join(dawnTo, f));
fs.copyFileSync(path.join(dawnFrom, 'dist', platformDir, 'dawn.node'), path.join(dawnTo, 'dist', platformDir, 'dawn.node'));
execFileSync('xz', ['-T0', '-6', path.join(dawnTo, 'dist', platformDir, 'dawn.node')]);

// Node itself, compressed (about 24 MB).
fs.copyFileSync(process.execPath, path.join(out, 'node'));
execFileSync('xz', ['-T0', '-6', path.join(out, 'node')]);

// The Vulkan loader and the GL dispatch libraries the NVIDIA ICD needs (without them it fails to load:
// "Could not get 'vkCreateInstance' ... libGLX_nvidia.so.0").
const debs = path.join(out, 'debs');
fs.mkdirSync(debs);
try {
  execFileSync('apt-get', ['download', 'libvulkan1', 'libglvnd0', 'libgl1', 'libglx0', 'libegl1', 'libgles2', 'libopengl0'], { cwd: debs, stdio: 'inherit' });
} catch {
  console.warn('apt-get download failed: the box must already have libvulkan1 and the GL dispatch libraries.');
}

fs.writeFileSync(
  path.join(out, 'run.sh'),
  `#!/bin/sh
# On the GPU box, from this folder: sh run.sh OUT_DIR [bench args]. Unpacks Node and Dawn, installs the Vulkan loader
# from debs/ where it is missing, points Vulkan at the NVIDIA driver, runs the bench, writes OUT_DIR/gpu.json.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=\${1:-$here/results}; shift || true
cd "$here"
[ -f node ] || xz -dk node.xz
chmod +x node
[ -f node_modules/webgpu/dist/${platformDir}/dawn.node ] || xz -dk node_modules/webgpu/dist/${platformDir}/dawn.node.xz
if ! ldconfig -p | grep -q 'libvulkan.so.1 ' && [ -n "$(ls debs/*.deb 2>/dev/null)" ]; then
  for f in debs/*.deb; do dpkg -x "$f" /; done
  ldconfig
fi
if [ -z "\${VK_DRIVER_FILES:-}" ]; then
  for icd in /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json; do
    if [ -f "$icd" ]; then export VK_DRIVER_FILES="$icd"; break; fi
  done
fi
export XDG_RUNTIME_DIR=\${XDG_RUNTIME_DIR:-/tmp}
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv 2>/dev/null || true
mkdir -p "$out"
./node gpu-bench.cjs --out "$out/gpu.json" "$@" 2>&1 | tee "$out/gpu.log"
`,
);
const size = (p) => fs.statSync(p).size;
const total = [path.join(out, 'gpu-bench.cjs'), path.join(out, 'node.xz'), path.join(dawnTo, 'dist', platformDir, 'dawn.node.xz')]
  .map(size)
  .reduce((a, b) => a + b, 0);
console.log(`wrote ${out} (${(total / 1e6).toFixed(1)} MB of bench, Node and Dawn, plus debs/)`);
