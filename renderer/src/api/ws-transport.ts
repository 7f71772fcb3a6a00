// Browser mode's transport: the contract over one WebSocket, msgpack-encoded, with this launch's token.
import type { Channel, EventName, Transport } from '../../../preload/contract';
import { decodeMessage, encodeMessage, type ServerMessage } from '../../../preload/wire';

export class RemoteError extends Error {}

export interface WsTransport extends Transport {
  ready: Promise<void>;
  onClose(listener: () => void): void;
}

export function createWsTransport(url: string): WsTransport {
  const ws = new WebSocket(url);
  ws.binaryType = 'arraybuffer';
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const closeListeners: Array<() => void> = [];
  const ready = new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve());
    ws.addEventListener('error', () => reject(new Error('Could not connect to the Hamiltonian Studio server.')));
  });
  ws.addEventListener('close', () => {
    for (const p of pending.values()) p.reject(new Error('The connection to the server closed.'));
    pending.clear();
    closeListeners.forEach((l) => l());
  });
  ws.addEventListener('message', (ev: MessageEvent<ArrayBuffer>) => {
    const msg = decodeMessage(new Uint8Array(ev.data)) as ServerMessage;
    if (msg.t === 'evt') {
      listeners.get(msg.ev)?.forEach((l) => l(msg.p));
      return;
    }
    const p = msg.id === null ? undefined : pending.get(msg.id);
    if (!p || msg.id === null) return;
    pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.v);
    else p.reject(Object.assign(new RemoteError(msg.e.message), { name: msg.e.name }));
  });
  return {
    ready,
    onClose: (l) => closeListeners.push(l),
    async invoke(channel: Channel, payload: unknown) {
      await ready;
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        ws.send(encodeMessage({ t: "req", id, ch: channel, p: payload }) as Uint8Array<ArrayBuffer>);
      });
    },
    on(event: EventName, listener: (p: unknown) => void) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => set.delete(listener);
    },
  };
}
