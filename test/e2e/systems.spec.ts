// Issue 4 from the user's side: preview each HGN system (animated frames, phase portrait), then generate a
// dataset with progress and find it in the cache list.
import { test, expect, paintedPixels, webglPixels } from './fixtures';
import type { Page } from '@playwright/test';

/** A digest of the first preview canvas's pixels. */
function frameDigest(page: Page): Promise<string> {
  return page.getByTestId('preview-frame').first().evaluate((c) => {
    type Canvas2d = { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
    const canvas = c as unknown as Canvas2d;
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let h = 0;
    for (let i = 0; i < data.length; i++) h = (h * 31 + data[i]) | 0;
    return String(h);
  });
}

for (const system of ['mass-spring', 'pendulum', 'two-body', 'three-body']) {
  test(`previews ${system}: the animation moves and the phase portrait is drawn`, async ({ page, server }, testInfo) => {
    await page.goto(server.url);
    await page.getByTestId('nav-data').click();
    await page.getByTestId('system-select').selectOption(system);
    await expect(page.getByTestId('preview-frame')).toHaveCount(4);
    const seen = new Set<string>();
    await expect.poll(async () => {
      seen.add(await frameDigest(page));
      return seen.size;
    }).toBeGreaterThanOrEqual(3);
    await expect.poll(() => paintedPixels(page, 'phase-portrait')).toBeGreaterThan(2000);
    await page.screenshot({ path: testInfo.outputPath(`${system}.png`) });
  });
}

test('rejects an out-of-range parameter in place, then generates a dataset with progress', async ({ page, server }) => {
  await page.goto(server.url);
  await page.getByTestId('nav-data').click();
  await page.getByTestId('system-select').selectOption('mass-spring');
  await page.getByTestId('param-k').fill('-3');
  // In the field's words: its range, not the schema's text.
  await expect(page.getByTestId('param-error-k')).toHaveText('A number from 0.05 to 20.');
  await page.getByTestId('param-k').fill('2');
  await expect(page.getByTestId('param-error-k')).toHaveCount(0);
  await page.getByTestId('dataset-train').fill('3000');
  await page.getByTestId('dataset-test').fill('500');
  await page.getByTestId('dataset-generate').click();
  await expect(page.getByTestId('dataset-progress')).toBeVisible();
  await expect(page.getByTestId('dataset-progress')).toHaveCount(0, { timeout: 120_000 });
  await expect(page.getByTestId('dataset-list')).toContainText('3000 + 500');
  // The same spec again is reused, not regenerated.
  await page.getByTestId('dataset-generate').click();
  await expect(page.getByTestId('toast').filter({ hasText: 'reused' })).toBeVisible();
});

test('the three.js view draws the three bodies\' paths and its highlighted points follow the scrubber', async ({ page, server }, testInfo) => {
  await page.goto(server.url);
  await page.getByTestId('nav-data').click();
  await page.getByTestId('system-select').selectOption('three-body');
  await expect(page.getByTestId('bodies-3d')).toBeVisible();
  await page.getByTestId('preview-play').click();
  const scrubber = page.getByTestId('preview-scrubber');
  await scrubber.fill('0');
  await expect.poll(async () => (await webglPixels(page, 'bodies-3d')).painted).toBeGreaterThan(500);
  const before = await webglPixels(page, 'bodies-3d');
  await scrubber.fill('40');
  await expect.poll(async () => (await webglPixels(page, 'bodies-3d')).digest).not.toBe(before.digest);
  await page.screenshot({ path: testInfo.outputPath('three-body-3d.png'), fullPage: true });
});
