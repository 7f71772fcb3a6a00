// HGN on the three bodies: its rollout plays in the viewer and the 3D view draws the bodies' paths, true and
// predicted (read from the decoded frames). A PixelHNN run saved in a project reopens with its rollout and weights.
import { test, expect, startServe, webglPixels, openProject } from './fixtures';
import { openSocket, request } from './ws-client';
import type { Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

type Info = { ok: true; v: { defaults: { hgn: Record<string, unknown>; pixelHnn: Record<string, unknown> } } };

/** Starts a 3-step HGN over the socket (the defaults with `over` on top), opens the page, waits for it to finish and
 *  selects it. */
async function finishedHgn(page: Page, server: { origin: string; token: string; url: string }, label: string, over: Record<string, unknown>): Promise<void> {
  const ws = await openSocket(server.origin, server.token);
  const info = (await request(ws, 'app:info', undefined)) as Info;
  const hgn = { ...info.v.defaults.hgn, steps: 3, evalEvery: 0, checkpointEvery: 0, rolloutSequences: 1, rolloutSteps: 20, ...over };
  expect((await request(ws, 'jobs:start', { config: hgn, backend: 'wasm', label })).ok).toBe(true);
  ws.close();
  await page.goto(server.url);
  const row = page.locator('[data-testid^="job-"]', { hasText: label }).first();
  await expect(row.getByTestId('job-status')).toHaveText('completed', { timeout: 240_000 });
  await row.getByTestId('job-label').click();
}

test('a run that sits at the mean frame says so in a toast and in its log, with what usually moves it', async ({ page, server }, testInfo) => {
  await page.goto(server.url);
  const ws = await openSocket(server.origin, server.token);
  const info = (await request(ws, 'app:info', undefined)) as Info;
  // A learning rate of 1e-12: the model never leaves its start, the decoder's mean colour.
  const hgn = { ...info.v.defaults.hgn, model: { learningRate: 1e-12 }, data: { system: 'pendulum', train: 12, test: 4 }, steps: 8, evalEvery: 2, checkpointEvery: 0, evalSequences: 2, rolloutSequences: 1, rolloutSteps: 4, sampleCount: 0 };
  expect((await request(ws, 'jobs:start', { config: hgn, backend: 'wasm', label: 'frozen run' })).ok).toBe(true);
  ws.close();
  const toast = page.getByTestId('toast').filter({ hasText: 'draws the average frame' });
  await expect(toast).toBeVisible({ timeout: 120_000 });
  await expect(toast).toContainText('frozen run: step 6: the test error');
  await expect(toast).toContainText('half the learning rate');
  // The toast goes; the warning stays in the run's Log panel, which opens by itself, also on a fresh page (the log
  // comes from the server, not from this page's events).
  await page.reload();
  await page.locator('[data-testid^="job-"]', { hasText: 'frozen run' }).first().getByTestId('job-label').click();
  const log = page.getByTestId('run-log');
  await expect(log).toHaveAttribute('open', '');
  await expect(log).toContainText('1 warning');
  await expect(log.getByTestId('run-log-warn')).toHaveCount(1);
  await expect(log.getByTestId('run-log-warn')).toContainText('draws the average frame');
  await expect(log.getByTestId('run-log-info').first()).toContainText('HGN (laptop');
  await page.screenshot({ path: testInfo.outputPath('run-log.png') });
});

test('an HGN run on the three bodies shows its rollout and the bodies\' paths in 3D, true and predicted', async ({ page, server }, testInfo) => {
  await finishedHgn(page, server, 'three bodies', { data: { system: 'three-body', train: 12, test: 4 }, sampleCount: 0 });
  await expect(page.getByTestId('frame-prediction')).toBeVisible();
  const view = page.getByTestId('rollout-bodies');
  await expect(view).toContainText('body 3, true');
  await expect(view).toContainText('body 3, predicted');
  await view.scrollIntoViewIfNeeded();
  await expect.poll(async () => (await webglPixels(page, 'bodies-3d-rollout')).painted).toBeGreaterThan(300);
  // The highlighted points follow the scrubber.
  const before = await webglPixels(page, 'bodies-3d-rollout');
  await page.getByTestId('rollout-scrubber').fill('15');
  await expect.poll(async () => (await webglPixels(page, 'bodies-3d-rollout')).digest).not.toBe(before.digest);
  await page.screenshot({ path: testInfo.outputPath('three-body-rollout.png') });
  await view.screenshot({ path: testInfo.outputPath('three-body-paths.png') });
});

test('a PixelHNN run saved in a project reopens with its rollout and its weights', async ({ page }) => {
  const server = await startServe();
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hs-px-')), 'pixel.hsproj');
  try {
    const ws = await openSocket(server.origin, server.token);
    const info = (await request(ws, 'app:info', undefined)) as Info;
    const px = { ...info.v.defaults.pixelHnn, data: { system: 'pendulum', train: 12, test: 4, size: 16 }, steps: 4, evalEvery: 0, rolloutSequences: 1, rolloutSteps: 10 };
    const started = (await request(ws, 'jobs:start', { config: px, backend: 'wasm', label: 'pixel run' })) as { ok: boolean; v: { id: string } };
    expect(started.ok).toBe(true);
    await page.goto(server.url);
    const row = page.locator('[data-testid^="job-"]', { hasText: 'pixel run' }).first();
    await expect(row.getByTestId('job-status')).toHaveText('completed', { timeout: 120_000 });
    expect((await request(ws, 'projects:saveAs', { path: file })).ok).toBe(true);
    ws.close();
  } finally {
    server.proc.kill('SIGTERM');
  }
  const other = await startServe();
  try {
    await page.goto(other.url);
    await openProject(page, file);
    const row = page.locator('[data-testid^="job-"]', { hasText: 'pixel run' }).first();
    await expect(row.getByTestId('job-status')).toHaveText('completed');
    await row.getByTestId('job-label').click();
    await expect(page.getByTestId('frame-prediction')).toBeVisible();
    await page.getByTestId('rollout-scrubber').fill('5');
    await expect(page.getByTestId('rollout-time')).toHaveAttribute('data-frame', '5');
    // Its log came back with it: closed (no warnings), what it trained on inside.
    const log = page.getByTestId('run-log');
    await expect(log).not.toHaveAttribute('open', '');
    await log.locator('summary').click();
    await expect(log.getByTestId('run-log-info').first()).toContainText('PixelHNN (');
    // The weights came back with the run: they export as a tfjs model.
    const ws = await openSocket(other.origin, other.token);
    const jobs = (await request(ws, 'jobs:list', undefined)) as { ok: true; v: Array<{ id: string; label: string }> };
    const id = jobs.v.find((j) => j.label === 'pixel run')!.id;
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-px-out-'));
    const exported = (await request(ws, 'projects:export', { jobId: id, what: 'weights', outDir: out })) as { ok: boolean; v: { files: string[] } };
    ws.close();
    expect(exported.ok).toBe(true);
    expect(exported.v.files.some((f) => f.endsWith('.json'))).toBe(true);
  } finally {
    other.proc.kill('SIGTERM');
  }
});

/** Colour statistics of a FrameCanvas: pixels near the RS background, and a digest of all of them. */
async function frameStats(page: Page, testId: string): Promise<{ background: number; other: number; digest: number }> {
  return page.getByTestId(testId).evaluate((canvas) => {
    type Canvas2d = { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
    const c = canvas as unknown as Canvas2d;
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    let background = 0;
    let other = 0;
    let digest = 0;
    for (let i = 0; i < data.length; i += 4) {
      const near = Math.abs(data[i] - 81) + Math.abs(data[i + 1] - 88) + Math.abs(data[i + 2] - 93) < 12;
      if (near) background++;
      else other++;
      digest = (digest * 31 + data[i] + 7 * data[i + 1] + 13 * data[i + 2]) >>> 0;
    }
    return { background, other, digest };
  });
}

test('an HGN run shows its samples beside real sequences, says where they come from, and scrubs them together', async ({ page, server }, testInfo) => {
  await finishedHgn(page, server, 'sampled pendulum', { data: { system: 'pendulum', train: 12, test: 4 }, sampleCount: 3 });
  const strip = page.getByTestId('samples-strip');
  await expect(strip).toBeVisible();
  await expect(page.getByTestId('samples-source')).toContainText('density fitted to 12 encoded training states');
  for (let i = 0; i < 3; i++) {
    await expect(page.getByTestId(`sample-frame-${i}`)).toBeVisible();
    await expect(page.getByTestId(`real-frame-${i}`)).toBeVisible();
  }
  // The real sequences are the data: mostly background with the bob in it, and the bob moves as the scrubber does.
  await page.getByTestId('samples-play').click();
  await page.getByTestId('samples-scrubber').fill('0');
  await expect(page.getByTestId('samples-time')).toHaveText('frame 0 / 20');
  const first = await frameStats(page, 'real-frame-0');
  expect(first.background).toBeGreaterThan(0.5 * (first.background + first.other));
  expect(first.other).toBeGreaterThan(20);
  const sampleFirst = await frameStats(page, 'sample-frame-0');
  expect(sampleFirst.background + sampleFirst.other).toBe(first.background + first.other);
  await page.getByTestId('samples-scrubber').fill('8');
  await expect(page.getByTestId('samples-time')).toHaveText('frame 8 / 20');
  await expect.poll(async () => (await frameStats(page, 'real-frame-0')).digest).not.toBe(first.digest);
  await strip.screenshot({ path: testInfo.outputPath('samples.png') });
});
