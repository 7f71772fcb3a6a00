// Over 10,000 seeded hostile project files (byte and structural mutations of valid files, deflate bombs), some
// opened from disk by a session with a project open. Moved here from test/project/fuzz.test.ts, with the bombs
// and the session added; the mutations are the same.
import { describe, expect, it } from 'vitest';
import { craftZip, json } from '../project/zip-craft';
import { CI_CASES, CI_SEED } from './cases';
import { check, fuzzProjects } from './surfaces/project';

describe('fuzzing project files', () => {
  it(`${CI_CASES.project} hostile files: each opens as the original or is refused clearly; nothing written, nothing lost`, async () => {
    const report = await fuzzProjects({ cases: CI_CASES.project, seed: CI_SEED });
    expect(report.examples).toEqual([]);
    expect(report).toMatchObject({ cases: CI_CASES.project, crashes: 0 });
    const o = report.outcomes;
    // Most byte mutations are caught; a few hit bytes that carry no meaning and open as the original.
    expect(o['byte:opened'] ?? 0).toBeLessThan(CI_CASES.project * 0.1);
    expect(o['structure:schema']).toBeGreaterThan(100);
    expect(o['structure:unsafe-path']).toBeGreaterThan(10);
    expect((o['bomb:zip-bomb'] ?? 0) + (o['bomb:too-large'] ?? 0)).toBeGreaterThan(100);
  }, 600_000);

  it('hand-crafted extremes', async () => {
    const cases: Buffer[] = [
      Buffer.alloc(22), // an end record alone, claiming nothing
      craftZip([]),
      craftZip(Array.from({ length: 2000 }, (_, i) => ({ name: `runs/r${i}.json`, data: json({}) }))),
      Buffer.concat([Buffer.from('PK\u0005\u0006'), Buffer.alloc(18, 0xff)]),
      Buffer.from('PK\u0003\u0004' + 'A'.repeat(100)),
    ];
    for (const [i, c] of cases.entries()) expect(await check(c, `extreme ${i}`, null)).not.toBe('opened');
  });
});
