// Issue 7's wizard: steps back and forth without losing input, invalid values explained in place (Next and
// Launch disabled), a measured estimate on review, and the launched run in the dashboard with its curve.
import { test, expect, paintedPixels } from './fixtures';

test('the wizard refuses bad values in place, keeps input across steps, and launches a run onto the dashboard', async ({ page, server }, testInfo) => {
  test.setTimeout(420_000);
  await page.goto(server.url);
  await page.getByTestId('nav-wizard').click();
  await expect(page.getByTestId('preview-frame')).toHaveCount(4);
  await page.getByTestId('wizard-next').click();

  await page.getByTestId('wizard-train').fill('0');
  await expect(page.getByTestId('wizard-error-train')).toContainText('At least one batch');
  await expect(page.getByTestId('wizard-next')).toBeDisabled();
  await page.getByTestId('wizard-train').fill('64');
  await page.getByTestId('wizard-test').fill('8');
  await expect(page.getByTestId('wizard-error-train')).toHaveCount(0);
  await page.getByTestId('wizard-next').click();

  await page.getByTestId('wizard-encoderFrames').fill('0');
  await expect(page.getByTestId('wizard-error-encoderFrames')).toHaveText('An integer from 1 to 30 frames.');
  await expect(page.getByTestId('wizard-next')).toBeDisabled();
  await page.getByTestId('wizard-encoderFrames').fill('5');
  await page.getByTestId('wizard-next').click();

  await page.getByTestId('wizard-steps').fill('24');
  await page.getByTestId('wizard-checkpoint').fill('8');
  await page.getByTestId('wizard-label').fill('wizard run');
  // Back to the dataset step and forth again: nothing typed is lost.
  await page.getByTestId('wizard-step-1').click();
  await expect(page.getByTestId('wizard-train')).toHaveValue('64');
  await page.getByTestId('wizard-step-3').click();
  await expect(page.getByTestId('wizard-steps')).toHaveValue('24');
  await page.getByTestId('wizard-next').click();

  await expect(page.getByTestId('wizard-summary')).toContainText('64 + 8 sequences');
  await page.getByTestId('wizard-estimate-run').click();
  await expect(page.getByTestId('wizard-estimate')).toContainText('ms per step (measured)', { timeout: 240_000 });
  await page.screenshot({ path: testInfo.outputPath('wizard-review.png'), fullPage: true });
  await page.getByTestId('wizard-launch').click();

  const row = page.locator('[data-testid^="job-"]', { hasText: 'wizard run' }).first();
  await expect(row).toBeVisible();
  await expect(row.getByTestId('job-status')).toHaveText(/running|completed/, { timeout: 120_000 });
  await row.getByTestId('job-label').click();
  // The curve is there: the summary has points of the reconstruction loss, and the first series' blue is drawn.
  const recon = page.locator('[data-testid="series-summary"] tr[data-series="recon_e4"]');
  await expect.poll(async () => Number(await recon.getAttribute('data-points')), { timeout: 240_000 }).toBeGreaterThanOrEqual(2);
  await expect.poll(() => paintedPixels(page, 'loss-chart')).toBeGreaterThan(3000);
  const blue = await page.getByTestId('loss-chart').evaluate((host) => {
    const canvas = host.querySelector('canvas')!;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i] - 0x54) < 40 && Math.abs(data[i + 1] - 0x70) < 40 && Math.abs(data[i + 2] - 0xc6) < 40) n++;
    return n;
  });
  expect(blue).toBeGreaterThan(100);
  await page.screenshot({ path: testInfo.outputPath('wizard-dashboard.png'), fullPage: true });
});
