// Each test file gets its own browser-mode server (the real built app: out/main/serve.js) on a free port.
import { test as base, expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';

export interface Server {
  url: string;
  origin: string;
  token: string;
  proc: ChildProcess;
}

/** `env`: extra environment for the server (e.g. the Vulkan driver the WebGPU test points Dawn at). */
/** The browser-mode URL a starting process prints ("Open http://..."), or a rejection with everything it printed. */
export function waitForUrl(proc: ChildProcess, timeoutMs: number, what: string): Promise<string> {
  let out = '';
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} printed no URL in ${timeoutMs / 1000} s:\n${out}`)), timeoutMs);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /Open (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.on('exit', (code) => reject(new Error(`${what} exited (${code}) before printing a URL:\n${out}`)));
  });
}

export async function startServe(env: Record<string, string> = {}): Promise<Server> {
  // A fresh data folder per server: tests never see each other's (or the user's) datasets.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-e2e-'));
  const proc = spawn(process.execPath, [path.resolve('out/main/serve.js'), '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env, HS_CONFIG_DIR: path.join(dataDir, 'config') },
  });
  const url = await waitForUrl(proc, 20_000, 'serve');
  const u = new URL(url);
  return { url, origin: u.origin, token: u.searchParams.get('token')!, proc };
}

export const test = base.extend<object, { server: Server }>({
  server: [
    async ({}, use) => {
      const server = await startServe();
      await use(server);
      server.proc.kill('SIGTERM');
    },
    { scope: 'worker' },
  ],
});

/** Counts painted pixels over every canvas layer inside a test id's element (echarts may draw on several). */
export async function paintedPixels(page: Page, testId: string): Promise<number> {
  return page.getByTestId(testId).evaluate((host) => {
    let n = 0;
    type Canvas2d = { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null };
    for (const canvas of Array.from(host.querySelectorAll('canvas')) as unknown as Canvas2d[]) {
      const ctx = canvas.getContext('2d');
      if (!ctx) continue;
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0) n++;
    }
    return n;
  });
}

/** Starts an HNN from Quick launch with the given step count and label. */
export async function launchHnn(page: Page, steps: number, label: string): Promise<void> {
  await page.getByTestId('nav-new-run').click();
  await page.getByTestId('family-hnn').click();
  await page.getByTestId('field-steps').fill(String(steps));
  await page.getByTestId('field-hidden').fill('64');
  await page.getByTestId('field-evalEvery').fill('5');
  await page.getByTestId('field-label').fill(label);
  await page.getByTestId('launch').click();
}

/** Reads the WebGL canvas of a three.js view through a 2D copy: non-background pixel count and a digest. */
export function webglPixels(page: Page, testId: string): Promise<{ painted: number; digest: number }> {
  return page.getByTestId(testId).evaluate((host) => {
    const gl = host.querySelector('canvas')!;
    const copy = host.ownerDocument.createElement("canvas");
    copy.width = gl.width;
    copy.height = gl.height;
    const ctx = copy.getContext('2d')!;
    ctx.drawImage(gl, 0, 0);
    const { data } = ctx.getImageData(0, 0, copy.width, copy.height);
    let painted = 0;
    let digest = 0;
    for (let i = 0; i < data.length; i += 4) {
      // Background is #111417.
      if (Math.abs(data[i] - 0x11) + Math.abs(data[i + 1] - 0x14) + Math.abs(data[i + 2] - 0x17) > 30) {
        painted++;
        digest = (digest * 31 + i) | 0;
      }
    }
    return { painted, digest };
  });
}

/** Save as, from the project bar: types the path and confirms (then waits until the project is no longer dirty). */
export async function saveProjectAs(page: Page, file: string): Promise<void> {
  await page.getByTestId('project-save').click();
  await page.getByTestId('project-path').fill(file);
  await page.getByTestId('project-confirm').click();
  await expect(page.getByTestId('project-dirty')).toHaveCount(0);
}

/** Open, from the project bar: types the path and confirms (what follows, success or an error, is the caller's). */
export async function openProject(page: Page, file: string): Promise<void> {
  await page.getByTestId('project-open').click();
  await page.getByTestId('project-path').fill(file);
  await page.getByTestId('project-confirm').click();
}

/** The wizard from its first step to its review, for a small HNN (10 training trajectories, 32 hidden units). */
export async function wizardHnnToReview(page: Page, o: { steps: number; checkpoint: number; label?: string }): Promise<void> {
  await page.getByTestId('nav-wizard').click();
  await page.getByTestId('wizard-family').selectOption('hnn');
  await page.getByTestId('wizard-next').click();
  await page.getByTestId('wizard-hnn-train').fill('10');
  await page.getByTestId('wizard-next').click();
  await page.getByTestId('hp-input-hidden').fill('32');
  await page.getByTestId('wizard-next').click();
  await page.getByTestId('wizard-steps').fill(String(o.steps));
  await page.getByTestId('wizard-checkpoint').fill(String(o.checkpoint));
  if (o.label) await page.getByTestId('wizard-label').fill(o.label);
  await page.getByTestId('wizard-next').click();
}

export { expect };
