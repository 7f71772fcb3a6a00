// Issue 8 from the user's side: save a project from the UI, open it in a fresh app (new server, new page), and
// see the same run with the same curve.
import { test, expect, startServe, saveProjectAs, openProject } from './fixtures';
import { openSocket, request } from './ws-client';
import type { Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function frameDigest(page: Page): Promise<string> {
  return page.getByTestId('frame-prediction').evaluate((c) => {
    type Canvas2d = { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
    const canvas = c as unknown as Canvas2d;
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let h = 0;
    for (let i = 0; i < data.length; i++) h = (h * 31 + data[i]) | 0;
    return String(h);
  });
}

async function summary(page: Page) {
  const row = page.locator('[data-testid="series-summary"] tr[data-series="train_loss"]');
  return { first: await row.getAttribute('data-first'), last: await row.getAttribute('data-last'), points: await row.getAttribute('data-points') };
}

test('a saved project reopens in a fresh app with the same run, curve and rollout frame', async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  // Its own server: runs of other spec files finishing meanwhile would (rightly) make the project dirty again.
  const server = await startServe();
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hs-proj-')), 'spring study.hsproj');
  await page.goto(server.url);
  await page.getByTestId('nav-new-run').click();
  await page.getByTestId('family-hnn').click();
  await page.getByTestId('field-steps').fill('80');
  await page.getByTestId('field-hidden').fill('32');
  await page.getByTestId('field-rolloutTime').fill('2');
  await page.getByTestId('field-label').fill('saved run');
  await page.getByTestId('launch').click();
  // An HGN run too (small), for its rollout.
  const ws = await openSocket(server.origin, server.token);
  const info = (await request(ws, 'app:info', undefined)) as { ok: true; v: { defaults: { hgn: Record<string, unknown> } } };
  const hgn = { ...info.v.defaults.hgn, data: { system: 'pendulum', train: 16, test: 4 }, steps: 3, evalEvery: 0, checkpointEvery: 0, rolloutSequences: 1, rolloutSteps: 20, sampleCount: 0 };
  expect((await request(ws, 'jobs:start', { config: hgn, backend: 'wasm', label: 'saved hgn' })).ok).toBe(true);
  ws.close();
  const hgnRow = page.locator('[data-testid^="job-"]', { hasText: 'saved hgn' }).first();
  await expect(hgnRow.getByTestId('job-status')).toHaveText('completed', { timeout: 240_000 });
  await hgnRow.getByTestId('job-label').click();
  await page.getByTestId('rollout-viewer').focus();
  await page.keyboard.press('Home');
  for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowRight');
  const frameBefore = await frameDigest(page);
  const row = page.locator('[data-testid^="job-"]', { hasText: 'saved run' }).first();
  await expect(row.getByTestId('job-status')).toHaveText('completed', { timeout: 90_000 });
  await expect(page.getByTestId('project-dirty')).toBeVisible();
  await row.getByTestId('job-label').click();
  const before = await summary(page);
  expect(Number(before.points)).toBe(80);

  await saveProjectAs(page, file);
  // Export the HNN run's curves as CSV and the HGN rollout as an animated GIF.
  const exportDir = path.join(path.dirname(file), 'exports');
  await row.getByTestId('job-export').click();
  await row.getByTestId('export-dir').fill(exportDir);
  await row.getByTestId('export-go').click();
  await hgnRow.getByTestId('job-export').click();
  await hgnRow.getByTestId('export-what').selectOption('rollout-gif');
  // The rollout exported is the prediction unless the user picks another (ground truth, backward, dt multiples).
  await expect(hgnRow.getByTestId('export-saved')).toHaveValue('rollout-frames');
  await expect(hgnRow.getByTestId('export-saved').locator('option')).toContainText(['prediction', 'ground truth']);
  await hgnRow.getByTestId('export-dir').fill(exportDir);
  await hgnRow.getByTestId('export-go').click();
  await expect.poll(() => (fs.existsSync(exportDir) ? fs.readdirSync(exportDir) : []).join(' ')).toMatch(/\.csv.*\.gif|\.gif.*\.csv/);
  await expect(page.getByTestId('project-name')).toContainText('spring study');
  expect(fs.existsSync(file)).toBe(true);

  // A different app instance (new server process, empty data folder), a freshly loaded page.
  const other = await startServe();
  try {
    await page.goto(other.url);
    await page.reload();
    await expect(page.getByTestId('auto-backend')).toBeVisible();
    await expect(page.locator('[data-testid^="job-"]', { hasText: 'saved run' })).toHaveCount(0);
    await openProject(page, file);
    const reopened = page.locator('[data-testid^="job-"]', { hasText: 'saved run' }).first();
    await expect(reopened.getByTestId('job-status')).toHaveText('completed');
    await reopened.getByTestId('job-label').click();
    await expect.poll(() => summary(page)).toEqual(before);
    await expect(reopened.getByTestId('job-result')).toContainText('energy MSE');
    await page.locator('[data-testid^="job-"]', { hasText: 'saved hgn' }).first().getByTestId('job-label').click();
    await page.getByTestId('rollout-viewer').focus();
    await page.keyboard.press('Home');
    for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('rollout-time')).toHaveAttribute('data-frame', '7');
    await expect.poll(() => frameDigest(page)).toBe(frameBefore);
    await page.screenshot({ path: testInfo.outputPath('reopened.png') });
  } finally {
    other.proc.kill('SIGTERM');
    server.proc.kill('SIGTERM');
  }
});

test('a malformed project file gives a clear error and loses nothing', async ({ page, server }) => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hs-proj-')), 'broken.hsproj');
  fs.writeFileSync(file, 'this is not a zip');
  await page.goto(server.url);
  await expect(page.getByTestId('project-name')).not.toHaveText('…');
  const name = (await page.getByTestId('project-name').textContent())!;
  await openProject(page, file);
  await expect(page.getByTestId('toast').filter({ hasText: 'Open failed' })).toBeVisible();
  await expect(page.getByTestId('toast').filter({ hasText: 'Open failed' })).toContainText(/not a|zip|project/i);
  await expect(page.getByTestId('project-name')).toHaveText(name);
});

test('a damaged project file shows why and offers its backup, which recovers the project (issue 16)', async ({ page }) => {
  // Its own server: the shared one may still hold runs (and an unsaved project) from earlier specs.
  const server = await startServe();
  try {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hs-proj-')), 'damaged.hsproj');
    // Two saves through the API, so the first version is kept as the .bak; then the file is damaged.
    const ws = await openSocket(server.origin, server.token);
    expect((await request(ws, 'projects:new', { name: 'kept safe' })).ok).toBe(true);
    expect((await request(ws, 'projects:saveAs', { path: file })).ok).toBe(true);
    expect((await request(ws, 'projects:save', undefined)).ok).toBe(true);
    expect((await request(ws, 'projects:new', { name: 'other' })).ok).toBe(true);
    ws.close();
    fs.writeFileSync(file, 'damaged by a disk error');
    await page.goto(server.url);
    await expect(page.getByTestId('project-name')).toHaveText('other');
    await openProject(page, file);
    const offer = page.getByTestId('project-recovery');
    await expect(offer.getByTestId('project-open-error')).toContainText(/cannot be opened: .*not a readable zip archive/);
    await expect(offer).toContainText('The backup from');
    await expect(page.getByTestId('project-name')).toHaveText('other');
    await offer.getByRole('button', { name: 'Recover it' }).click();
    await expect(page.getByTestId('project-name')).toContainText('kept safe');
    await expect(page.getByTestId('project-dirty')).toBeVisible();
  } finally {
    server.proc.kill('SIGTERM');
  }
});
