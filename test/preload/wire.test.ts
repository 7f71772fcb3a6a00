// The browser-mode wire format keeps typed arrays binary, and decodes them exactly, whatever buffer the bytes
// arrive in: in Node (the server, test clients) the WebSocket hands out Buffers that are views of larger pools.
import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage } from '../../preload/wire';

const message = { t: 'res', id: 1, ok: true, v: { a: Float64Array.of(1.5, -2.5), b: Float32Array.of(3, 4, 5), c: Int32Array.of(-7), d: Uint16Array.of(9, 10) } } as const;

describe('wire', () => {
  it('round-trips typed arrays from a plain Uint8Array', () => {
    expect(decodeMessage(encodeMessage(message))).toEqual(message);
  });

  it('round-trips typed arrays from a Node Buffer that is a view into a larger buffer (found by the fuzzer)', () => {
    for (const offset of [0, 1, 3, 8]) {
      const view = Buffer.concat([Buffer.alloc(offset, 7), Buffer.from(encodeMessage(message)), Buffer.alloc(5, 9)]).subarray(offset, offset + encodeMessage(message).length);
      expect(decodeMessage(view)).toEqual(message);
    }
  });
});
