// Adaptive Dormand-Prince 8(5,3) (the step control of SciPy's DOP853): the ground truth for non-separable,
// dissipative and close-encounter dynamics. Allocation-free after construction; the step size carries over calls.
import { A, B, C, E3, E5, STAGES } from './dop853-tables';

export type VectorField = (s: Float64Array, out: Float64Array) => void;

export interface AdaptiveOptions {
  rtol: number;
  atol: number;
  /** First trial step; later calls start from the last accepted step size. */
  initialStep: number;
  /** Guard against runaway (a singular trajectory): throws past this many steps per call. */
  maxSteps: number;
}

export const DEFAULT_ADAPTIVE: AdaptiveOptions = { rtol: 1e-12, atol: 1e-12, initialStep: 0.01, maxSteps: 1_000_000 };

const SAFETY = 0.9;
const MIN_FACTOR = 0.2;
const MAX_FACTOR = 10;
const ERROR_EXPONENT = -1 / 8;

export interface AdaptiveIntegrator {
  /** Advances y (in place) by time `duration` (may be negative). */
  advance(y: Float64Array, duration: number): void;
  /** Forgets the carried step size, so the next call does not depend on earlier ones. */
  reset(): void;
  /** Accepted and rejected step counts since construction (for benches and tests). */
  readonly stats: { accepted: number; rejected: number; evaluations: number };
}

export function makeDop853(field: VectorField, dim: number, options: Partial<AdaptiveOptions> = {}): AdaptiveIntegrator {
  const o = { ...DEFAULT_ADAPTIVE, ...options };
  // Stage derivatives K[s] live in one flat array (s * dim + i); A's sparse rows are flattened too, for speed.
  const K = new Float64Array((STAGES + 1) * dim);
  const stageViews = Array.from({ length: STAGES + 1 }, (_, s) => K.subarray(s * dim, (s + 1) * dim));
  const rowStart = new Int32Array(STAGES + 1);
  const cols: number[] = [];
  const vals: number[] = [];
  for (let s = 0; s < STAGES; s++) {
    rowStart[s] = cols.length;
    for (const [c, v] of A[s]) {
      cols.push(c * dim);
      vals.push(v);
    }
  }
  rowStart[STAGES] = cols.length;
  const colOffset = Int32Array.from(cols);
  const coef = Float64Array.from(vals);
  const b = Float64Array.from(B);
  const e3 = Float64Array.from(E3);
  const e5 = Float64Array.from(E5);
  const yStage = new Float64Array(dim);
  const yNew = new Float64Array(dim);
  const last = STAGES * dim;
  const stats = { accepted: 0, rejected: 0, evaluations: 0 };
  let hAbs = o.initialStep;

  /** One trial step of size h from y: fills K, yNew; returns the scaled error norm. */
  const trial = (y: Float64Array, h: number): number => {
    for (let s = 1; s < STAGES; s++) {
      const r0 = rowStart[s];
      const r1 = rowStart[s + 1];
      for (let i = 0; i < dim; i++) {
        let acc = 0;
        for (let r = r0; r < r1; r++) acc += coef[r] * K[colOffset[r] + i];
        yStage[i] = y[i] + h * acc;
      }
      field(yStage, stageViews[s]);
    }
    for (let i = 0; i < dim; i++) {
      let acc = 0;
      for (let s = 0; s < STAGES; s++) acc += b[s] * K[s * dim + i];
      yNew[i] = y[i] + h * acc;
    }
    field(yNew, stageViews[STAGES]);
    stats.evaluations += STAGES;
    let err5 = 0;
    let err3 = 0;
    for (let i = 0; i < dim; i++) {
      const scale = o.atol + Math.max(Math.abs(y[i]), Math.abs(yNew[i])) * o.rtol;
      let d5 = 0;
      let d3 = 0;
      for (let s = 0; s <= STAGES; s++) {
        const k = K[s * dim + i];
        d5 += e5[s] * k;
        d3 += e3[s] * k;
      }
      err5 += (d5 / scale) ** 2;
      err3 += (d3 / scale) ** 2;
    }
    if (err5 === 0 && err3 === 0) return 0;
    return (Math.abs(h) * err5) / Math.sqrt((err5 + 0.01 * err3) * dim);
  };

  return {
    stats,
    reset() {
      hAbs = o.initialStep;
    },
    advance(y, duration) {
      if (duration === 0) return;
      const direction = Math.sign(duration);
      let remaining = Math.abs(duration);
      field(y, stageViews[0]);
      stats.evaluations++;
      let steps = 0;
      while (remaining > 0) {
        // Land exactly on the end; a last sliver below 1e-14 of the span is folded into the previous step.
        let h = Math.min(hAbs, remaining);
        if (remaining - h < 1e-14 * Math.abs(duration)) h = remaining;
        let rejected = false;
        for (;;) {
          if (++steps > o.maxSteps) throw new Error(`DOP853 exceeded ${o.maxSteps} steps (singular trajectory?)`);
          const err = trial(y, direction * h);
          if (err < 1) {
            let factor = err === 0 ? MAX_FACTOR : Math.min(MAX_FACTOR, SAFETY * err ** ERROR_EXPONENT);
            if (rejected) factor = Math.min(1, factor);
            // Keep the natural step size for the next call, not a clipped end-of-span sliver.
            if (h === hAbs || factor < 1) hAbs = h * factor;
            break;
          }
          h *= Math.max(MIN_FACTOR, SAFETY * err ** ERROR_EXPONENT);
          hAbs = h;
          rejected = true;
          stats.rejected++;
          if (h < 1e-14 * Math.max(1, Math.abs(duration))) throw new Error('DOP853 step size underflow');
        }
        stats.accepted++;
        y.set(yNew);
        // FSAL: f(y_new) is the first stage of the next step.
        K.copyWithin(0, last, last + dim);
        remaining -= h;
      }
    },
  };
}
