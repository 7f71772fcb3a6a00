// Issue 7's wizard: steps back and forth without losing input, invalid values explained in place (Next and
// Launch disabled), a measured estimate on review, and the launched run in the dashboard with its curve.
import { test, expect, paintedPixels } from './fixtures';

test('the wizard refuses bad values in place, keeps input across steps, and launches a run onto the dashboard', async ({ page, server }, testInfo) => {
  test.setTimeout(420_000);
  await page.goto(server.url);
  await page.getByTestId('nav-wizard').click();
  // The preview renders 4 x 60 frames server-side: give it room when the other e2e worker is training.
  await expect(page.getByTestId('preview-frame')).toHaveCount(4, { timeout: 120_000 });
  await page.getByTestId('wizard-next').click();

  await page.getByTestId('wizard-train').fill('0');
  await expect(page.getByTestId('wizard-error-train')).toContainText('At least one batch');
  await expect(page.getByTestId('wizard-next')).toBeDisabled();
  await page.getByTestId('wizard-train').fill('64');
  await page.getByTestId('wizard-test').fill('8');
  await expect(page.getByTestId('wizard-error-train')).toHaveCount(0);
  await page.getByTestId('wizard-next').click();

  // Every hyperparameter is offered with its published value; a changed one can be reset to the preset's.
  await expect(page.getByTestId('hp-learningRate')).toContainText('Paper: 1.5e-4.');
  await page.getByTestId('hp-input-encoderFrames').fill('0');
  await expect(page.getByTestId('hp-error-encoderFrames')).toHaveText('An integer from 1 to 30.');
  await expect(page.getByTestId('wizard-next')).toBeDisabled();
  await page.getByTestId('hp-reset-encoderFrames').click();
  await expect(page.getByTestId('hp-input-encoderFrames')).toHaveValue('5');
  await page.getByTestId('wizard-advanced').click();
  await page.getByTestId('hp-input-decoderFilters').fill('32, x');
  await expect(page.getByTestId('hp-error-decoderFilters')).toContainText('is not');
  await page.getByTestId('hp-input-decoderFilters').fill('32, 16, 16');
  await expect(page.getByTestId('hp-error-decoderFilters')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('wizard-model.png'), fullPage: true });
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
  // An HGN's step grows with its rollout curriculum: the estimate gives the first and the full length's step.
  await expect(page.getByTestId('wizard-estimate')).toContainText(/ms per step.*\(measured\)/, { timeout: 240_000 });
  await page.screenshot({ path: testInfo.outputPath('wizard-review.png'), fullPage: true });
  await page.getByTestId('wizard-launch').click();

  const row = page.locator('[data-testid^="job-"]', { hasText: 'wizard run' }).first();
  await expect(row).toBeVisible();
  // The timing probe was the wizard's own: it is not among the user's runs.
  await expect(page.getByTestId('job-label').filter({ hasText: 'timing estimate' })).toHaveCount(0);
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

test('the wizard trains the other families too: an HNN run from the model step to its finished curve', async ({ page, server }, testInfo) => {
  test.setTimeout(300_000);
  await page.goto(server.url);
  await page.getByTestId('nav-wizard').click();
  await page.getByTestId('wizard-family').selectOption('hnn');
  await expect(page.getByTestId('wizard-hnn-system')).toContainText('mass-spring');
  await page.getByTestId('wizard-next').click();
  await page.getByTestId('wizard-hnn-train').fill('10');
  await page.getByTestId('wizard-next').click();
  // The model step lists this family's settings; the HGN's are gone but kept for later.
  await expect(page.getByTestId('hp-encoderFrames')).toHaveCount(0);
  await page.getByTestId('hp-input-hidden').fill('-3');
  await expect(page.getByTestId('hp-error-hidden')).toContainText('An integer from 1 to 2048.');
  await expect(page.getByTestId('wizard-next')).toBeDisabled();
  await page.getByTestId('hp-input-hidden').fill('64');
  await page.getByTestId('wizard-next').click();
  await page.getByTestId('wizard-steps').fill('300');
  await page.getByTestId('wizard-checkpoint').fill('50');
  await page.getByTestId('wizard-label').fill('wizard hnn');
  await page.getByTestId('wizard-next').click();
  await expect(page.getByTestId('wizard-summary')).toContainText('Hidden units 64');
  await page.getByTestId('wizard-estimate-run').click();
  await expect(page.getByTestId('wizard-estimate')).toContainText('ms per step (measured)', { timeout: 120_000 });
  await page.getByTestId('wizard-launch').click();

  const row = page.locator('[data-testid^="job-"]', { hasText: 'wizard hnn' }).first();
  await expect(row.getByTestId('job-status')).toHaveText('completed', { timeout: 180_000 });
  await row.getByTestId('job-label').click();
  await expect.poll(() => paintedPixels(page, 'loss-chart'), { timeout: 30_000 }).toBeGreaterThan(3000);
  await page.screenshot({ path: testInfo.outputPath('wizard-hnn-dashboard.png'), fullPage: true });
});

test("picking three bodies brings their recipe (the wide preset on 8,000 sequences); a changed preset is offered it back", async ({ page, server }, testInfo) => {
  await page.goto(server.url);
  await page.getByTestId('nav-wizard').click();
  await page.getByTestId('system-select').selectOption('three-body');
  await page.getByTestId('wizard-next').click();
  await expect(page.getByTestId('wizard-train')).toHaveValue('8000');
  await page.getByTestId('wizard-next').click();
  await expect(page.getByTestId('wizard-preset')).toHaveValue('laptop-wide');
  await expect(page.getByTestId('wizard-preset-note')).toContainText('for three bodies');
  await expect(page.getByTestId('wizard-recipe-hint')).toHaveCount(0);
  await page.getByTestId('wizard-advanced').click();
  await expect(page.getByTestId('hp-input-hamiltonianFilters')).toHaveValue('32, 64, 64, 64');
  // Back to the small preset: the step says what the table used, and one click restores it.
  await page.getByTestId('wizard-preset').selectOption('laptop');
  await expect(page.getByTestId('hp-input-hamiltonianFilters')).toHaveValue('16, 32, 32, 32');
  await expect(page.getByTestId('wizard-recipe-hint')).toContainText("'laptop-wide' on 8,000 training sequences");
  await page.screenshot({ path: testInfo.outputPath('wizard-three-body-recipe.png'), fullPage: true });
  await page.getByTestId('wizard-use-recipe').click();
  await expect(page.getByTestId('wizard-preset')).toHaveValue('laptop-wide');
  await expect(page.getByTestId('wizard-recipe-hint')).toHaveCount(0);
  await page.getByTestId('wizard-step-3').click();
  await page.getByTestId('wizard-next').click();
  await expect(page.getByTestId('wizard-summary')).toContainText('8000 + 200 sequences');
});
