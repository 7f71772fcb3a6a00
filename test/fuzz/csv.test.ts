// 10,000 CSV point files, half of them damaged, through what a flow job does with them.
import { describe, expect, it } from 'vitest';
import { CI_CASES, CI_SEED } from './cases';
import { fuzzCsv } from './surfaces/csv';

describe('fuzzing CSV point files', () => {
  it(`${CI_CASES.csv} files: each read back exactly or refused with a clear CsvError`, async () => {
    const report = await fuzzCsv({ cases: CI_CASES.csv, seed: CI_SEED });
    expect(report.examples).toEqual([]);
    expect(report).toMatchObject({ cases: CI_CASES.csv, crashes: 0 });
    expect(report.outcomes.parsed).toBeGreaterThan(CI_CASES.csv * 0.3);
    expect(report.outcomes.refused).toBeGreaterThan(CI_CASES.csv * 0.3);
  });
});
