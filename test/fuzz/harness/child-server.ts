// Parent side of server-child.ts: starts a browser-mode server in its own process and talks to it at every
// level a client can (raw TCP, HTTP, WebSocket frames, contract requests), so a test sees a crash as what it is:
// the process gone.
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import WebSocket from 'ws';
import { decodeMessage, encodeMessage, type ServerMessage } from '../../../preload/wire';

export interface ChildServer {
  port: number;
  token: string;
  origin: string;
  /** The exit code once the process has ended (null: killed by a signal), undefined while it runs. */
  exitCode(): number | null | undefined;
  /** What the process printed on stderr (the stack of a crash). */
  stderr(): string;
  stop(): Promise<void>;
}

export async function startChildServer(): Promise<ChildServer> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'server-child.ts')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let exit: number | null | undefined;
  let err = '';
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      exit = code;
      resolve();
    }),
  );
  child.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-20_000)));
  const ready = await new Promise<{ port: number; token: string }>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line) as { port: number; token: string });
    });
    void exited.then(() => reject(new Error(`the server process exited before it was ready:\n${err}`)));
  });
  return {
    ...ready,
    origin: `http://127.0.0.1:${ready.port}`,
    exitCode: () => exit,
    stderr: () => err,
    stop: async () => {
      if (exit === undefined) child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface HttpReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export function httpGet(port: number, pathName: string): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: pathName, agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** Writes `bytes` on a fresh TCP connection, half-closes it, and resolves with what came back once it closes. */
export function rawExchange(port: number, bytes: Uint8Array): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(port, '127.0.0.1', () => socket.end(bytes));
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(Buffer.concat(chunks)));
  });
}

export function openWs(server: Pick<ChildServer, 'port' | 'token' | 'origin'>): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, { headers: { origin: server.origin } });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

const inboxes = new WeakMap<WebSocket, { queue: ServerMessage[]; waiter: (() => void) | null; closed: number | null }>();

/** Every message `ws` receives, queued (ws emits several per TCP chunk, faster than a promise chain re-listens). */
function inbox(ws: WebSocket) {
  let box = inboxes.get(ws);
  if (!box) {
    const b = { queue: [] as ServerMessage[], waiter: null as (() => void) | null, closed: null as number | null };
    ws.on('message', (d: Buffer) => {
      // A server message no client can decode is a failure of the server: it is reported as an error reply.
      let msg: ServerMessage;
      try {
        msg = decodeMessage(d) as ServerMessage;
      } catch (e) {
        msg = { t: 'res', id: null, ok: false, e: { name: 'UndecodableReply', message: `the server sent ${d.length} bytes no client can decode (${(e as Error).message}): ${d.subarray(0, 200).toString('hex')}` } };
      }
      b.queue.push(msg);
      b.waiter?.();
    });
    ws.on('close', (code: number) => {
      b.closed = code;
      b.waiter?.();
    });
    inboxes.set(ws, b);
    box = b;
  }
  return box;
}

/** The next message the server sends on `ws`, decoded. */
export async function nextMessage(ws: WebSocket): Promise<ServerMessage> {
  const box = inbox(ws);
  while (box.queue.length === 0) {
    if (box.closed !== null) throw new Error(`the connection closed (${box.closed}) before a reply`);
    await new Promise<void>((resolve) => (box.waiter = resolve));
    box.waiter = null;
  }
  return box.queue.shift()!;
}

let nextId = 1;

/** One contract request; resolves with the server's reply to it (events in between are skipped). */
export async function request(ws: WebSocket, ch: string, p: unknown): Promise<ServerMessage> {
  const id = nextId++;
  inbox(ws);
  ws.send(encodeMessage({ t: 'req', id, ch, p }));
  for (;;) {
    const msg = await nextMessage(ws);
    if (msg.t === 'res' && msg.id === id) return msg;
  }
}

/** Resolves with the close code once `ws` has closed. */
export function closeCode(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => (ws.readyState === ws.CLOSED ? resolve(1006) : ws.once('close', (code: number) => resolve(code))));
}

/** A small valid HNN job (what the bystander job of a robustness test runs). */
export const BYSTANDER_JOB = {
  config: { kind: 'hnn', model: 'hnn', hidden: 8, learningRate: 1e-3, steps: 1_000_000, seed: 0, trainTrajectories: 2, testTrajectories: 2, noise: 0.1, evalEvery: 100, rolloutTime: 1 },
  backend: 'wasm',
  label: 'bystander',
} as const;

/** Starts the bystander job; resolves with its id. */
export async function startBystander(server: ChildServer): Promise<string> {
  const ws = await openWs(server);
  const started = await request(ws, 'jobs:start', BYSTANDER_JOB);
  ws.close();
  if (started.t !== 'res' || !started.ok) throw new Error(`the bystander job did not start: ${JSON.stringify(started)}`);
  return (started.v as { id: string }).id;
}
