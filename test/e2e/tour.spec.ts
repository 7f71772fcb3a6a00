// Issue 19: the researcher's first hour, as a tour of every page and state, with a screenshot of each (kept under
// test-results/, named by step). Each stop asserts what a researcher would check by eye: typed numbers kept,
// errors in words, charts readable (legend off the plot, distinct colours, log then linear), a reopened project
// with a run selected and its checkpoint marks, wrapped pendulum angles, heatmaps with a colour bar, the
// backward rollout saying why it has no error chart, labelled result cards, tuned flow presets, and no console
// error on any page (the favicon).
import { test, expect, startServe, paintedPixels } from './fixtures';
import { openSocket, request } from './ws-client';
import type { Page, TestInfo } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Dropdown options cut off on the pages screenshotted (checked at each screenshot, asserted at the end). */
const cutOff: string[] = [];

/** A full-page screenshot kept with the test's results, and the check that no dropdown label is cut off there. */
async function shot(page: Page, info: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: info.outputPath(`${name}.png`), fullPage: true });
  cutOff.push(...(await cutOffOptions(page)).map((o) => `${name}: ${o}`));
}

/** Console errors and uncaught exceptions of a page, from now on. */
function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/**
 * Dropdowns of the page too narrow for their longest option (whose label would be cut off when chosen): a copy
 * of each, free to take its natural width, is wider than the box itself.
 */
