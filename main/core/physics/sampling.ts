// Building blocks of the initial-state samplers (docs/science.md section 2): phase-space circles, noise, frames.
import { gaussian, uniform, type Rng } from '../random';

/** A point on the (q, p) circle of radius r ~ U(rMin, rMax), angle uniform: written to out[iq], out[ip]. */
export function circlePoint(rng: Rng, rMin: number, rMax: number, out: Float64Array, iq: number, ip: number): void {
  const r = uniform(rng, rMin, rMax);
  const angle = 2 * Math.PI * rng();
  out[iq] = r * Math.cos(angle);
  out[ip] = r * Math.sin(angle);
}

/** Adds N(0, sigma^2) to out[from..to). */
export function addNoise(rng: Rng, sigma: number, out: Float64Array, from: number, to: number): void {
  if (sigma === 0) return;
  for (let i = from; i < to; i++) out[i] += sigma * gaussian(rng);
}

/**
 * Moves 2D n-body state s = [x0, y0, x1, y1, ..., px0, py0, ...] into its centre-of-mass frame: zero total momentum
 * and the centre of mass at the origin. The literature's noisy n-body samples drift off-canvas otherwise.
 */
export function toCentreOfMassFrame(s: Float64Array, masses: ArrayLike<number>): void {
  const n = masses.length;
  const off = 2 * n;
  let mTotal = 0;
  let cx = 0;
  let cy = 0;
  let px = 0;
  let py = 0;
  for (let b = 0; b < n; b++) {
    const m = masses[b];
    mTotal += m;
    cx += m * s[2 * b];
    cy += m * s[2 * b + 1];
    px += s[off + 2 * b];
    py += s[off + 2 * b + 1];
  }
  cx /= mTotal;
  cy /= mTotal;
  for (let b = 0; b < n; b++) {
    const share = masses[b] / mTotal;
    s[2 * b] -= cx;
    s[2 * b + 1] -= cy;
    s[off + 2 * b] -= share * px;
    s[off + 2 * b + 1] -= share * py;
  }
}

/** Rotates (x, y) by angle theta in place at out[i], out[i + 1]. */
export function rotate2(out: Float64Array, i: number, theta: number): void {
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  const x = out[i];
  const y = out[i + 1];
  out[i] = c * x - s * y;
  out[i + 1] = s * x + c * y;
}
