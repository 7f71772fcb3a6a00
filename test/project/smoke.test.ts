import { test } from 'vitest';
import { sampleProject, expectProjectsEqual } from './fixtures';
import { projectToBuffer, readProject } from '../../main/project';
test('smoke', async () => {
  const p = sampleProject(1);
  const buf = await projectToBuffer(p, { appVersion: '0.1.0' });
  console.log('bytes', buf.length);
  const q = await readProject(buf);
  expectProjectsEqual(p, q);
  const t0 = performance.now();
  for (let i = 0; i < 100; i++) await readProject(buf);
  console.log('ms per open', (performance.now() - t0) / 100);
});
