import { describe, expect, it } from 'vitest';
import { curriculumFrames, curriculumUpdate, initialCurriculum } from '../../../main/core/models/hgn/curriculum';
import { tinyConfig } from './tiny';

describe('rollout curriculum', () => {
  it('none: always the full length', () => {
    const c = tinyConfig({ rolloutFrames: 10 });
    expect(curriculumFrames(c, initialCurriculum(c), 0)).toBe(10);
  });

  it('linear: grows from its start to the full length over curriculumSteps', () => {
    const c = tinyConfig({ rolloutFrames: 10, curriculum: 'linear', curriculumSteps: 100, curriculumStartFrames: 2 });
    const s = initialCurriculum(c);
    expect([0, 50, 100, 1000].map((step) => curriculumFrames(c, s, step))).toEqual([2, 6, 10, 10]);
  });

  it('adaptive: adds a frame only once the moving-average error is under the threshold, spaced out', () => {
    const c = tinyConfig({ rolloutFrames: 5, curriculum: 'adaptive', curriculumSteps: 3, curriculumStartFrames: 2, curriculumThreshold: 0.01 });
    let s = initialCurriculum(c);
    expect(curriculumFrames(c, s, 0)).toBe(2);
    for (let step = 1; step <= 10; step++) s = curriculumUpdate(c, s, step, 0.05); // error too high
    expect(s.frames).toBe(2);
    const grownAt: number[] = [];
    for (let step = 11; step <= 40; step++) {
      const before = s.frames;
      // the average falls slowly from 0.05: growth waits for it
      s = curriculumUpdate(c, s, step, 0.001);
      if (s.frames > before) grownAt.push(step);
    }
    expect(s.frames).toBe(5);
    expect(grownAt).toHaveLength(3);
    for (let i = 1; i < grownAt.length; i++) expect(grownAt[i] - grownAt[i - 1]).toBeGreaterThanOrEqual(3);
    expect(grownAt[0]).toBeGreaterThan(20); // the EMA of 0.05 needs many good steps to fall under 0.01
  });
});
