import { describe, expect, it } from 'vitest';
import { initialMeanFrameWatch, MEAN_FRAME_EVALUATIONS, watchMeanFrame } from '../../../main/core/training/mean-frame-watch';

/** Feeds (test, floor) pairs and returns the notices given, by evaluation index. */
function notices(pairs: [number | undefined, number | undefined][]): [number, string][] {
  let w = initialMeanFrameWatch();
  const out: [number, string][] = [];
  pairs.forEach(([t, f], i) => {
    const r = watchMeanFrame(w, (i + 1) * 100, t, f);
    w = r.watch;
    if (r.notice) out.push([i, r.notice]);
  });
  return out;
}

describe('the mean-frame watch', () => {
  it('says once, at the third evaluation in a row at the floor, with the numbers and what to try', () => {
    const got = notices([[11.6, 11.5], [11.4, 11.5], [11.5, 11.5], [11.5, 11.5], [11.5, 11.5]]);
    expect(got).toHaveLength(1);
    expect(got[0][0]).toBe(MEAN_FRAME_EVALUATIONS - 1);
    expect(got[0][1]).toMatch(/^step 300: the test error \(11\.5\) has been at or above the mean frame's \(11\.5\) for 3 evaluations/);
    expect(got[0][1]).toContain('half the learning rate');
  });

  it('stays quiet for a model that leaves the floor, and counts again from zero after it', () => {
    expect(notices([[11.5, 11.5], [11.5, 11.5], [9.9, 11.5], [11.5, 11.5], [11.5, 11.5]])).toEqual([]);
    expect(notices([[8, 11.5], [6, 11.5], [5, 11.5], [4, 11.5]])).toEqual([]);
  });

  it('ignores runs without a floor (no test data) and non-finite errors', () => {
    expect(notices([[11.5, undefined], [11.5, undefined], [11.5, undefined], [11.5, undefined]])).toEqual([]);
    expect(notices([[NaN, 11.5], [NaN, 11.5], [NaN, 11.5], [Infinity, 11.5]])).toEqual([]);
  });

  it('a dead model above the floor (all black: 12.1 against 11.5) is told too', () => {
    expect(notices([[12.1, 11.5], [12.1, 11.5], [12.1, 11.5]]).map(([i]) => i)).toEqual([2]);
  });
});
