// Says once when a pixel model's test error has sat at (or above) the mean frame's for several evaluations in a row:
// the model draws the average frame (on three bodies, the dark background with no body) or worse, and the curve
// alone does not say why.
// Pure: the runner feeds it each evaluation and logs what it returns.

export interface MeanFrameWatch {
  /** Evaluations in a row at the mean frame so far. */
  run: number;
  /** Whether the notice was given (it is given once per run). */
  told: boolean;
}

/** Evaluations in a row at the floor before the notice; "at" = above it or less than this fraction below it. */
export const MEAN_FRAME_EVALUATIONS = 3;
export const MEAN_FRAME_TOLERANCE = 0.03;

export const initialMeanFrameWatch = (): MeanFrameWatch => ({ run: 0, told: false });

/**
 * The watch after one evaluation, and the notice to give now (null for none). A missing or non-finite value
 * (no mean frame: a run without test data) resets the count.
 */
export function watchMeanFrame(w: MeanFrameWatch, step: number, testMse: number | undefined, meanFrameMse: number | undefined): { watch: MeanFrameWatch; notice: string | null } {
  const at = testMse !== undefined && meanFrameMse !== undefined && Number.isFinite(testMse) && meanFrameMse > 0 && testMse >= (1 - MEAN_FRAME_TOLERANCE) * meanFrameMse;
  const run = at ? w.run + 1 : 0;
  if (w.told || run < MEAN_FRAME_EVALUATIONS) return { watch: { run, told: w.told }, notice: null };
  const notice =
    `step ${step}: the test error (${testMse!.toPrecision(3)}) has been at or above the mean frame's (${meanFrameMse!.toPrecision(3)}) for ${run} evaluations: ` +
    'the model draws the average frame (or worse), not the system. Training may still leave it; if it does not, a run with half the learning rate or another weights seed usually does.';
  return { watch: { run, told: true }, notice };
}
