// Settings: threads per job is checked in place, saved, and reaches the next job's worker (its device line).
import { test, expect, launchHnn } from './fixtures';

const native = process.env.HS_REQUIRE_NATIVE === '1';

test('threads per job: a bad value is refused in place, a good one reaches the next job', async ({ page, server }, testInfo) => {
  await page.goto(server.url);
  await page.getByTestId('nav-settings').click();
  const threads = page.getByTestId('settings-threadsPerJob');
  await expect(threads).toHaveValue('1');
  if (native) await expect(page.getByTestId('settings-native')).toContainText('oneDNN');
  await threads.fill('0');
  await expect(page.getByTestId('settings-error-threadsPerJob')).toBeVisible();
  await expect(page.getByTestId('settings-save')).toBeDisabled();
  await threads.fill('2');
  await expect(page.getByTestId('settings-error-threadsPerJob')).toHaveCount(0);
  await page.getByTestId('settings-save').click();
  await expect(page.getByText('Settings saved.')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('settings.png') });

  try {
    await launchHnn(page, 50_000, 'two-thread run');
    const row = page.locator('[data-testid^="job-"]', { hasText: 'two-thread run' }).first();
    await expect(row.getByTestId('job-status')).toHaveText('running');
    // The device line (hover) is what the worker reports after loading its backend with these settings.
    if (native) await expect(row.getByTestId('job-backend')).toHaveAttribute('title', /oneDNN .*, 2 threads/);
    await row.getByTestId('job-cancel').click();
    await expect(row.getByTestId('job-status')).toHaveText('cancelled');
  } finally {
    // Other spec files share this server: leave the default behind.
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-threadsPerJob').fill('1');
    await page.getByTestId('settings-save').click();
    await expect(page.getByTestId('settings-threadsPerJob')).toHaveValue('1');
  }
});
