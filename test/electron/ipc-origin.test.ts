// Issue 16, defect 10: the desktop window's protections hold for the page it actually loads (a file:// page, where
// response headers do not apply), and only that page may call the contract over IPC.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';

type Handler = (event: unknown, payload: unknown) => unknown;
const handlers = new Map<string, Handler>();
vi.mock('electron', () => ({ ipcMain: { handle: (channel: string, fn: Handler) => handlers.set(channel, fn) } }));

const { bindIpc } = await import('../../main/electron/ipc');
const { CSP } = await import('../../main/browser-mode/static-files');

const pageFile = path.resolve('/opt/Hamiltonian Studio/resources/app.asar/out/renderer/index.html');
const pageUrl = pathToFileURL(pageFile).href;
const calls: unknown[] = [];

/** An IPC event as Electron builds it: the frame that sent it, and whether it is its window's top frame. */
function event(url: string, top = true) {
  const frame = { url, parent: null as unknown };
  if (!top) frame.parent = { url: pageUrl, parent: null };
  return { senderFrame: frame, sender: {} };
}

beforeEach(() => {
  handlers.clear();
  calls.length = 0;
  bindIpc(async (channel, payload) => void calls.push([channel, payload]), { file: pageFile });
});

describe('IPC accepts only the app page', () => {
  it('answers the app page', async () => {
    await handlers.get('jobs:list')!(event(pageUrl), undefined);
    await handlers.get('jobs:list')!(event(`${pageUrl}#/runs`), undefined);
    expect(calls).toHaveLength(2);
  });

  it.each([
    ['another local file', pathToFileURL('/tmp/evil.html').href],
    ['a file next to the app page', pathToFileURL(path.join(path.dirname(pageFile), 'other.html')).href],
    ['a web page', 'https://evil.example/'],
    ['a page with no URL', ''],
  ])('refuses %s', async (_what, url) => {
    await expect(async () => handlers.get('jobs:list')!(event(url), undefined)).rejects.toThrow(/Refused/);
    expect(calls).toHaveLength(0);
  });

  it('refuses a frame inside the app page (only its top frame may call)', async () => {
    await expect(async () => handlers.get('jobs:list')!(event(pageUrl, false), undefined)).rejects.toThrow(/Refused/);
    expect(calls).toHaveLength(0);
  });

  it('in development, accepts the dev server origin and nothing else', async () => {
    handlers.clear();
    bindIpc(async (channel, payload) => void calls.push([channel, payload]), { file: pageFile, devUrl: 'http://localhost:5173' });
    await handlers.get('jobs:list')!(event('http://localhost:5173/#/runs'), undefined);
    expect(calls).toHaveLength(1);
    await expect(async () => handlers.get('jobs:list')!(event('http://localhost:51730/'), undefined)).rejects.toThrow(/Refused/);
  });
});

describe('the Content-Security-Policy of the renderer page', () => {
  it('is in the page itself as a meta tag (file:// pages get no response headers), same policy as the header', () => {
    const html = fs.readFileSync(path.join(__dirname, '../../renderer/index.html'), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"\s*\/?>/.exec(html);
    expect(meta, 'renderer/index.html has no CSP meta tag').not.toBeNull();
    // frame-ancestors is ignored in a meta tag (browsers warn): the rest must be the header's policy.
    expect(meta![1]).toBe(CSP.split('; ').filter((d) => !d.startsWith('frame-ancestors')).join('; '));
    // Before any script: a policy set after a script has run does not cover it.
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<script'));
  });
});
