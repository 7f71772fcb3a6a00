// Issue 3's end-to-end path: start an HNN job from the UI, watch its curve grow, cancel it; a failing job
// beside a healthy one fails alone with its message shown.
import { test, expect, launchHnn } from './fixtures';
import type { Page } from '@playwright/test';
import { openSocket, request } from './ws-client';

/** Pixels close to echarts' first palette colour (#5470c6): the first curve's line. */
async function curvePixels(page: Page): Promise<number> {
  return page.getByTestId('loss-chart').evaluate((host) => {
    const canvas = host.querySelector('canvas')!;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i] - 0x54) < 40 && Math.abs(data[i + 1] - 0x70) < 40 && Math.abs(data[i + 2] - 0xc6) < 40) n++;
    }
    return n;
  });
}

test('trains an HNN from the UI, draws the live curve, and cancels it', async ({ page, server }, testInfo) => {
  await page.goto(server.url);
  await expect(page.getByTestId('auto-backend')).toContainText(process.env.HS_REQUIRE_NATIVE === '1' ? 'wasm + oneDNN' : 'wasm');
  await launchHnn(page, 50_000, 'hnn first run');
  // Rows by label: other spec files share this server and its job numbering.
  const row = page.locator('[data-testid^="job-"]', { hasText: 'hnn first run' }).first();
  const second = page.locator('[data-testid^="job-"]', { hasText: 'hnn second run' }).first();
  await expect(row.getByTestId('job-status')).toHaveText('running');
  await expect(row.getByTestId('job-backend')).toHaveText('wasm');

  // A second job runs beside the first.
  await launchHnn(page, 50_000, 'hnn second run');
  await expect(second.getByTestId('job-status')).toHaveText('running');
  await expect(row.getByTestId('job-status')).toHaveText('running');

  await row.getByTestId('job-label').click();
  const trainRow = page.locator('[data-testid="series-summary"] tr[data-series="train_loss"]');
  await expect.poll(async () => Number(await trainRow.getAttribute('data-points')), { timeout: 60_000 }).toBeGreaterThanOrEqual(20);
  await expect(row.getByTestId('job-speed')).not.toHaveText('0.0 steps/s');
  await expect.poll(() => curvePixels(page)).toBeGreaterThan(150);
  const first = Number(await trainRow.getAttribute('data-first'));
  const last = Number(await trainRow.getAttribute('data-last'));
  expect(last).toBeLessThan(first);
  await page.screenshot({ path: testInfo.outputPath('hnn-training.png') });

  await row.getByTestId('job-cancel').click();
  await expect(row.getByTestId('job-status')).toHaveText('cancelled');
  await second.getByTestId('job-cancel').click();
  await expect(second.getByTestId('job-status')).toHaveText('cancelled');
});

test('a throwing job fails alone, with its message shown, while another completes', async ({ page, server }) => {
  await page.goto(server.url);
  await expect(page.getByTestId('auto-backend')).toBeVisible();
  const ws = await openSocket(server.origin, server.token);
  const base = { kind: 'hnn', model: 'hnn', hidden: 16, learningRate: 1e-3, steps: 60, seed: 0, trainTrajectories: 5, testTrajectories: 5, noise: 0.1, evalEvery: 10, rolloutTime: 1 };
  const bad = await request(ws, 'jobs:start', { config: { ...base, fault: 'throw' }, label: 'faulty' });
  const good = await request(ws, 'jobs:start', { config: base, label: 'healthy' });
  expect(bad.ok && good.ok).toBe(true);
  const badRow = page.locator('[data-testid^="job-"]', { hasText: 'faulty' }).first();
  const goodRow = page.locator('[data-testid^="job-"]', { hasText: 'healthy' }).first();
  await expect(badRow.getByTestId('job-status')).toHaveText('failed');
  await expect(badRow.getByTestId('job-error')).toHaveText('Deliberate fault (fault hook) at step 3');
  await expect(goodRow.getByTestId('job-status')).toHaveText('completed', { timeout: 90_000 });
  await expect(goodRow.getByTestId('job-result')).toContainText('energy MSE');
  ws.close();
});