function cutOffOptions(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const out = [];
    for (const s of document.querySelectorAll('select')) {
      if (!s.offsetParent) continue;
      const free = s.cloneNode(true);
      free.style.cssText = 'position: fixed; visibility: hidden; width: auto; min-width: 0; max-width: none; left: 0; top: 0; flex: none';
      // Beside the box (its parent's rules apply to it too), out of the layout.
      s.parentNode.insertBefore(free, s.nextSibling);
      const need = free.offsetWidth;
      free.remove();
      if (need > s.offsetWidth + 1) {
        const longest = [...s.options].map((o) => o.text).sort((a, b) => b.length - a.length)[0];
        out.push((s.dataset.testid || '?') + ': ' + longest + ' (' + need + ' px in ' + s.offsetWidth + ')');
      }
    }
    return out;
  })()`);
}

/** The share of a 3D view's width and height its drawing spans (pixels away from the clear colour). */
function drawnSpan(page: Page, testId: string): Promise<{ w: number; h: number }> {
  return page.getByTestId(testId).locator('canvas').evaluate((c) => {
    type Ctx = { drawImage(c: unknown, x: number, y: number): void; getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
    type Canvas = { width: number; height: number; getContext(kind: '2d'): Ctx };
    const src = c as unknown as Canvas;
    const cv = (globalThis as unknown as { document: { createElement(t: 'canvas'): Canvas } }).document.createElement('canvas');
    cv.width = src.width;
    cv.height = src.height;
    const ctx = cv.getContext('2d');
    ctx.drawImage(src, 0, 0);
    const d = ctx.getImageData(0, 0, cv.width, cv.height).data;
    let [x0, x1, y0, y1] = [cv.width, -1, cv.height, -1];
    for (let y = 0; y < cv.height; y++) {
      for (let x = 0; x < cv.width; x++) {
        const i = 4 * (y * cv.width + x);
        if (Math.abs(d[i] - 0x11) + Math.abs(d[i + 1] - 0x14) + Math.abs(d[i + 2] - 0x17) > 60) [x0, x1, y0, y1] = [Math.min(x0, x), Math.max(x1, x), Math.min(y0, y), Math.max(y1, y)];
      }
    }
    return { w: Math.max(0, x1 - x0 + 1) / cv.width, h: Math.max(0, y1 - y0 + 1) / cv.height };
  });
}

test('tour: every page and state of the first hour', async ({ page }, testInfo) => {
  test.setTimeout(900_000);
  const server = await startServe();
  const errors = watchConsole(page);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hs-tour-')), 'tour.hsproj');
  try {
    await page.goto(server.url);
    await expect(page.getByTestId('auto-backend')).toBeVisible();
    // The page names its icon, and the icon is served (no 404 in the console).
    const icon = await page.locator('link[rel="icon"]').getAttribute('href');
    expect.soft(icon).toBeTruthy();
    expect.soft((await page.request.get(new URL(icon!, page.url()).href)).status()).toBe(200);
    await shot(page, testInfo, '01-runs-empty');

    // An HGN run started now (small, with checkpoints and test evaluations) trains while the wizard is toured.
    const ws = await openSocket(server.origin, server.token);
    const app = (await request(ws, 'app:info', undefined)) as { ok: true; v: { defaults: { hgn: Record<string, unknown> } } };
    const hgn = { ...app.v.defaults.hgn, data: { system: 'pendulum', train: 16, test: 4 }, steps: 24, evalEvery: 8, checkpointEvery: 3, rolloutSequences: 1, rolloutSteps: 20, sampleCount: 0 };
    expect((await request(ws, 'jobs:start', { config: hgn, backend: 'wasm', label: 'tour hgn' })).ok).toBe(true);
    ws.close();

    // Wizard: the system step with its preview, and the dropdowns' labels in full.
    await page.getByTestId('nav-wizard').click();
    await expect(page.getByTestId('preview-frame')).toHaveCount(4, { timeout: 120_000 });
    await shot(page, testInfo, '02-wizard-system');
    await page.getByTestId('wizard-next').click();
    await shot(page, testInfo, '03-wizard-data');
    await page.getByTestId('wizard-next').click();
    // Typed key by key, a number is kept as typed: 1.5e-4 stays 1.5e-4 and -8 stays -8 (and is explained).
    const lr = page.getByTestId('hp-input-learningRate');
    await lr.fill('');
    await lr.pressSequentially('1.5e-4');
    await expect.soft(lr).toHaveValue('1.5e-4');
    const batch = page.getByTestId('hp-input-batchSize');
    await batch.fill('');
    await batch.pressSequentially('-8');
    await expect.soft(batch).toHaveValue('-8');
    await expect(page.getByTestId('hp-error-batchSize')).toBeVisible();
    await expect.soft(page.getByTestId('hp-error-batchSize')).not.toContainText(/Invalid input|Too small|expected/);
    await page.getByTestId('wizard-advanced').click();
    await page.getByTestId('hp-input-encoderFilters').fill('16, 1O, 16');
    await expect.soft(page.getByTestId('hp-error-encoderFilters')).toContainText('"1O"');
    await expect.soft(page.getByTestId('hp-error-encoderFilters')).not.toContainText('NaN');
    await shot(page, testInfo, '04-wizard-model-errors');
    await page.getByTestId('hp-input-encoderFilters').fill('16, 16, 16, 16, 16, 16, 16, 16');
    await batch.fill('8');
    await page.getByTestId('wizard-next').click();
    await shot(page, testInfo, '05-wizard-training');
    await page.getByTestId('wizard-next').click();
    // The review names changed settings by their labels, with their values.
    const summary = page.getByTestId('wizard-summary-model');
    await expect.soft(summary).toContainText('Learning rate 1.5e-4');
    await expect.soft(summary).not.toContainText(/learningRate|encoderFilters|NaN/);
    await shot(page, testInfo, '06-wizard-review');

    // Quick launch and Settings.
    await page.getByTestId('nav-new-run').click();
    await shot(page, testInfo, '07-quick-hgn');
    await page.getByTestId('family-hnn').click();
    await page.getByTestId('field-steps').fill('60');
    await page.getByTestId('field-evalEvery').fill('10');
    await page.getByTestId('field-label').fill('tour hnn');
    await shot(page, testInfo, '08-quick-hnn');
    await page.getByTestId('launch').click();
    await page.getByTestId('nav-settings').click();
    await shot(page, testInfo, '09-settings');
    await page.getByTestId('nav-sweeps').click();
    await shot(page, testInfo, '09b-sweeps');

    // Systems & data: the pendulum's phase portrait wraps the angle (a rotating trajectory squashes nothing).
    await page.getByTestId('nav-data').click();
    await page.getByTestId('system-select').selectOption('pendulum');
    await expect(page.getByTestId('phase-portrait')).toBeVisible();
    await expect.poll(async () => Number(await page.getByTestId('phase-portrait').getAttribute('data-q-extent')), { timeout: 60_000 }).toBeGreaterThan(0);
    expect.soft(Number(await page.getByTestId('phase-portrait').getAttribute('data-q-extent'))).toBeLessThanOrEqual(Math.PI + 1e-6);
    await shot(page, testInfo, '10-data-pendulum');
    await page.getByTestId('system-select').selectOption('three-body');
    await expect(page.getByTestId('bodies-3d')).toBeVisible();
    await page.getByTestId('bodies-3d').scrollIntoViewIfNeeded();
    // The bodies' paths fill their box (the longer side of the drawing spans most of the view).
    await expect.poll(async () => { const s = await drawnSpan(page, 'bodies-3d'); return Math.max(s.w, s.h); }, { timeout: 30_000 }).toBeGreaterThan(0.7);
    await shot(page, testInfo, '11-data-three-body');

    // Runs: the HNN's result card in words; the HGN's chart, legend, colours, marks, log and linear.
    await page.getByTestId('nav-runs').click();
    const hnnRow = page.locator('[data-testid^="job-job-"]', { hasText: 'tour hnn' }).first();
    await expect(hnnRow.getByTestId('job-status')).toHaveText('completed', { timeout: 240_000 });
    await expect.soft(hnnRow.getByTestId('job-result')).not.toContainText('_');
    const hgnRow = page.locator('[data-testid^="job-job-"]', { hasText: 'tour hgn' }).first();
    await expect(hgnRow.getByTestId('job-status')).toHaveText('completed', { timeout: 600_000 });
    await expect.soft(hgnRow.getByTestId('job-result')).toContainText(/rollbacks\s*=?\s*0(?![.\d])/);
    await expect.soft(hgnRow.getByTestId('job-result')).not.toContainText('_');
    await hgnRow.getByTestId('job-label').click();
    const chart = page.getByTestId('loss-chart');
    await expect.soft(chart).toHaveAttribute('data-marks', '8');
    // Few curves at first, the rest one click away; no two drawn curves share a colour.
    const chips = page.getByTestId('chart-legend').locator('button');
    const shown = await page.getByTestId('chart-legend').locator('button[aria-pressed="true"]').count();
    expect(shown).toBeGreaterThan(0);
    expect.soft(shown).toBeLessThanOrEqual(4);
    expect.soft(await chips.count()).toBeGreaterThan(shown);
    const colours = await chips.locator('i').evaluateAll((dots) => dots.map((d) => d.getAttribute('style')));
    expect.soft(new Set(colours).size).toBe(colours.length);
    await expect.soft(chart).toHaveAttribute('data-y-axis', 'log');
    await shot(page, testInfo, '12-runs-hgn-log');
    await page.getByTestId('log-scale').click();
    await expect.soft(chart).toHaveAttribute('data-y-axis', 'value');
    await shot(page, testInfo, '13-runs-hgn-linear');
    await page.getByTestId('log-scale').click();
    await expect.soft(chart).toHaveAttribute('data-y-axis', 'log');
    // Every curve shown at once (the legend stays above the plot).
    const off = page.getByTestId('chart-legend').locator('button[aria-pressed="false"]');
    while (await off.count()) await off.first().click();
    const legendBox = (await page.getByTestId('chart-legend').boundingBox())!;
    const plotBox = (await chart.boundingBox())!;
    expect.soft(legendBox.y + legendBox.height).toBeLessThanOrEqual(plotBox.y + 1);
    await shot(page, testInfo, '14-runs-hgn-all-curves');
    // The rollout forward, then backward: no ground truth there, and the page says so.
    await expect(page.getByTestId('rollout-mse-chart')).toBeVisible({ timeout: 60_000 });
    await page.getByTestId('rollout-viewer').scrollIntoViewIfNeeded();
    await shot(page, testInfo, '15-rollout-forward');
    await page.getByTestId('latent-3d').scrollIntoViewIfNeeded();
    await expect.poll(async () => { const s = await drawnSpan(page, 'latent-3d'); return Math.max(s.w, s.h); }, { timeout: 30_000 }).toBeGreaterThan(0.7);
    await shot(page, testInfo, '15b-rollout-3d');
    await page.getByTestId('rollout-viewer').scrollIntoViewIfNeeded();
    await page.getByTestId('rollout-direction').selectOption('backward');
    await expect.soft(page.getByTestId('rollout-no-mse')).toContainText('backward');
    await shot(page, testInfo, '16-rollout-backward');

    // Flows: the tuned preset of each density, the paper's one click away; a short run with its heatmaps.
    await page.getByTestId('nav-flows').click();
    await expect.soft(page.getByTestId('flow-learningRate')).toHaveValue('0.002');
    await expect.soft(page.getByTestId('flow-batchSize')).toHaveValue('512');
    await page.getByTestId('flow-density-select').selectOption('checkerboard');
    await expect.soft(page.getByTestId('flow-base')).toHaveValue('mixture');
    await expect.soft(page.getByTestId('flow-baseComponents')).toHaveValue('256');
    await page.getByTestId('flow-preset-tuned').scrollIntoViewIfNeeded();
    await shot(page, testInfo, '17-flows-tuned-checkerboard');
    await page.getByTestId('flow-preset-paper').click();
    await expect.soft(page.getByTestId('flow-learningRate')).toHaveValue('3e-4');
    await expect.soft(page.getByTestId('flow-base')).toHaveValue('normal');
    await expect.soft(page.getByTestId('flow-kineticPrior')).toHaveValue('0');
    await page.getByTestId('flow-preset-tuned').click();
    // Back to tuned: nothing of the paper's settings stays behind (the harmonic start of K is back).
    await expect.soft(page.getByTestId('flow-kineticPrior')).toHaveValue('1');
    await page.getByTestId('flow-density-select').selectOption('8gaussians');
    await page.getByTestId('flow-steps').fill('150');
    await page.getByTestId('flow-launch').click();
    await expect.poll(() => paintedPixels(page, 'flow-density'), { timeout: 300_000 }).toBeGreaterThan(20_000);
    // The log-likelihood bounds (negative) start on a linear axis: no "cannot draw log" note.
    await expect.soft(page.getByTestId('flow-ll-chart')).toHaveAttribute('data-y-axis', 'value');
    await expect.soft(page.locator('[data-testid="log-refused"]')).toHaveCount(0);
    // Each heatmap has a colour bar (its range, as drawn).
    await expect.soft(page.getByTestId('flow-density')).toHaveAttribute('data-colour-bar', /^-?[\d.]+\.\.-?[\d.]+$/);
    const flowRun = page.locator('[data-testid^="flow-run-"]').first();
    await expect(flowRun).toContainText('completed', { timeout: 300_000 });
    await page.getByTestId('flow-ll-chart').scrollIntoViewIfNeeded();
    await shot(page, testInfo, '18-flows-run');
    await page.getByTestId('flow-kinetic').scrollIntoViewIfNeeded();
    await shot(page, testInfo, '18b-flows-energies');

    // Save, then reopen in a fresh app: a run is selected, its chart shows, its checkpoint marks are back.
    await page.getByTestId('project-save').click();
    await page.getByTestId('project-path').fill(file);
    await page.getByTestId('project-confirm').click();
    await expect(page.getByTestId('project-dirty')).toHaveCount(0);
    const other = await startServe();
    try {
      await page.goto(other.url);
      await expect(page.getByTestId('auto-backend')).toBeVisible();
      await page.getByTestId('project-open').click();
      await page.getByTestId('project-path').fill(file);
      await page.getByTestId('project-confirm').click();
      await expect(page.locator('[data-testid^="job-job-"]', { hasText: 'tour hgn' })).toHaveCount(1);
      await expect(page.getByTestId('loss-chart')).toBeVisible();
      await page.locator('[data-testid^="job-job-"]', { hasText: 'tour hgn' }).first().getByTestId('job-label').click();
      await expect.soft(page.getByTestId('loss-chart')).toHaveAttribute('data-marks', '8');
      await shot(page, testInfo, '19-reopened');
    } finally {
      other.proc.kill('SIGTERM');
    }
    expect.soft(errors).toEqual([]);
    // Every option of every dropdown fitted its box, on every page.
    expect.soft(cutOff).toEqual([]);
  } finally {
    server.proc.kill('SIGTERM');
  }
});
