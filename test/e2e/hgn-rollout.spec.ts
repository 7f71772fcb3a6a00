// Issues 5 and 7 from the user's side: an HGN launched from the UI (a bad value refused in place first), its
// curves, and the rollout viewer driven by the keyboard: frames change, the MSE cursor follows, and reverse
// playback shows the forward frames in reverse order.
import { test, expect, paintedPixels } from './fixtures';
import type { Page } from '@playwright/test';

function digest(page: Page, testId: string): Promise<string> {
  return page.getByTestId(testId).evaluate((c) => {
    type Canvas2d = { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
    const canvas = (c.tagName === 'CANVAS' ? c : c.querySelector('canvas')) as unknown as Canvas2d;
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let h = 0;
    for (let i = 0; i < data.length; i++) h = (h * 31 + data[i]) | 0;
    return String(h);
  });
}

test('an HGN run from the UI shows its curves and a rollout that the keyboard scrubs', async ({ page, server }, testInfo) => {
  test.setTimeout(420_000);
  await page.goto(server.url);
  await page.getByTestId('nav-new-run').click();
  await page.getByTestId('family-hgn').click();
  await page.getByTestId('hgn-encoderFrames').fill('0');
  await expect(page.getByTestId('hgn-error-encoderFrames')).toHaveText('An integer from 1 to 30.');
  await expect(page.getByTestId('hgn-launch')).toBeDisabled();
  await page.getByTestId('hgn-encoderFrames').fill('5');
  await expect(page.getByTestId('hgn-launch')).toBeEnabled();
  await page.getByTestId('hgn-train').fill('64');
  await page.getByTestId('hgn-test').fill('16');
  await page.getByTestId('hgn-steps').fill('30');
  await page.getByTestId('hgn-evalEvery').fill('15');
  await page.getByTestId('hgn-label').fill('pendulum hgn');
  await page.getByTestId('hgn-launch').click();

  const row = page.locator('[data-testid^="job-"]', { hasText: 'pendulum hgn' }).first();
  await expect(row.getByTestId('job-status')).toHaveText('completed', { timeout: 360_000 });
  await row.getByTestId('job-label').click();
  await expect.poll(() => paintedPixels(page, 'loss-chart')).toBeGreaterThan(3000);
  const viewer = page.getByTestId('rollout-viewer');
  await expect(page.getByTestId('frame-prediction')).toBeVisible();

  await viewer.focus();
  await page.keyboard.press('Home');
  await expect(page.getByTestId('rollout-time')).toHaveAttribute('data-frame', '0');
  const frame0 = await digest(page, 'frame-prediction');
  const cursor0 = await page.getByTestId('mse-cursor').evaluate((el) => el.getBoundingClientRect().left);
  for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('rollout-time')).toHaveAttribute('data-frame', '6');
  await expect.poll(() => digest(page, 'frame-prediction')).not.toBe(frame0);
  await expect.poll(() => page.getByTestId('mse-cursor').evaluate((el) => el.getBoundingClientRect().left)).toBeGreaterThan(cursor0);
  await page.screenshot({ path: testInfo.outputPath('rollout.png'), fullPage: true });

  // A speed-changed rollout (dt x2) shows other frames at the same position.
  const atSix = await digest(page, 'frame-prediction');
  await page.getByTestId('rollout-speed').selectOption('2');
  await expect.poll(() => digest(page, 'frame-prediction')).not.toBe(atSix);
  await page.getByTestId('rollout-speed').selectOption('1');
  await expect.poll(() => digest(page, 'frame-prediction')).toBe(atSix);
  await viewer.focus();

  // Forward frames at the end, then the reversed view from its start: the same frames in reverse order.
  await page.keyboard.press('End');
  const last = await digest(page, 'frame-prediction');
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  const second = await digest(page, 'frame-prediction');
  await page.getByTestId('rollout-direction').selectOption('reverse');
  await viewer.focus();
  await page.keyboard.press('Home');
  await expect.poll(() => digest(page, 'frame-prediction')).toBe(last);
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft');
  await expect.poll(() => digest(page, 'frame-prediction')).toBe(second);
});
