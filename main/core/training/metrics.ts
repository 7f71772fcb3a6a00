// Evaluation metrics of the HGN literature on plain arrays laid out [batch, steps, pixels].

export interface SeqShape {
  batch: number;
  steps: number;
  /** Values per frame (height * width * channels). */
  pixels: number;
}

/** Mean over batch and pixels of the squared error at each rollout step (multiply by 1e4 for the paper's tables). */
export function perStepMse(gt: ArrayLike<number>, pred: ArrayLike<number>, s: SeqShape): Float64Array {
  checkSize(gt, s, 'gt');
  checkSize(pred, s, 'pred');
  const out = new Float64Array(s.steps);
  for (let b = 0; b < s.batch; b++) {
    for (let t = 0; t < s.steps; t++) {
      const base = (b * s.steps + t) * s.pixels;
      let acc = 0;
      for (let i = 0; i < s.pixels; i++) {
        const d = gt[base + i] - pred[base + i];
        acc += d * d;
      }
      out[t] += acc;
    }
  }
  for (let t = 0; t < s.steps; t++) out[t] /= s.batch * s.pixels;
  return out;
}

/** Per-sequence, per-step relative error e_t = mean((gt - pred)^2) / mean(gt^2), laid out [batch, steps]. */
export function relativeErrors(gt: ArrayLike<number>, pred: ArrayLike<number>, s: SeqShape): Float64Array {
  checkSize(gt, s, 'gt');
  checkSize(pred, s, 'pred');
  const out = new Float64Array(s.batch * s.steps);
  for (let k = 0; k < s.batch * s.steps; k++) {
    const base = k * s.pixels;
    let err = 0;
    let norm = 0;
    for (let i = 0; i < s.pixels; i++) {
      const d = gt[base + i] - pred[base + i];
      err += d * d;
      norm += gt[base + i] * gt[base + i];
    }
    out[k] = norm > 0 ? err / norm : err > 0 ? Infinity : 0;
  }
  return out;
}

export interface VptResult {
  /** Valid steps of each sequence: the index of the first step whose relative error exceeds the threshold. */
  perSequence: Int32Array;
  /** Median over the batch (DM, Botev et al. 2021). */
  median: number;
  /** median / steps. */
  relative: number;
}

/**
 * Valid prediction time: first step t with e_t > threshold (0.025 in DM's benchmark). A sequence that never
 * crosses it gets the full length. Steps count from the first compared frame.
 */
export function validPredictionTime(
  gt: ArrayLike<number>,
  pred: ArrayLike<number>,
  s: SeqShape,
  threshold = 0.025,
): VptResult {
  const e = relativeErrors(gt, pred, s);
  const perSequence = new Int32Array(s.batch);
  for (let b = 0; b < s.batch; b++) {
    let t = 0;
    while (t < s.steps && e[b * s.steps + t] <= threshold) t++;
    perSequence[b] = t;
  }
  const med = median(Array.from(perSequence));
  return { perSequence, median: med, relative: s.steps > 0 ? med / s.steps : 0 };
}

/**
 * Relative drift of an energy along rollouts, energies laid out [batch, steps]: per step, the batch mean of
 * |H_t - H_0| / scale_b. scale 'self' uses |H_0| of each sequence; 'spread' uses the standard deviation of H_0
 * over the batch (a learned H has an arbitrary offset that can make 'self' look small for free).
 */
export function energyDrift(
  energies: ArrayLike<number>,
  batch: number,
  steps: number,
  scale: 'self' | 'spread' = 'self',
): { perStep: Float64Array; max: number; final: number } {
  if (energies.length !== batch * steps) throw new Error(`energies: expected ${batch * steps} values, got ${energies.length}`);
  const h0 = Array.from({ length: batch }, (_, b) => energies[b * steps]);
  const spread = std(h0);
  const perStep = new Float64Array(steps);
  for (let b = 0; b < batch; b++) {
    const denom = scale === 'self' ? Math.abs(h0[b]) : spread;
    for (let t = 0; t < steps; t++) {
      const d = Math.abs(energies[b * steps + t] - h0[b]);
      perStep[t] += (denom > 0 ? d / denom : d > 0 ? Infinity : 0) / batch;
    }
  }
  let max = 0;
  for (const x of perStep) max = Math.max(max, x);
  return { perStep, max, final: steps > 0 ? perStep[steps - 1] : 0 };
}

/** Per-pixel mean of every frame of a [count, length, pixels] set: the "has learned nothing" predictor. */
export function meanFrame(frames: ArrayLike<number>, frameCount: number, pixels: number, scale = 1): Float32Array {
  const acc = new Float64Array(pixels);
  for (let f = 0; f < frameCount; f++) {
    const base = f * pixels;
    for (let i = 0; i < pixels; i++) acc[i] += frames[base + i];
  }
  const out = new Float32Array(pixels);
  for (let i = 0; i < pixels; i++) out[i] = (acc[i] / frameCount) * scale;
  return out;
}

/** MSE of always predicting `mean` for every frame of `gt` ([batch, steps, pixels]). */
export function constantFrameMse(gt: ArrayLike<number>, mean: ArrayLike<number>, s: SeqShape): number {
  checkSize(gt, s, 'gt');
  let acc = 0;
  for (let k = 0; k < s.batch * s.steps; k++) {
    const base = k * s.pixels;
    for (let i = 0; i < s.pixels; i++) {
      const d = gt[base + i] - mean[i];
      acc += d * d;
    }
  }
  return acc / (s.batch * s.steps * s.pixels);
}

export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function mean(xs: ArrayLike<number>): number {
  let acc = 0;
  for (let i = 0; i < xs.length; i++) acc += xs[i];
  return xs.length ? acc / xs.length : NaN;
}

function std(xs: number[]): number {
  const m = mean(xs);
  return Math.sqrt(mean(xs.map((x) => (x - m) ** 2)));
}

function checkSize(a: ArrayLike<number>, s: SeqShape, what: string): void {
  const n = s.batch * s.steps * s.pixels;
  if (a.length !== n) throw new Error(`${what}: expected ${n} values ([${s.batch}, ${s.steps}, ${s.pixels}]), got ${a.length}`);
}
