// The browser-mode server: static renderer + the contract over WebSocket, loopback only, token required.
// Nothing a client sends may stop it: every socket has an error listener, and malformed requests get answers.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventName, Events } from '../../preload/contract';
import { encodeMessage } from '../../preload/wire';
import { createServices, type Services } from '../services';
import type { WorkerFactory } from '../services/jobs/worker-factory';
import { allowedHosts, checkUpgrade, newToken } from './guard';
import { attachSocket } from './socket';
import { findRendererDir, serveStatic } from './static-files';

export interface ServeOptions {
  host?: string;
  port?: number;
  /** Fixed token (tests, scripted remote use); a random one per launch otherwise. */
  token?: string;
  rendererDir?: string;
  maxParallel?: number;
  dataDir?: string;
  /** Tests substitute fake workers (e.g. to keep a job running while they fuzz the server). */
  workerFactory?: WorkerFactory;
  /** Largest WebSocket message accepted (bytes); a larger frame closes that connection with 1009. */
  maxPayload?: number;
}

export const MAX_PAYLOAD = 64 * 1024 * 1024;

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  services: Services;
  close(): Promise<void>;
}

export async function startServer(opts: ServeOptions = {}): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? newToken();
  const root = opts.rendererDir ?? findRendererDir();
  const clients = new Set<WebSocket>();
  const emit = <E extends EventName>(ev: E, p: Events[E]) => {
    const frame = encodeMessage({ t: 'evt', ev, p });
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(frame);
  };
  const services = createServices({ mode: 'browser', emit, maxParallel: opts.maxParallel, dataDir: opts.dataDir, workerFactory: opts.workerFactory });
  const server = http.createServer((req, res) => serveStatic(root, req, res));
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxPayload ?? MAX_PAYLOAD });
  wss.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  const hosts = allowedHosts(host, port);
  // After listening, an 'error' (e.g. too many open files) must not end the process: the server keeps going.
  server.on('error', (err) => console.warn(`browser mode: ${err.message}`));
  server.on('upgrade', (req, socket, head) => {
    // Node takes its own error listener off an upgraded socket: a reset from the client would be uncaught.
    socket.on('error', () => socket.destroy());
    const refusal = checkUpgrade(req, token, hosts);
    if (refusal) {
      socket.end(`HTTP/1.1 ${refusal.status} ${refusal.reason}\r\nConnection: close\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws);
      ws.on('close', () => clients.delete(ws));
      attachSocket(ws, services.dispatch);
    });
  });
  return {
    url: `http://${host}:${port}/?token=${token}`,
    port,
    token,
    services,
    close: async () => {
      for (const ws of clients) ws.terminate();
      wss.close();
      await new Promise<void>((r) => server.close(() => r()));
      await services.dispose();
    },
  };
}
