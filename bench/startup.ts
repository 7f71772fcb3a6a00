// `npm run bench -- startup [--runs N]`: cold start of browser mode. Spawns `node out/main/serve.js --port 0`
// and times, from the spawn: the URL printed, the page and its assets served, and the WebSocket answering
// `app:info` (= serve_ready_ms, the page is interactive). Median of N fresh processes. Target < 2000 ms.
// Needs the build (out/); runs `electron-vite build` first when it is missing.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { decodeMessage, encodeMessage, type ServerMessage } from '../preload/wire';
import type { Bench } from './run';

const root = path.resolve(__dirname, '..');
const serveJs = path.join(root, 'out/main/serve.js');

interface Sample {
  urlMs: number;
  pageMs: number;
  readyMs: number;
  autoBackend: string;
}

function ensureBuilt(): void {
  if (fs.existsSync(serveJs) && fs.existsSync(path.join(root, 'out/renderer/index.html'))) return;
  console.log('out/ is missing: building first (electron-vite build)...');
  const r = spawnSync(process.execPath, [require.resolve('electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('the build failed');
}

/** Resolves with the printed URL; rejects if the process exits or stays silent for 30 s. */
function waitForUrl(proc: ReturnType<typeof spawn>): Promise<URL> {
  let text = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL after 30 s: ${text}`)), 30_000);
    const onData = (d: Buffer) => {
      text += d.toString();
      const m = /Open (http:\/\/\S+)/.exec(text);
      if (m) {
        clearTimeout(timer);
        resolve(new URL(m[1]));
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`serve exited (${code}): ${text}`)));
  });
}

/** The page and every script and stylesheet it references: what a browser needs before it can run. */
async function fetchPage(url: URL): Promise<void> {
  const res = await fetch(url);
  if (res.status !== 200) throw new Error(`page: HTTP ${res.status}`);
  const html = await res.text();
  const assets = [...html.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => new URL(m[1], url));
  if (assets.length === 0) throw new Error('page references no script: is the renderer built?');
  await Promise.all(
    assets.map(async (a) => {
      const r = await fetch(a);
      if (r.status !== 200) throw new Error(`${a.pathname}: HTTP ${r.status}`);
      await r.arrayBuffer();
    }),
  );
}

/** Opens the API socket as the page does (same Origin, the token) and waits for the answer to app:info. */
function askAppInfo(url: URL): Promise<{ autoBackend: string }> {
  const token = url.searchParams.get('token') ?? '';
  const ws = new WebSocket(`ws://${url.host}/ws?token=${token}`, { headers: { origin: url.origin } });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer to app:info within 30 s')), 30_000);
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`WebSocket refused: HTTP ${res.statusCode}`)));
    ws.once('open', () => ws.send(encodeMessage({ t: 'req', id: 1, ch: 'app:info', p: null })));
    ws.on('message', (data: Buffer) => {
      const msg = decodeMessage(data) as ServerMessage;
      if (msg.t !== 'res' || msg.id !== 1) return;
      clearTimeout(timer);
      ws.close();
      if (msg.ok) resolve(msg.v as { autoBackend: string });
      else reject(new Error(`app:info failed: ${msg.e.message}`));
    });
  });
}

async function coldStart(): Promise<Sample> {
  const t0 = performance.now();
  const proc = spawn(process.execPath, [serveJs, '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  try {
    const url = await waitForUrl(proc);
    const urlMs = performance.now() - t0;
    await fetchPage(url);
    const pageMs = performance.now() - t0;
    const info = await askAppInfo(url);
    const readyMs = performance.now() - t0;
    return { urlMs, pageMs, readyMs, autoBackend: info.autoBackend };
  } finally {
    proc.kill('SIGTERM');
    await exited;
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x: number) => Math.round(x * 10) / 10;

const bench: Bench = async (args) => {
  const i = args.indexOf('--runs');
  const runs = i >= 0 ? Math.max(1, Number(args[i + 1]) || 7) : 7;
  ensureBuilt();
  // One unmeasured start warms the OS file cache, as a second launch by a user would find it.
  await coldStart();
  const samples: Sample[] = [];
  for (let k = 0; k < runs; k++) {
    const s = await coldStart();
    console.log(`run ${k + 1}/${runs}: url ${s.urlMs.toFixed(0)} ms, page ${s.pageMs.toFixed(0)} ms, ready ${s.readyMs.toFixed(0)} ms`);
    samples.push(s);
  }
  const ready = samples.map((s) => s.readyMs);
  return {
    backend: samples[0].autoBackend,
    metrics: {
      serve_ready_ms: round(median(ready)),
      serve_ready_min_ms: round(Math.min(...ready)),
      serve_ready_max_ms: round(Math.max(...ready)),
      url_printed_ms: round(median(samples.map((s) => s.urlMs))),
      page_served_ms: round(median(samples.map((s) => s.pageMs))),
      target_ms: 2000,
      runs,
    },
  };
};

export default bench;
