// `hamiltonian-studio serve --host 127.0.0.1` as the README documents it: the installed bin, the built CLI, a
// page served at the printed URL, the WebSocket API answering, a clean exit on SIGTERM.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSocket, request } from '../e2e/ws-client';
import { version } from '../../package.json';

const root = path.resolve(__dirname, '../..');
const bin = path.join(root, 'bin/hamiltonian-studio.cjs');
const built = fs.existsSync(path.join(root, 'out/main/cli.js')) && fs.existsSync(path.join(root, 'out/renderer/index.html'));
const children: ChildProcess[] = [];

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

function startServe(args: string[]): Promise<{ proc: ChildProcess; url: URL }> {
  const proc = spawn(process.execPath, [bin, 'serve', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(proc);
  let text = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within 30 s: ${text}`)), 30_000);
    const onData = (d: Buffer) => {
      text += d.toString();
      const m = /Open (http:\/\/\S+)/.exec(text);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, url: new URL(m[1]) });
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${text}`)));
  });
}

describe.skipIf(!built)('hamiltonian-studio serve (built CLI)', () => {
  if (!built) console.warn('skipped: out/ is not built; run `npm run build` first.');

  it('the bin prints the version (it runs the built CLI, not just loads it)', () => {
    const r = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(version);
  });

  for (const host of ['127.0.0.1', 'localhost']) {
    it(`--host ${host}: serves the page, answers app:info over the WebSocket, exits 0 on SIGTERM`, async () => {
      const { proc, url } = await startServe(['--host', host, '--port', '0']);
      expect(url.hostname).toBe(host);
      const token = url.searchParams.get('token')!;
      expect(token).toMatch(/^[0-9a-f]{32,}$/);
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<html/i);
      const ws = await openSocket(url.origin, token);
      const res = await request(ws, 'app:info', null);
      ws.close();
      expect(res.ok).toBe(true);
      expect((res as { v: { mode: string } }).v.mode).toBe('browser');
      const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
      proc.kill('SIGTERM');
      const code = await exited;
      // Windows has no SIGTERM handlers: kill() ends the process outright there.
      if (process.platform !== 'win32') expect(code).toBe(0);
    });
  }

  it('refuses a non-loopback host with the usage and a non-zero exit', () => {
    const r = spawnSync(process.execPath, [bin, 'serve', '--host', '0.0.0.0'], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/loopback only/);
    expect(r.stderr).toContain('Usage: hamiltonian-studio serve');
  });
});
