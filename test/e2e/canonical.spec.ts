// Issue 17 from the user's side: the wizard launches a small Kepler canonical-transformation run; its learned planes
// and the actions against the true conserved quantities draw; a new initial state is mapped to actions and angles
// and back, scrubbed frame by frame; the run is saved, reopened in a fresh app, and maps states again.
import { test, expect, paintedPixels, startServe, saveProjectAs, openProject } from './fixtures';
import type { Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A Kepler state the model was trained near (k = 1): r = 1 at an apsis, E = -0.595, eccentricity 0.19. */
const STATE = { x: '1', y: '0', px: '0', py: '0.9' };

async function mapState(page: Page): Promise<void> {
  // The form starts at the state of the run's own map (its first test state), to four digits.
  await expect(page.getByTestId('map-motion').locator('h4')).toHaveText('The run\'s first test state');
  const x = await page.getByTestId('map-state-x').inputValue();
  expect(Number(x)).not.toBe(0);
  await expect(page.getByTestId('map-motion')).toContainText(`x = ${x},`);
  // A state the model cannot follow is said before it is mapped: an unbound orbit, a planet at the sun.
  await page.getByTestId('map-state-py').fill('1.5');
  await expect(page.getByTestId('map-note')).toContainText('unbound');
  for (const [c, v] of Object.entries(STATE)) await page.getByTestId(`map-state-${c}`).fill(v);
  await expect(page.getByTestId('map-note')).toHaveCount(0);
  await page.getByTestId('map-frames').fill('120');
  await page.getByTestId('map-go').click();
  const motion = page.getByTestId('map-motion');
  await expect(motion.locator('h4')).toHaveText('Your state', { timeout: 60_000 });
  await expect(motion).toContainText('x = 1, y = 0, px = 0, py = 0.9');
  await expect(page.getByTestId('map-actions')).toContainText('action I');
  // Frame by frame: focus the viewer and step with the keys, as in the rollout viewer.
  await motion.focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('Home');
  for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('map-time')).toHaveAttribute('data-frame', '6');
  await expect(page.getByTestId('map-time')).toContainText('t = 0.6');
  await page.keyboard.press('End');
  await expect(page.getByTestId('map-time')).toHaveAttribute('data-frame', '119');
  await expect(page.getByTestId('map-cursor')).toBeVisible();
  await expect.poll(() => paintedPixels(page, 'map-q-chart')).toBeGreaterThan(3000);
  await expect.poll(() => paintedPixels(page, 'map-plane')).toBeGreaterThan(2000);
}

/** The whole Runs page: it scrolls inside the app's frame, so the window is made tall enough to hold it. */
async function screenshot(page: Page, file: string): Promise<void> {
  // The e2e tests type-check without the DOM library: the element's ancestors as far as this needs them.
  type Scrolled = { scrollTop: number; parentElement: Scrolled | null; getBoundingClientRect(): { bottom: number } };
  const views = page.getByTestId('canonical-views');
  const bottom = () => views.evaluate((el) => {
    for (let e: Scrolled | null = el as unknown as Scrolled; e; e = e.parentElement) e.scrollTop = 0;
    return (el as unknown as Scrolled).getBoundingClientRect().bottom;
  });
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: size.width, height: Math.ceil(await bottom()) + 40 });
  await bottom();
  await page.screenshot({ path: file });
  await page.setViewportSize(size);
}

async function viewsDraw(page: Page): Promise<void> {
  // Kepler has two degrees of freedom: two learned planes, and its three conserved quantities against the actions.
  for (const id of ['canonical-data-plane', 'canonical-plane-0', 'canonical-plane-1', 'canonical-actions-energy', 'canonical-actions-angular_momentum', 'canonical-actions-lrl']) {
    await expect.poll(() => paintedPixels(page, id), { message: id }).toBeGreaterThan(3000);
  }
  // The symplecticity check: T is canonical by construction, so only float32 round-off is left.
  const defect = Number(await page.getByTestId('canonical-symplectic').getAttribute('data-value'));
  expect(defect).toBeLessThan(1e-3);
  await expect(page.getByTestId('canonical-symplectic')).toContainText('max |JᵀΩJ − Ω|');
}

