// One WebSocket client of browser mode: decodes requests, dispatches them through the contract, answers, and
// forwards events. A malformed frame gets an error reply; it never reaches a service.
import type { WebSocket } from 'ws';
import { decodeMessage, encodeMessage, type ServerMessage } from '../../preload/wire';
import type { Dispatch } from '../services/dispatch';
import { toErrorInfo } from '../workers/protocol';

function parseRequest(data: unknown, isBinary: boolean): { id: number; ch: unknown; p: unknown } | string {
  if (!isBinary || !(data instanceof Buffer)) return 'Expected a binary (msgpack) frame.';
  let msg: unknown;
  try {
    msg = decodeMessage(data);
  } catch {
    return 'Malformed frame: not valid msgpack.';
  }
  if (typeof msg !== 'object' || msg === null) return 'Malformed request: expected an object.';
  const { t, id, ch, p } = msg as Record<string, unknown>;
  if (t !== 'req' || typeof id !== 'number' || !Number.isSafeInteger(id)) return 'Malformed request: expected {t: "req", id, ch, p}.';
  return { id, ch, p };
}

export function attachSocket(ws: WebSocket, dispatch: Dispatch): void {
  const send = (msg: ServerMessage) => ws.readyState === ws.OPEN && ws.send(encodeMessage(msg));
  ws.on('message', async (data, isBinary) => {
    const req = parseRequest(data, isBinary);
    if (typeof req === 'string') {
      send({ t: 'res', id: null, ok: false, e: { name: 'ContractError', message: req } });
      return;
    }
    try {
      send({ t: 'res', id: req.id, ok: true, v: await dispatch(req.ch, req.p) });
    } catch (err) {
      const { name, message } = toErrorInfo(err);
      send({ t: 'res', id: req.id, ok: false, e: { name, message } });
    }
  });
}
