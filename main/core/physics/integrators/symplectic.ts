// Symmetric compositions of leapfrog (Yoshida 1990) for separable H = T(p) + V(q): symplectic, time-reversible
// (stepping with -h undoes +h up to rounding) and of order 4 or 6. Kicks of adjacent stages and substeps are merged.
import type { Dynamics } from '../types';

const CBRT2 = Math.cbrt(2);
/** Yoshida's 4th-order triple jump. */
const YOSHIDA4 = [1 / (2 - CBRT2), -CBRT2 / (2 - CBRT2), 1 / (2 - CBRT2)];
/** Yoshida's 6th-order "solution A": S(w3) S(w2) S(w1) S(w0) S(w1) S(w2) S(w3). */
const W1 = -1.17767998417887;
const W2 = 0.235573213359357;
const W3 = 0.78451361047756;
const W0 = 1 - 2 * (W1 + W2 + W3);
const YOSHIDA6 = [W3, W2, W1, W0, W1, W2, W3];

export const COMPOSITIONS = { leapfrog: [1], yoshida4: YOSHIDA4, yoshida6: YOSHIDA6 } as const;
export type CompositionName = keyof typeof COMPOSITIONS;

export interface SymplecticStepper {
  /** Advances s (in place) by `substeps` composition steps of size h each (h may be negative). */
  advance(s: Float64Array, h: number, substeps: number): void;
}

export function makeSymplecticStepper(dyn: Dynamics, composition: CompositionName = 'yoshida6'): SymplecticStepper {
  const sep = dyn.separable;
  if (!sep) throw new Error('symplectic ground truth needs a separable Hamiltonian without friction');
  const n = dyn.dim / 2;
  const w = COMPOSITIONS[composition];
  const stages = w.length;
  const buf = new Float64Array(n);
  const kick = (s: Float64Array, a: number): void => {
    sep.dVdq(s, buf);
    for (let i = 0; i < n; i++) s[n + i] -= a * buf[i];
  };
  const drift = (s: Float64Array, b: number): void => {
    sep.dTdp(s, buf);
    for (let i = 0; i < n; i++) s[i] += b * buf[i];
  };
  return {
    advance(s, h, substeps) {
      // K(w0 h/2) D(w0 h) K((w0+w1) h/2) D(w1 h) ... D(w_last h) K(w_last h/2), chained over substeps.
      kick(s, (w[0] * h) / 2);
      for (let k = 0; k < substeps; k++) {
        for (let i = 0; i < stages; i++) {
          drift(s, w[i] * h);
          const next = i + 1 < stages ? w[i + 1] : k + 1 < substeps ? w[0] : 0;
          kick(s, ((w[i] + next) * h) / 2);
        }
      }
    },
  };
}
