// The Electron end-to-end smoke test (`npm run test:e2e-electron`), kept apart from the default
// `npx playwright test` run (test/e2e, browser mode in Chromium). Opt-in: HS_ELECTRON_E2E=1, and it needs the
// Electron binary (it cannot be downloaded on the offline build machine; the test skips there with a note).
// On a Linux box without a display, run it under `xvfb-run -a`.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'test/e2e-electron',
  testMatch: '**/*.spec.ts',
  timeout: 180_000,
  expect: { timeout: 30_000 },
  workers: 1,
  reporter: [['list']],
  outputDir: 'test-results/electron',
});
