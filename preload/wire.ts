// The browser-mode wire format: msgpack with typed arrays kept binary (frames and trajectories must not
// become JSON number lists). Shared by main/browser-mode and the renderer's WebSocket transport.
import { decode, encode, ExtensionCodec } from '@msgpack/msgpack';
import type { ErrorInfo } from './contract';

export type ClientMessage = { t: 'req'; id: number; ch: string; p: unknown };
export type ServerMessage =
  | { t: 'res'; id: number | null; ok: true; v: unknown }
  | { t: 'res'; id: number | null; ok: false; e: ErrorInfo }
  | { t: 'evt'; ev: string; p: unknown };

const codec = new ExtensionCodec();
const TYPED: Array<[number, new (b: ArrayBuffer) => ArrayBufferView]> = [
  [1, Float32Array],
  [2, Float64Array],
  [3, Int32Array],
  [4, Uint16Array],
];
for (const [type, Ctor] of TYPED) {
  codec.register({
    type,
    encode: (v: unknown) => (v instanceof Ctor ? new Uint8Array(v.buffer, v.byteOffset, v.byteLength) : null),
    // A copy of exactly these bytes (they may be unaligned for the element size). Not data.slice(): in Node the
    // decoder hands out Buffers, whose slice() is a view of the whole pooled buffer.
    decode: (data: Uint8Array) => new Ctor(new Uint8Array(data).buffer),
  });
}

export function encodeMessage(msg: ClientMessage | ServerMessage): Uint8Array {
  return encode(msg, { extensionCodec: codec, ignoreUndefined: true });
}

export function decodeMessage(bytes: Uint8Array | ArrayBuffer): unknown {
  return decode(bytes, { extensionCodec: codec });
}
