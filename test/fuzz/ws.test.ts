// 10,000 hostile WebSocket frames and messages at a browser-mode server in its own process, a job running beside.
import { describe, expect, it } from 'vitest';
import { CI_CASES, CI_SEED } from './cases';
import { fuzzWs } from './surfaces/ws';

describe('fuzzing browser mode over WebSocket', () => {
  it(`${CI_CASES.ws} frames and messages: one clear error per message, a bad frame closes only its connection`, async () => {
    const report = await fuzzWs({ cases: CI_CASES.ws, seed: CI_SEED });
    expect(report.examples).toEqual([]);
    expect(report).toMatchObject({ cases: CI_CASES.ws, crashes: 0 });
    expect(report.outcomes.ContractError).toBeGreaterThan(CI_CASES.ws * 0.4);
    expect(report.outcomes['raw frames']).toBe(CI_CASES.ws / 2);
  }, 600_000);
});
