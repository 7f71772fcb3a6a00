// 10,000 malformed HTTP requests at a browser-mode server in its own process, a job running beside them.
import { describe, expect, it } from 'vitest';
import { CI_CASES, CI_SEED } from './cases';
import { fuzzHttp } from './surfaces/http';

describe('fuzzing browser mode over HTTP', () => {
  it(`${CI_CASES.http} malformed requests: each answered (never 5xx) or closed, the server and its job undisturbed`, async () => {
    const report = await fuzzHttp({ cases: CI_CASES.http, seed: CI_SEED });
    expect(report.examples).toEqual([]);
    expect(report).toMatchObject({ cases: CI_CASES.http, crashes: 0 });
    // The cases reach every part of the server: the parser's refusals, the static files, the method check.
    for (const status of ['400', '404', '405']) expect(report.outcomes[status]).toBeGreaterThan(10);
  }, 600_000);
});
