// Issue 14 from the user's side: an HGN launched from the wizard with the WebGPU backend forced, on Chromium's
// SwiftShader (a software adapter: forced it is taken, on `auto` it never is). The run shows its device line
// and GPU memory, draws its curves, and ends with a rollout in the viewer.
import fs from 'node:fs';
import { test, expect, paintedPixels, startServe, type Server } from './fixtures';

const SWIFTSHADER = '/usr/lib/chromium/vk_swiftshader_icd.json';
let server: Server;

test.beforeAll(async () => {
  test.skip(!fs.existsSync(SWIFTSHADER) && process.env.HS_REQUIRE_WEBGPU !== '1', 'no SwiftShader Vulkan driver here');
  server = await startServe({ VK_DRIVER_FILES: process.env.VK_DRIVER_FILES ?? SWIFTSHADER, XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '/tmp' });
});

test.afterAll(() => {
  server?.proc.kill('SIGTERM');
});

test('an HGN from the wizard trains on WebGPU, with its device line, curves and rollout', async ({ page }, testInfo) => {
  test.setTimeout(780_000);
  await page.goto(server.url);
  // Settings say what WebGPU found: a software adapter, which auto does not use, and which can be forced.
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('settings-gpu')).toContainText(/only WebGPU \(Vulkan\): .*software adapter.*Auto does not use/);
  await expect(page.getByTestId('settings-backend').locator('option[value="webgpu"]')).toBeEnabled();
  await page.getByTestId('nav-wizard').click();
  await expect(page.getByTestId('preview-frame')).toHaveCount(4, { timeout: 120_000 });
  await page.getByTestId('wizard-next').click();
  await page.getByTestId('wizard-train').fill('8');
  await page.getByTestId('wizard-test').fill('2');
  await page.getByTestId('wizard-next').click();
  await page.getByTestId('hp-input-batchSize').fill('2');
  // Twelve steps at the full rate: the laptop recipe's cosine would anneal it within them, leaving the decoded frame
  // close to the flat mean colour that the pixel check below tells apart from a drawn frame.
  await page.getByTestId('hp-input-learningRateSchedule').selectOption('constant');
  await page.getByTestId('wizard-next').click();
  // Metrics rows come every 10 steps: 12 steps draw a curve of two points (a step takes seconds on SwiftShader).
  await page.getByTestId('wizard-steps').fill('12');
  await page.getByTestId('wizard-checkpoint').fill('6');
  const backend = page.getByTestId('wizard-backend');
  await expect(backend.locator('option[value="webgpu"]')).toHaveCount(1);
  await backend.selectOption('webgpu');
  await page.getByTestId('wizard-label').fill('webgpu run');
  await page.getByTestId('wizard-next').click();
  // Measure runs a few real steps on the chosen backend and says which device it measured.
  await page.getByTestId('wizard-estimate-run').click();
  await expect(page.getByTestId('wizard-estimate-device')).toContainText(/On WebGPU \(Vulkan\): /, { timeout: 300_000 });
  await expect(page.getByTestId('wizard-estimate')).toContainText('MB of GPU memory');
  await page.screenshot({ path: testInfo.outputPath('webgpu-review.png'), fullPage: true });
  await page.getByTestId('wizard-launch').click();

  const row = page.locator('[data-testid^="job-"]', { hasText: 'webgpu run' }).first();
  await expect(row.getByTestId('job-status')).toHaveText(/running|completed/, { timeout: 180_000 });
  await expect(row.getByTestId('job-backend')).toHaveText('webgpu');
  await expect(row.getByTestId('job-backend')).toHaveAttribute('title', /^WebGPU \(Vulkan\): .*software adapter/);
  await expect(row.getByTestId('job-gpu-memory')).toContainText('MB GPU');
  await expect(row.getByTestId('job-status')).toHaveText('completed', { timeout: 420_000 });

  await row.getByTestId('job-label').click();
  const recon = page.locator('[data-testid="series-summary"] tr[data-series="recon_e4"]');
  await expect.poll(async () => Number(await recon.getAttribute('data-points'))).toBeGreaterThanOrEqual(2);
  await expect.poll(() => paintedPixels(page, 'loss-chart')).toBeGreaterThan(3000);
  const frame = page.getByTestId('frame-prediction');
  await frame.scrollIntoViewIfNeeded();
  await expect(frame).toBeVisible();
  // The predicted frame is drawn: its canvas has many distinct colours (a blank or flat canvas has one or two).
  const colours = await frame.evaluate((el) => {
    type Canvas2d = { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
    const canvas = (el.tagName === 'CANVAS' ? el : el.querySelector('canvas')) as unknown as Canvas2d;
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    const seen = new Set<number>();
    for (let i = 0; i < data.length; i += 4) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    return seen.size;
  });
  expect(colours).toBeGreaterThan(10);
  await page.screenshot({ path: testInfo.outputPath('webgpu-run.png'), fullPage: true });
});
