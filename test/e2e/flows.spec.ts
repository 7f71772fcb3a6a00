// Issue 6 from the user's side: train a Hamiltonian flow on 8 gaussians and see the learned density heatmap,
// the target, the energies and the log-likelihood curve drawn.
import { test, expect, paintedPixels } from './fixtures';

test('trains a flow on 8 gaussians from the UI and draws its density and curve', async ({ page, server }, testInfo) => {
  test.setTimeout(300_000);
  await page.goto(server.url);
  await page.getByTestId('nav-flows').click();
  await page.getByTestId('flow-density-select').selectOption('8gaussians');
  await page.getByTestId('flow-steps').fill('-1');
  await expect(page.getByTestId('flow-launch')).toBeDisabled();
  await page.getByTestId('flow-steps').fill('300');
  await page.getByTestId('flow-launch').click();
  // Heatmaps: the target at once, the learned density at the first artifact interval.
  await expect.poll(() => paintedPixels(page, 'flow-target'), { timeout: 120_000 }).toBeGreaterThan(20_000);
  await expect.poll(() => paintedPixels(page, 'flow-density'), { timeout: 240_000 }).toBeGreaterThan(20_000);
  await expect.poll(() => paintedPixels(page, 'flow-potential'), { timeout: 60_000 }).toBeGreaterThan(20_000);
  const blue = () =>
    page.getByTestId('flow-ll-chart').evaluate((host) => {
      const canvas = host.querySelector('canvas')!;
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      let n = 0;
      for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i] - 0x54) < 40 && Math.abs(data[i + 1] - 0x70) < 40 && Math.abs(data[i + 2] - 0xc6) < 40) n++;
      return n;
    });
  await expect.poll(blue, { timeout: 60_000 }).toBeGreaterThan(100);
  await page.screenshot({ path: testInfo.outputPath('flows.png'), fullPage: true });
});
