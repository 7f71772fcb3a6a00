// Issue 21 in the app: a sweep built from the wizard's review step ("Sweep...": the configured HNN, a learning-rate
// axis and two seeds) runs locally two at a time (never more, and two at once at some point: every job update
// is watched over the WebSocket), its runs are grouped in the Runs page, and the sweep view draws its parallel
// coordinates (pixels checked) with the best run of each metric one click from its curves. Saved as a project and
// opened in another app instance, the sweep and its view come back.
import { decodeMessage, type ServerMessage } from '../../preload/wire';
import type { JobInfo } from '../../preload/contract';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, paintedPixels, startServe, saveProjectAs, openProject, wizardHnnToReview } from './fixtures';
import { openSocket } from './ws-client';

test('a sweep from the wizard runs two at a time and the sweep view draws', async ({ page, server }, testInfo) => {
  test.setTimeout(420_000);
  // Every job update the server sends: how many sweep runs are running at once.
  const ws = await openSocket(server.origin, server.token);
  const states = new Map<string, JobInfo['status']>();
  let peak = 0;
  ws.on('message', (data: Buffer) => {
    const msg = decodeMessage(data) as ServerMessage;
    if (msg.t !== 'evt' || msg.ev !== 'jobs:update') return;
    const info = msg.p as JobInfo;
    if (!info.sweep) return;
    states.set(info.id, info.status);
    peak = Math.max(peak, [...states.values()].filter((s) => s === 'running' || s === 'starting').length);
  });

  await page.goto(server.url);
  await wizardHnnToReview(page, { steps: 300, checkpoint: 25, label: 'e2e' });
  await page.getByTestId('wizard-estimate-run').click();
  await expect(page.getByTestId('wizard-estimate')).toContainText('ms per step (measured)', { timeout: 120_000 });

  await page.getByTestId('sweep-open').click();
  const axis = page.getByTestId('sweep-axis-0');
  await axis.getByTestId('sweep-axis-field').selectOption('learningRate');
  await axis.getByTestId('sweep-axis-values').fill('1e-3, 5');
  await expect(page.getByTestId('sweep-builder')).toContainText('"5"');
  await expect(page.getByTestId('sweep-start')).toBeDisabled();
  await axis.getByTestId('sweep-axis-values').fill('1e-3, 3e-3');
  await page.getByTestId('sweep-add-seeds').click();
  await page.getByTestId('sweep-axis-1').getByTestId('sweep-axis-values').fill('0, 1');
  await page.getByTestId('sweep-name-input').fill("lr x seed; a'; rm -rf ~");
  // The count, and the time from Measure for 4 runs of 300 steps, two at a time.
  await expect(page.getByTestId('sweep-count')).toContainText(/4 runs, about \d+ (s|min) in all/);
  await expect(page.getByTestId('sweep-parallel')).toHaveValue('2');
  await page.screenshot({ path: testInfo.outputPath('sweep-builder.png'), fullPage: true });
  await page.getByTestId('sweep-start').click();

  await expect(page.getByTestId('sweep-view')).toBeVisible();
  await expect(page.getByTestId('sweep-name')).toHaveText("lr x seed; a'; rm -rf ~");
  await expect(page.getByTestId('sweep-counts')).toHaveText('4 done', { timeout: 300_000 });
  console.log(`peak ${peak}, states ${JSON.stringify([...states])}`);
  expect(peak).toBe(2);
  expect(states.size).toBe(4);

  // The parallel coordinates draw: axes, labels and four lines.
  await expect.poll(() => paintedPixels(page, 'sweep-parallel'), { timeout: 30_000 }).toBeGreaterThan(4000);
  await expect(page.getByTestId('sweep-table').locator('tbody tr')).toHaveCount(4);
  await expect(page.getByTestId('sweep-row-state')).toHaveText(['done', 'done', 'done', 'done']);
  await page.screenshot({ path: testInfo.outputPath('sweep-view.png'), fullPage: true });

  // Best energy MSE (lower is better): one click opens that run's curves in the Runs page.
  const best = page.getByTestId('sweep-best-energy_mse');
  await expect(best).toContainText('↓');
  const title = await best.getAttribute('title');
  await best.click();
  await expect(page.getByTestId('loss-chart')).toBeVisible();
  await expect(page.locator('.job-row.selected [data-testid="job-label"]')).toHaveText(title!);
  await expect.poll(() => paintedPixels(page, 'loss-chart'), { timeout: 30_000 }).toBeGreaterThan(3000);
  // The Runs page groups the sweep's runs under it, with their states.
  await expect(page.locator('[data-testid^="sweep-group-"] [data-testid="sweep-group-counts"]')).toHaveText('4 done');
  await expect(page.locator('[data-testid^="sweep-group-"] .job-row')).toHaveCount(4);
  await page.screenshot({ path: testInfo.outputPath('sweep-runs.png'), fullPage: true });
  ws.close();

  // Saved, and opened in another app instance: the runs come back with their sweep, and the sweep view draws again.
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hs-e2e-sweep-')), 'lr sweep.hsproj');
  await saveProjectAs(page, file);
  const other = await startServe();
  try {
    await page.goto(other.url);
    await openProject(page, file);
    await expect(page.locator('[data-testid^="sweep-group-"] .job-row')).toHaveCount(4);
    await page.getByTestId('nav-sweeps').click();
    await expect(page.getByTestId('sweep-name')).toHaveText("lr x seed; a'; rm -rf ~");
    await expect(page.getByTestId('sweep-view')).toContainText('from the project');
    await expect(page.getByTestId('sweep-counts')).toHaveText('4 done');
    await expect.poll(() => paintedPixels(page, 'sweep-parallel'), { timeout: 30_000 }).toBeGreaterThan(4000);
    await expect(page.getByTestId('sweep-best-energy_mse')).toHaveAttribute('title', title!);
    await page.screenshot({ path: testInfo.outputPath('sweep-reopened.png'), fullPage: true });
  } finally {
    other.proc.kill('SIGTERM');
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
});
