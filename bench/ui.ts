// UI responsiveness while a training job runs, in Debian's Chromium against the real built app (browser mode):
// - frame_ms_median / frame_ms_p99: requestAnimationFrame intervals while the rollout viewer plays at 60 fps;
// - progress_to_chart_ms_median: from the worker sending metric rows to the loss chart drawing them.
// Needs `npm run build` first.
import { chromium, type Page } from '@playwright/test';
import { startServe } from '../test/e2e/fixtures';
import { openSocket, request } from '../test/e2e/ws-client';
import type { Bench } from './run';

const CHROMIUM_ARGS = ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

async function waitStatus(page: Page, label: string, status: string, timeout: number): Promise<void> {
  await page.locator('[data-testid^="job-"]', { hasText: label }).first().getByTestId('job-status').filter({ hasText: status }).waitFor({ timeout });
}

const bench: Bench = async (args) => {
  const seconds = Number(args[args.indexOf('--seconds') + 1]) || 10;
  const server = await startServe();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(server.url);
    const ws = await openSocket(server.origin, server.token);
    // A finished HGN run gives the rollout to play; then a long HNN job trains during the measurement.
    const info = (await request(ws, 'app:info', undefined)) as { ok: true; v: { defaults: { hgn: Record<string, unknown> } } };
    const hgn = { ...info.v.defaults.hgn, data: { system: 'pendulum', train: 32, test: 8 }, steps: 5, evalEvery: 0, checkpointEvery: 0 };
    await request(ws, 'jobs:start', { config: hgn, backend: 'wasm', label: 'bench hgn' });
    await waitStatus(page, 'bench hgn', 'completed', 300_000);
    const hnn = { kind: 'hnn', model: 'hnn', hidden: 200, learningRate: 1e-3, steps: 1_000_000, seed: 0, trainTrajectories: 25, testTrajectories: 25, noise: 0.1, evalEvery: 20, rolloutTime: 20 };
    await request(ws, 'jobs:start', { config: hnn, backend: 'wasm', label: 'bench training' });
    await waitStatus(page, 'bench training', 'running', 60_000);

    // Frame times: the HGN rollout playing at 60 fps while the HNN trains in its worker.
    await page.locator('[data-testid^="job-"]', { hasText: 'bench hgn' }).first().getByTestId('job-label').click();
    await page.getByTestId('rollout-fps').selectOption('60');
    // Page scripts as text: tsx would wrap inline functions in helpers the page does not have.
    const frames = (await page.evaluate(`new Promise((resolve) => {
      const times = [];
      const tick = (t) => {
        times.push(t);
        if (times.length > 1 && t - times[0] > ${seconds * 1000}) resolve(times.slice(1).map((x, i) => x - times[i]));
        else requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    })`)) as number[];

    // Latency: watch the training run's chart while its metrics stream in.
    await page.locator('[data-testid^="job-"]', { hasText: 'bench training' }).first().getByTestId('job-label').click();
    await page.evaluate('window.__hsLatency = []');
    await page.waitForTimeout(seconds * 1000);
    const latency = (await page.evaluate('window.__hsLatency')) as number[];
    ws.close();
    return {
      backend: 'chromium+wasm',
      metrics: {
        frame_ms_median: quantile(frames, 0.5),
        frame_ms_p99: quantile(frames, 0.99),
        frames_measured: frames.length,
        progress_to_chart_ms_median: quantile(latency, 0.5),
        progress_to_chart_ms_p99: quantile(latency, 0.99),
        latency_samples: latency.length,
      },
    };
  } finally {
    await browser.close();
    server.proc.kill('SIGTERM');
  }
};

export default bench;
