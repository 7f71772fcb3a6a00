// Finds and loads the oneDNN addon built by scripts/build-native.mjs. Typed here: nothing untyped leaves this file.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface OneDnnAddon {
  convForward(x: Float32Array, w: Float32Array, bias: Float32Array | null, y: Float32Array, shape: Int32Array): void;
  convBackwardData(dy: Float32Array, w: Float32Array, dx: Float32Array, shape: Int32Array): void;
  convBackwardWeights(x: Float32Array, dy: Float32Array, dw: Float32Array, shape: Int32Array): void;
  /** Both gradients of one conv: dx and dw (in bf16, dy converted once for both). */
  convBackward(x: Float32Array, dy: Float32Array, w: Float32Array, dx: Float32Array, dw: Float32Array, shape: Int32Array): void;
  /** Row-major c = op(a) op(b) per batch; shape [batchA, batchB, m, n, k, transA, transB]. */
  gemm(a: Float32Array, b: Float32Array, c: Float32Array, shape: Int32Array): void;
  /** The HGN energy kick (kick.cc); desc and coefs as kick-kernels.ts builds them. */
  kickForward(parts: Float32Array[], packed: Float32Array, target: Float32Array | null, out: Float32Array, desc: Int32Array, coefs: Float32Array): void;
  kickBackward(parts: Float32Array[], packed: Float32Array, dy: Float32Array, dparts: Float32Array[], dpacked: Float32Array, desc: Int32Array, coefs: Float32Array): void;
  /** eltwise.cc: g = dy act'(y) and db = its sum over rows (activation 0 linear: db only, y and g null; 1 relu; 2 sigmoid). */
  activationGrad(activation: number, dy: Float32Array, y: Float32Array | null, g: Float32Array | null, db: Float32Array, rows: number, channels: number): void;
  /** y = a + b over n floats. */
  add(a: Float32Array, b: Float32Array, y: Float32Array, n: number): void;
  /** y = relu(a + b) over n floats. */
  addRelu(a: Float32Array, b: Float32Array, y: Float32Array, n: number): void;
  /** Nearest 2x upsampling of NHWC [n, h, w, c] and its gradient (sizes are the small side's). */
  upsample2x(x: Float32Array, y: Float32Array, n: number, h: number, w: number, c: number): void;
  upsample2xGrad(dy: Float32Array, dx: Float32Array, n: number, h: number, w: number, c: number): void;
  /** oneDNN's implementation for a pass: 0 forward, 1 backward data, 2 backward weights. */
  implementation(shape: Int32Array, pass: 0 | 1 | 2): string;
  setThreads(n: number): void;
  /** bf16: the CPU's native bfloat16 ISA ("AMX", "AVX-512 BF16") or "" when it has none. */
  info(): { library: string; version: string; threads: number; bf16: string };
}

export type AddonLoad = { ok: true; addon: OneDnnAddon; path: string } | { ok: false; reason: string };

const ADDON = path.join('native', 'onednn-kernels', 'build', 'Release', 'hs_onednn.node');

/** Where the addon may be: `HS_ONEDNN_ADDON`, else under a folder above this file (source, out/ or app.asar.unpacked). */
function candidates(): string[] {
  const found = process.env.HS_ONEDNN_ADDON ? [process.env.HS_ONEDNN_ADDON] : [];
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    found.push(path.join(dir, ADDON).replace(/app\.asar([\\/])/, 'app.asar.unpacked$1'));
    dir = path.dirname(dir);
  }
  return found;
}

let cached: AddonLoad | null = null;

export function loadOneDnnAddon(): AddonLoad {
  if (cached) return cached;
  if (process.env.HS_NATIVE_KERNELS === 'off') return (cached = { ok: false, reason: 'HS_NATIVE_KERNELS=off' });
  const file = candidates().find((f) => fs.existsSync(f));
  if (!file) return (cached = { ok: false, reason: 'the oneDNN addon is not built (npm run build:native; needs libdnnl-dev)' });
  try {
    const addon = createRequire(__filename)(file) as OneDnnAddon;
    const threads = Number(process.env.HS_NATIVE_THREADS ?? '1');
    addon.setThreads(Number.isInteger(threads) && threads > 0 ? threads : 1);
    return (cached = { ok: true, addon, path: file });
  } catch (err) {
    return (cached = { ok: false, reason: `the oneDNN addon did not load: ${err instanceof Error ? err.message : String(err)}` });
  }
}
