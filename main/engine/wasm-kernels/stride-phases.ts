// The stride phases of a transposed convolution: with stride s, output row t = s*q + r only ever meets filter
// rows r, r+s, r+2s, ... So the transposed conv splits into s*s small stride-1 convs (one per phase), with no
// zeros multiplied, whose outputs interleave. These helpers build a phase's filter and interleave its output.
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { Temps, WasmBackendLike } from './wasm-backend';

/** Number of filter taps of phase r: rows r, r+s, ... below size. */
export function phaseTaps(size: number, r: number, s: number): number {
  return r >= size ? 0 : Math.ceil((size - r) / s);
}

/**
 * The phase (rh, rw) filter for a correlation with dy: taps W[rh + sh*m, rw + sw*n], flipped in space and with
 * channel axes swapped, i.e. out[m, n, co, ci] = W[rh + sh*(Lh-1-m), rw + sw*(Lw-1-n), ci, co].
 */
export function phaseFilter(
  filter: TensorInfo, rh: number, rw: number, sh: number, sw: number, backend: WasmBackendLike, temps: Temps,
): TensorInfo {
  const [kh, kw, ci, co] = filter.shape;
  const lh = phaseTaps(kh, rh, sh);
  const lw = phaseTaps(kw, rw, sw);
  const out = temps.add(backend.makeOutput([lh, lw, co, ci], 'float32'));
  const src = backend.typedArrayFromHeap(filter);
  const dst = backend.typedArrayFromHeap(out);
  let k = 0;
  for (let m = 0; m < lh; m++) {
    const row = rh + sh * (lh - 1 - m);
    for (let n = 0; n < lw; n++) {
      const base = (row * kw + rw + sw * (lw - 1 - n)) * ci * co;
      for (let o = 0; o < co; o++) {
        for (let i = 0; i < ci; i++) dst[k++] = src[base + i * co + o];
      }
    }
  }
  return out;
}

/** Where a phase's output lands in dx: row i = sh*(qq + q0h) + rh - top, column likewise. */
export interface PhasePlacement {
  rh: number;
  rw: number;
  sh: number;
  sw: number;
  q0h: number;
  q0w: number;
  top: number;
  left: number;
}

/** Copies phase output [B, Qh, Qw, C] into its rows and columns of dx [B, H, W, C], dropping what falls outside. */
export function scatterPhase(phase: TensorInfo, dx: TensorInfo, at: PhasePlacement, backend: WasmBackendLike): void {
  const [batch, qh, qw, c] = phase.shape;
  const [, h, w] = dx.shape;
  const src = backend.typedArrayFromHeap(phase);
  const dst = backend.typedArrayFromHeap(dx);
  for (let b = 0; b < batch; b++) {
    for (let q = 0; q < qh; q++) {
      const i = at.sh * (q + at.q0h) + at.rh - at.top;
      if (i < 0 || i >= h) continue;
      for (let p = 0; p < qw; p++) {
        const j = at.sw * (p + at.q0w) + at.rw - at.left;
        if (j < 0 || j >= w) continue;
        const from = ((b * qh + q) * qw + p) * c;
        const to = ((b * h + i) * w + j) * c;
        for (let k = 0; k < c; k++) dst[to + k] = src[from + k];
      }
    }
  }
}
