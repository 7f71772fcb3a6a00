// Per-frame errors of a rollout against its ground truth, as the literature measures them (docs/science.md, section 3).

/** Pixel MSE per frame over the frames both have: mean((gt - pred)^2). */
export function perFrameMse(pred: Float32Array, gt: Float32Array, frames: number, pixels: number): Float64Array {
  const out = new Float64Array(frames);
  for (let t = 0; t < frames; t++) {
    let s = 0;
    for (let i = t * pixels; i < (t + 1) * pixels; i++) s += (gt[i] - pred[i]) ** 2;
    out[t] = s / pixels;
  }
  return out;
}

/** VPT: the first frame whose error relative to the ground truth's energy, mean((gt-pred)^2)/mean(gt^2), exceeds 0.025. */
export function validPredictionTime(pred: Float32Array, gt: Float32Array, frames: number, pixels: number, threshold = 0.025): number {
  for (let t = 0; t < frames; t++) {
    let err = 0;
    let energy = 0;
    for (let i = t * pixels; i < (t + 1) * pixels; i++) {
      err += (gt[i] - pred[i]) ** 2;
      energy += gt[i] ** 2;
    }
    if (err / Math.max(energy, 1e-12) > threshold) return t;
  }
  return frames;
}

/** |gt - pred| per pixel, scaled up (x3) so small errors are visible. */
export function absError(pred: Float32Array, gt: Float32Array, length: number): Float32Array {
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = Math.min(1, 3 * Math.abs(gt[i] - pred[i]));
  return out;
}