test('a Kepler canonical transformation from the wizard: planes, actions, a mapped state, saved and reopened', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  // Its own server: other specs' runs finishing would make the project dirty again.
  const server = await startServe();
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hs-proj-')), 'kepler.hsproj');
  let spread = '';
  try {
    await page.goto(server.url);
    // Kepler on Systems & data: its parameter, the preview, and its invariants besides the energy.
    await page.getByTestId('nav-data').click();
    await page.getByTestId('system-select').selectOption('kepler');
    await expect(page.getByTestId('param-k')).toHaveValue('1');
    await expect(page.getByTestId('preview-frame')).toHaveCount(4, { timeout: 60_000 });
    await expect(page.getByTestId('preview-invariant-L')).toBeVisible();
    await expect(page.getByTestId('preview-invariant-|A|')).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('kepler-system.png') });
    await page.getByTestId('nav-wizard').click();
    await page.getByTestId('wizard-family').selectOption('canonical');
    await expect(page.getByTestId('wizard-canonical-system')).toBeVisible();
    await expect(page.getByTestId('system-select')).toHaveValue('kepler');
    // Kepler's preview holds L and |A| as its simulator integrates it.
    await expect(page.getByTestId('preview-invariant-L')).toBeVisible({ timeout: 60_000 });
    await page.getByTestId('wizard-next').click();

    await page.getByTestId('cdata-input-train').fill('24');
    await page.getByTestId('cdata-input-validation').fill('8');
    await page.getByTestId('cdata-input-test').fill('12');
    await page.getByTestId('cdata-input-points').fill('40');
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('hp-input-blocks').fill('1');
    await page.getByTestId('hp-input-hidden').fill('16');
    await page.getByTestId('hp-input-batchTrajectories').fill('8');
    await page.getByTestId('wizard-next').click();
    // First a long run, to watch it live: the views come from the validation set while it trains.
    await page.getByTestId('wizard-steps').fill('100000');
    await page.getByTestId('wizard-checkpoint').fill('20');
    await page.getByTestId('wizard-label').fill('kepler live');
    await page.getByTestId('wizard-next').click();
    await expect(page.getByTestId('wizard-summary')).toContainText('24 training + 8 validation + 12 test trajectories of 40 states');
    await expect(page.getByTestId('wizard-summary')).toContainText('Kepler');
    await page.getByTestId('wizard-estimate-run').click();
    await expect(page.getByTestId('wizard-estimate')).toContainText('ms per step (measured)', { timeout: 60_000 });
    await page.getByTestId('wizard-launch').click();
    const live = page.locator('[data-testid^="job-"]', { hasText: 'kepler live' }).first();
    await live.getByTestId('job-label').click();
    await expect(page.getByTestId('canonical-when')).toContainText(/8 validation trajectories at step [1-9]/, { timeout: 60_000 });
    await expect(live.getByTestId('job-status')).toHaveText('running');
    await expect.poll(() => paintedPixels(page, 'canonical-plane-0')).toBeGreaterThan(3000);
    await expect.poll(() => paintedPixels(page, 'canonical-actions-energy')).toBeGreaterThan(3000);
    await expect.poll(() => paintedPixels(page, 'loss-chart')).toBeGreaterThan(3000);
    await screenshot(page, testInfo.outputPath('canonical-live.png'));
    await expect(page.getByTestId('map-wait')).toContainText('when the run finishes');
    await expect(page.getByTestId('map-go')).toHaveCount(0);
    await live.getByTestId('job-cancel').click();
    await expect(live.getByTestId('job-status')).toHaveText('cancelled');
    await expect(page.getByTestId('map-wait')).toContainText('ended (cancelled) before its final evaluation');

    // Then a short one to the end, from the same wizard (it kept every value).
    await page.getByTestId('nav-wizard').click();
    await page.getByTestId('wizard-step-3').click();
    await page.getByTestId('wizard-steps').fill('60');
    await page.getByTestId('wizard-label').fill('kepler ct');
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('wizard-launch').click();

    const row = page.locator('[data-testid^="job-"]', { hasText: 'kepler ct' }).first();
    await row.getByTestId('job-label').click();
    await expect(page.getByTestId('canonical-views')).toBeVisible();
    await expect(row.getByTestId('job-status')).toHaveText('completed', { timeout: 120_000 });
    await expect(page.getByTestId('canonical-when')).toContainText('12 test trajectories');
    await viewsDraw(page);
    await expect(page.locator('[data-testid="series-summary"] tr[data-series="train_loss"]')).toHaveCount(1);
    await mapState(page);
    // The mapped job was the view's own: it is not among the user's runs.
    await expect(page.getByTestId('job-label').filter({ hasText: 'map (' })).toHaveCount(0);
    await screenshot(page, testInfo.outputPath('canonical-run.png'));
    spread = (await page.getByTestId('canonical-spread').textContent()) ?? '';
    expect(spread).toMatch(/radius spread \d/);

    await saveProjectAs(page, file);
  } finally {
    server.proc.kill('SIGTERM');
  }

  // A fresh app (new server process, empty data folder): the run comes back with its views and its model.
  const other = await startServe();
  try {
    await page.goto(other.url);
    await openProject(page, file);
    const reopened = page.locator('[data-testid^="job-"]', { hasText: 'kepler ct' }).first();
    await expect(reopened.getByTestId('job-status')).toHaveText('completed');
    await reopened.getByTestId('job-label').click();
    await expect(page.getByTestId('canonical-spread')).toHaveText(spread);
    await viewsDraw(page);
    await mapState(page);
    await screenshot(page, testInfo.outputPath('canonical-reopened.png'));
  } finally {
    other.proc.kill('SIGTERM');
  }
});
