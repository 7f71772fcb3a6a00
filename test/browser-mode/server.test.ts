// Browser mode must be drivable only by the page it served: loopback, token, Origin and Host all checked,
// and nothing malformed reaches a service.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../../main/browser-mode/server';
import { decodeMessage, encodeMessage, type ServerMessage } from '../../preload/wire';

let server: RunningServer;
let origin: string;

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-renderer-'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>t</title>');
  server = await startServer({ port: 0, rendererDir: dir, dataDir: path.join(dir, 'data') });
  origin = `http://127.0.0.1:${server.port}`;
});
afterAll(() => server.close());

function connect(opts: { token?: string; origin?: string; host?: string }): Promise<WebSocket> {
  const url = `ws://127.0.0.1:${server.port}/ws${opts.token === undefined ? '' : `?token=${opts.token}`}`;
  const headers: Record<string, string> = {};
  if (opts.origin) headers.origin = opts.origin;
  if (opts.host) headers.host = opts.host;
  const ws = new WebSocket(url, { headers });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function next(ws: WebSocket): Promise<ServerMessage> {
  return new Promise((resolve) => ws.once('message', (d: Buffer) => resolve(decodeMessage(d) as ServerMessage)));
}

async function call(ws: WebSocket, ch: unknown, p: unknown): Promise<ServerMessage> {
  const reply = next(ws);
  ws.send(encodeMessage({ t: 'req', id: 7, ch: ch as string, p }));
  return reply;
}

describe('browser-mode access control', () => {
  it('listens on loopback only and prints a URL with the token', () => {
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?token=[0-9a-f]{48}$`));
  });
  it('rejects a WebSocket without the token, or with a wrong one', async () => {
    await expect(connect({ origin })).rejects.toThrow('HTTP 401');
    await expect(connect({ origin, token: 'f'.repeat(48) })).rejects.toThrow('HTTP 401');
  });
  it('rejects a foreign Origin even with the token', async () => {
    await expect(connect({ token: server.token, origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(connect({ token: server.token })).rejects.toThrow('HTTP 403');
  });
  it('rejects a foreign Host (DNS rebinding)', async () => {
    await expect(connect({ token: server.token, origin, host: `evil.example:${server.port}` })).rejects.toThrow('HTTP 403');
  });
  it('accepts the page it served and answers through the contract', async () => {
    const ws = await connect({ token: server.token, origin });
    const reply = await call(ws, 'app:info', undefined);
    expect(reply).toMatchObject({ t: 'res', id: 7, ok: true, v: { mode: 'browser', name: 'hamiltonian-studio' } });
    ws.close();
  });
});

describe('browser-mode payload validation', () => {
  it('answers malformed frames with a clear error', async () => {
    const ws = await connect({ token: server.token, origin });
    let reply = next(ws);
    ws.send('{"not":"msgpack"}');
    expect(await reply).toMatchObject({ ok: false, e: { message: 'Expected a binary (msgpack) frame.' } });
    reply = next(ws);
    ws.send(Buffer.from([0xc1, 0xff, 0x00]));
    expect(await reply).toMatchObject({ ok: false, e: { message: 'Malformed frame: not valid msgpack.' } });
    reply = next(ws);
    ws.send(encodeMessage({ t: 'evt', ev: 'x', p: 1 }));
    expect(await reply).toMatchObject({ ok: false, e: { message: expect.stringMatching(/Malformed request/) } });
    ws.close();
  });
  it('refuses unknown channels and invalid payloads before any service sees them', async () => {
    const ws = await connect({ token: server.token, origin });
    expect(await call(ws, 'fs:readFile', { path: '/etc/passwd' })).toMatchObject({ ok: false, e: { name: 'ContractError', message: 'Unknown request channel "fs:readFile".' } });
    const bad = await call(ws, 'jobs:start', { config: { kind: 'hnn', steps: -5 } });
    expect(bad.t === 'res' && !bad.ok && bad.e.message).toMatch(/Invalid request to jobs:start:[\s\S]*steps/);
    const extra = await call(ws, 'jobs:cancel', { jobId: 'job-1', __proto__: { polluted: true }, evil: 1 });
    expect(extra.t === 'res' && !extra.ok && extra.e.message).toMatch(/Unrecognized key/);
    expect(server.services.jobs.list()).toHaveLength(0);
    ws.close();
  });
});

describe('browser-mode static files', () => {
  const get = (p: string) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders }>((resolve) => {
      http.get({ host: '127.0.0.1', port: server.port, path: p }, (res) => {
        res.resume();
        resolve({ status: res.statusCode!, headers: res.headers });
      });
    });
  it('serves the app with a strict CSP and nothing outside its folder', async () => {
    const index = await get('/');
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    expect((await get('/..%2f..%2fpackage.json')).status).toBe(403);
    expect((await get('/missing.js')).status).toBe(404);
  });
});
