// A Node-side client of browser mode's WebSocket, for tests that drive the API directly.
import WebSocket from 'ws';
import { decodeMessage, encodeMessage, type ServerMessage } from '../../preload/wire';

export async function openSocket(origin: string, token: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  const ws = new WebSocket(`${origin.replace('http', 'ws')}/ws?token=${token}`, { headers: { origin, ...headers } });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
  return ws;
}

let nextId = 1;
export function request(ws: WebSocket, ch: string, p: unknown): Promise<Extract<ServerMessage, { t: 'res' }>> {
  const id = nextId++;
  return new Promise((resolve) => {
    const onMessage = (data: Buffer) => {
      const msg = decodeMessage(data) as ServerMessage;
      if (msg.t === 'res' && msg.id === id) {
        ws.off('message', onMessage);
        resolve(msg);
      }
    };
    ws.on('message', onMessage);
    ws.send(encodeMessage({ t: 'req', id, ch, p }));
  });
}
