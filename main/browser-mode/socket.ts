// One WebSocket client of browser mode: decodes requests, dispatches them through the contract, answers, and
// forwards events. A malformed message gets an error reply; it never reaches a service. A frame that breaks the
// protocol (invalid UTF-8 text, oversize, bad opcode) closes this connection only: its 'error' is handled here,
// since an unhandled one would end the whole process, with every running job.
import type { WebSocket } from 'ws';
import { toErrorInfo } from '../../preload/contract';
import { decodeMessage, encodeMessage, type ServerMessage } from '../../preload/wire';
import type { Dispatch } from '../services/dispatch';

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

/** Sends if the socket is open; a reply that cannot be encoded becomes an error reply. */
function sender(ws: WebSocket): (msg: ServerMessage) => void {
  return (msg) => {
    if (ws.readyState !== ws.OPEN) return;
    let frame: Uint8Array;
    try {
      frame = encodeMessage(msg);
    } catch (err) {
      const id = msg.t === 'res' ? msg.id : null;
      frame = encodeMessage({ t: 'res', id, ok: false, e: { name: 'InternalError', message: `The reply could not be encoded: ${toErrorInfo(err).message}` } });
    }
    ws.send(frame);
  };
}

export function attachSocket(ws: WebSocket, dispatch: Dispatch): void {
  const send = sender(ws);
  // ws closes the connection itself (1007 bad UTF-8, 1009 too big, 1002 protocol error) after emitting this.
  ws.on('error', () => undefined);
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
