// Issue 16, defects 3 and 4: browser mode must outlive anything a client sends. The server runs in its own
// process (a crash is the process gone), with a job running on a stand-in worker that must not be disturbed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project, projectToBuffer } from '../../main/project';
import type WebSocket from 'ws';
import { closeCode, httpGet, openWs, rawExchange, request, startBystander, startChildServer, type ChildServer } from '../fuzz/harness/child-server';

let server: ChildServer;
let jobId: string;

beforeAll(async () => {
  server = await startChildServer();
  jobId = await startBystander(server);
});
afterAll(() => server.stop());

/** The process lives, serves its page, answers the contract, and the bystander job still runs. */
async function expectUndisturbed(): Promise<void> {
  expect(server.exitCode(), server.stderr()).toBeUndefined();
  expect((await httpGet(server.port, '/')).status).toBe(200);
  const ws = await openWs(server);
  const job = await request(ws, 'jobs:list', undefined);
  expect(job).toMatchObject({ ok: true, v: [{ id: jobId, status: 'running' }] });
  ws.close();
}

describe('browser mode under hostile HTTP', () => {
  it('answers malformed percent-encodings with 400, without a token, and lives on (defect 3)', async () => {
    for (const bad of ['/%E0%A4%A', '/%', '/%ZZ', '/index.html%ff%fe', '/%00']) {
      const reply = await httpGet(server.port, bad);
      expect(reply.status).toBe(400);
      expect(reply.body).toMatch(/not a valid URL/);
    }
    await expectUndisturbed();
  });

  it('answers a path too long for the file system with 404, not 500 (found by the fuzzer)', async () => {
    expect((await httpGet(server.port, `/${'a/'.repeat(5000)}index.html`)).status).toBe(404);
    await expectUndisturbed();
  });

  it('answers a WebSocket upgrade to a malformed URL, and other methods, without dying', async () => {
    const upgrade = await rawExchange(server.port, Buffer.from('GET http://[ HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n'));
    expect(upgrade.toString()).toMatch(/^HTTP\/1\.1 4\d\d/);
    const post = await rawExchange(server.port, Buffer.from('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\n\r\nabc'));
    expect(post.toString()).toMatch(/^HTTP\/1\.1 405/);
    await expectUndisturbed();
  });
});

describe('browser mode under hostile requests', () => {
  it('refuses to recover (read, move, delete) a file the app never offered (defect 8)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-precious-'));
    const precious = path.join(dir, 'precious.hsproj');
    fs.writeFileSync(precious, await projectToBuffer(Project.create({ name: 'precious' }), { appVersion: '0' }));
    const ws = await openWs(server);
    for (const p of [null, precious]) {
      const reply = await request(ws, 'projects:recover', { path: p, autosavePath: precious });
      expect(reply).toMatchObject({ ok: false, e: { name: 'ProjectError', message: expect.stringMatching(/was not offered for recovery/) } });
    }
    ws.close();
    expect(fs.readdirSync(dir)).toEqual(['precious.hsproj']);
    await expectUndisturbed();
  });
});

describe('browser mode under hostile WebSocket frames', () => {
  async function sendAndClose(send: (ws: WebSocket) => void): Promise<number> {
    const ws = await openWs(server);
    ws.on('error', () => undefined);
    const code = closeCode(ws);
    send(ws);
    return code;
  }

  it('an invalid UTF-8 text frame closes only that connection with 1007 (defect 4)', async () => {
    expect(await sendAndClose((ws) => ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false }))).toBe(1007);
    await expectUndisturbed();
  });

  it('a frame beyond the 64 MiB limit closes only that connection with 1009', async () => {
    expect(await sendAndClose((ws) => ws.send(Buffer.alloc(64 * 1024 * 1024 + 1)))).toBe(1009);
    await expectUndisturbed();
  });
});
