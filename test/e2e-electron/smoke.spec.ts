// Electron smoke test: the real desktop app opens its window with the menus, trains a job, and saves a
// project through File > Save As. Opt-in (HS_ELECTRON_E2E=1); skipped where the Electron binary is missing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { CHANNELS } from '../../preload/contract';
import { findElectronBinary } from './electron-binary';

const root = path.resolve(__dirname, '../..');
const binary = findElectronBinary(root);

const skipReason =
  process.env.HS_ELECTRON_E2E !== '1'
    ? 'Electron e2e is opt-in: run `HS_ELECTRON_E2E=1 npm run test:e2e-electron` where the Electron binary is installed.'
    : !binary
      ? 'The Electron binary is not installed (node_modules/electron has no dist/, and this machine cannot download it), ' +
        'so the Electron smoke test is skipped. Browser-mode e2e (`npm run test:e2e`) covers the same UI.'
      : null;
// The list reporter does not print skip reasons: say it once, plainly.
if (skipReason && !process.env.TEST_WORKER_INDEX) console.warn(`[e2e-electron] skipped: ${skipReason}`);
test.skip(skipReason !== null, skipReason ?? '');

let app: ElectronApplication;
let page: Page;
let profile: string;
let closed = false;

test.beforeAll(async () => {
  if (!fs.existsSync(path.join(root, 'out/main/index.js'))) throw new Error('Build first: npm run build');
  profile = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-electron-e2e-'));
  app = await electron.launch({
    executablePath: binary!,
    args: [root, ...(process.platform === 'linux' ? ['--no-sandbox'] : [])],
    env: { ...process.env, HS_USER_DATA_DIR: path.join(profile, 'user-data'), HS_CONFIG_DIR: path.join(profile, 'config') },
    timeout: 60_000,
  });
  page = await app.firstWindow();
});

test.afterAll(async () => {
  if (!closed) await app?.close();
  if (profile) fs.rmSync(profile, { recursive: true, force: true });
});

test('opens the window with the File, Edit, View, Run and Help menus', async () => {
  await expect(page.getByTestId('auto-backend')).toBeVisible();
  expect(await page.title()).toContain('Hamiltonian Studio');
  const ids = await app.evaluate(({ Menu }) => {
    const menu = Menu.getApplicationMenu();
    return ['file', 'edit', 'view', 'run', 'help', 'file.saveAs', 'run.new'].filter((id) => menu?.getMenuItemById(id));
  });
  expect(ids).toEqual(['file', 'edit', 'view', 'run', 'help', 'file.saveAs', 'run.new']);
});

test('starts a training job from the UI and it runs', async () => {
  await page.getByTestId('nav-new-run').click();
  await page.getByTestId('field-steps').fill('300');
  await page.getByTestId('field-hidden').fill('16');
  await page.getByTestId('field-evalEvery').fill('10');
  await page.getByTestId('field-label').fill('electron smoke');
  await page.getByTestId('launch').click();
  const row = page.getByTestId('job-job-1');
  await expect(row.getByTestId('job-status')).toHaveText(/running|completed/, { timeout: 60_000 });
  await expect(row.getByTestId('job-backend')).not.toHaveText(/…$/, { timeout: 60_000 });
});

test('saves the project with File > Save As', async () => {
  if (!(CHANNELS as readonly string[]).includes('projects:save')) {
    test.info().annotations.push({ type: 'note', description: "'projects:save' is not in the contract yet: the save step was not exercised." });
    test.skip(true, "'projects:save' is not in the contract yet (project files, issue 8): save step skipped.");
  }
  const file = path.join(profile, 'smoke.hsproj');
  // The native dialog cannot be driven: answer it from the main process, then use the real menu item.
  await app.evaluate(({ dialog }, target) => {
    dialog.showSaveDialog = (async () => ({ canceled: false, filePath: target })) as unknown as typeof dialog.showSaveDialog;
  }, file);
  await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.getMenuItemById('file.saveAs')?.click());
  await expect.poll(() => fs.existsSync(file), { timeout: 60_000 }).toBe(true);
  // A project is a zip archive.
  expect(fs.readFileSync(file).subarray(0, 2).toString('latin1')).toBe('PK');
});

test('remembers the window bounds after it closes', async () => {
  await app.close();
  closed = true;
  const state = JSON.parse(fs.readFileSync(path.join(profile, 'user-data', 'window-state.json'), 'utf8')) as { width: number; height: number };
  expect(state.width).toBeGreaterThan(0);
  expect(state.height).toBeGreaterThan(0);
});
