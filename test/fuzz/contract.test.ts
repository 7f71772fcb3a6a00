// 10,000 schema-fuzzed payloads over every contract channel, through the one validated door.
import { describe, expect, it } from 'vitest';
import { CI_CASES, CI_SEED } from './cases';
import { fuzzContract } from './surfaces/contract';

describe('fuzzing the contract', () => {
  it(`${CI_CASES.contract} payloads: every invalid one refused clearly before any handler, every valid one handled once`, async () => {
    const report = await fuzzContract({ cases: CI_CASES.contract, seed: CI_SEED });
    expect(report.examples).toEqual([]);
    expect(report).toMatchObject({ cases: CI_CASES.contract, crashes: 0 });
    expect(report.outcomes.refused).toBeGreaterThan(CI_CASES.contract * 0.7);
    expect(report.outcomes['unknown channel']).toBeGreaterThan(100);
  });
});
