// Browser mode's WebSocket side under hostile frames and messages. Half the cases are raw frames on a freshly
// upgraded connection (reserved bits and opcodes, unmasked frames, lying and huge lengths, invalid UTF-8 text,
// oversize and fragmented control frames); half are messages on an open connection (not msgpack, msgpack of
// wrong shapes, unknown channels, invalid payloads, huge array headers, deep nesting, bad typed-array
// extensions). A message must get exactly one clear error reply and reach no service; a raw frame may close its
// connection but nothing else. After every batch the server must answer, with its bystander job still running.
import net from 'node:net';
import type WebSocket from 'ws';
import { CHANNELS, requestSchemas, type Channel } from '../../../preload/contract';
import { decodeMessage, encodeMessage } from '../../../preload/wire';
import { caseRng, chance, hostileValue, int, mutate, pick, randomBytes, randomText, size, type Rng } from '../gen';
import { nextMessage, openWs, type ChildServer } from '../harness/child-server';
import { Tally, unclearMessage, withWatchdog, type FuzzOptions, type FuzzReport } from '../report';
import { freshServer, serverProblem } from './http';
import { EXAMPLE_PAYLOADS } from './payloads';

const BATCH = 250;
const CASE_MS = 15_000;
/** Channels that only read: a fuzzed request to them may be valid and is then answered normally. */
const READ_ONLY: readonly Channel[] = ['jobs:list', 'jobs:metrics', 'jobs:marks', 'jobs:logs', 'jobs:artifacts', 'jobs:artifact', 'systems:list', 'datasets:list', 'projects:state', 'projects:recent', 'settings:get'];

// ---------- raw frames ----------

function frame(rng: Rng): Buffer {
  const opcode = chance(rng, 0.85) ? pick(rng, [0, 1, 1, 2, 2, 2, 8, 9, 10]) : int(rng, 16);
  const fin = chance(rng, 0.9) ? 0x80 : 0;
  const rsv = chance(rng, 0.1) ? (1 + int(rng, 7)) << 4 : 0;
  let payload: Buffer;
  if (opcode === 1) payload = chance(rng, 0.5) ? Buffer.from([0x7b, ...randomBytes(rng, size(rng, 40)), 0xff]) : Buffer.from(randomText(rng, size(rng, 200)));
  else if (opcode === 8) payload = Buffer.concat([Buffer.from([int(rng, 256), int(rng, 256)]), randomBytes(rng, size(rng, 140))]);
  else if (opcode === 9 || opcode === 10) payload = randomBytes(rng, size(rng, 200));
  else payload = chance(rng, 0.5) ? Buffer.from(encodeMessage({ t: 'req', id: int(rng, 100), ch: pick(rng, CHANNELS), p: hostileValue(rng, 0, 'wire') })) : randomBytes(rng, size(rng, 2000));
  const masked = chance(rng, 0.9);
  const lie = chance(rng, 0.1);
  let length = payload.length;
  if (lie) length = pick(rng, [length + 1 + int(rng, 1000), 64 * 1024 * 1024 + 1, 2 ** 53 + 2, 2 ** 62, 2 ** 64 - 1]);
  const head: number[] = [fin | rsv | opcode];
  const m = masked ? 0x80 : 0;
  if (length < 126 && !chance(rng, 0.05)) head.push(m | length);
  else if (length < 65536 && chance(rng, 0.8)) head.push(m | 126, length >> 8, length & 0xff);
  else {
    head.push(m | 127);
    const big = BigInt(Math.min(length, 2 ** 64 - 1));
    for (let i = 7; i >= 0; i--) head.push(Number((big >> BigInt(8 * i)) & 0xffn));
  }
  if (!masked) return Buffer.concat([Buffer.from(head), payload]);
  const key = randomBytes(rng, 4);
  const body = Buffer.from(payload.map((b, i) => b ^ key[i % 4]));
  return Buffer.concat([Buffer.from(head), key, body]);
}

/** Upgrades a raw socket (a real handshake), sends `frames`, half-closes, and resolves once the server closes it. */
function rawFrames(server: ChildServer, frames: Buffer[]): Promise<{ upgraded: boolean }> {
  return new Promise((resolve) => {
    const socket = net.connect(server.port, '127.0.0.1');
    let got = Buffer.alloc(0);
    let upgraded = false;
    socket.on('connect', () =>
      socket.write(
        `GET /ws?token=${server.token} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nOrigin: ${server.origin}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      ),
    );
    socket.on('data', (d: Buffer) => {
      if (upgraded) return;
      got = Buffer.concat([got, d]);
      if (got.includes('\r\n\r\n')) {
        upgraded = got.subarray(0, 12).toString() === 'HTTP/1.1 101';
        socket.end(Buffer.concat(frames));
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve({ upgraded }));
  });
}

// ---------- messages ----------

/** Bytes of one WebSocket message, and whether it may be a valid request (to a read-only channel). */
export function messageCase(rng: Rng): { data: Buffer | string; mayBeValid: boolean } {
  const kind = int(rng, 12);
  const id = int(rng, 1_000_000);
  switch (kind) {
    case 0:
      return { data: randomText(rng, size(rng, 300)), mayBeValid: false };
    case 1:
      return { data: randomBytes(rng, size(rng, 3000)), mayBeValid: false };
    case 2: // array32 / map32 / str32 / bin32 headers claiming ~4e9 items, with nothing after them
      return { data: Buffer.from([pick(rng, [0xdd, 0xdf, 0xdb, 0xc6]), 0xff, 0xff, 0xff, int(rng, 256)]), mayBeValid: false };
    case 3: // deep nesting
      return { data: Buffer.concat([Buffer.alloc(size(rng, 200_000), 0x91), Buffer.from([0xc0])]), mayBeValid: false };
    case 4: { // a typed-array extension whose byte length does not fit its element size
      const len = 1 + int(rng, 30);
      return { data: Buffer.concat([Buffer.from(encodeMessage({ t: 'req', id, ch: 'jobs:list', p: null })).subarray(0, 1), Buffer.from([0xc7, len, 1 + int(rng, 4)]), randomBytes(rng, len)]), mayBeValid: false };
    }
    case 5:
      return asSent(hostileValue(rng, 0, 'wire'));
    case 6:
      return asSent({ t: pick(rng, ['req', 'res', 'evt', '']), id: hostileValue(rng, 3, 'wire'), ch: pick(rng, CHANNELS), p: null });
    case 7: // an unknown channel
      return asSent({ t: 'req', id, ch: pick(rng, ['fs:readFile', 'jobs:', ':', '__proto__', 'constructor', randomText(rng, size(rng, 100))]), p: hostileValue(rng, 0, 'wire') });
    default: { // a real channel with a fuzzed payload: invalid, unless the channel only reads
      const ch = pick(rng, CHANNELS);
      let p = mutate(rng, EXAMPLE_PAYLOADS[ch], 'wire');
      for (let tries = 0; !READ_ONLY.includes(ch) && validRequest({ t: 'req', id, ch, p }) && tries < 20; tries++) p = mutate(rng, p, 'wire');
      return asSent({ t: 'req', id, ch, p });
    }
  }
}

/** Whether the server, decoding `msg` as sent (undefined fields dropped, "__proto__" refused), finds a valid request. */
function validRequest(msg: unknown): boolean {
  try {
    const m = decodeMessage(encodeMessage(msg as never)) as Record<string, unknown>;
    return m.t === 'req' && Number.isSafeInteger(m.id) && (CHANNELS as unknown[]).includes(m.ch) && requestSchemas[m.ch as Channel].safeParse(m.p).success;
  } catch {
    return false;
  }
}

/** The message's bytes; a valid request to a channel that changes something is never sent (it goes to no channel). */
function asSent(msg: unknown): { data: Buffer; mayBeValid: boolean } {
  const valid = validRequest(msg);
  const ch = (msg as { ch?: unknown } | null)?.ch;
  if (valid && !READ_ONLY.includes(ch as Channel)) return { data: Buffer.from(encodeMessage({ ...(msg as object), ch: 'no:such' } as never)), mayBeValid: false };
  return { data: Buffer.from(encodeMessage(msg as never)), mayBeValid: valid };
}

/** Sends one message and checks its one reply: a clear error (or an answer, for a valid read-only request). */
async function exchange(ws: WebSocket, data: Buffer | string, mayBeValid: boolean): Promise<string> {
  ws.send(data, { binary: typeof data !== 'string' });
  for (;;) {
    const msg = await nextMessage(ws);
    if (msg.t !== 'res') continue;
    if (msg.ok) {
      if (!mayBeValid) throw new Error(`an invalid message was answered: ${JSON.stringify(msg).slice(0, 300)}`);
      return 'answered';
    }
    if (msg.e.name === 'UndecodableReply') throw new Error(msg.e.message);
    const unclear = unclearMessage(msg.e.message);
    if (unclear) throw new Error(unclear);
    return msg.e.name;
  }
}

export async function fuzzWs({ cases, seed }: FuzzOptions): Promise<FuzzReport> {
  const tally = new Tally('ws');
  let { server, jobId } = await freshServer();
  let ws: WebSocket | null = null;
  try {
    for (let start = 0; start < cases; start += BATCH) {
      const n = Math.min(BATCH, cases - start);
      // Raw-frame cases of the batch run side by side, each on its own connection.
      const raw = Array.from({ length: n }, (_, k) => start + k).filter((i) => i % 2 === 0);
      const rawResults = await Promise.all(
        raw.map((i) => {
          const rng = caseRng(seed, i);
          const frames = Array.from({ length: 1 + int(rng, 4) }, () => frame(rng));
          return withWatchdog(rawFrames(server, frames), CASE_MS, `ws raw case ${i}`).then(
            ({ upgraded }) => ({ i, error: upgraded ? null : 'the upgrade was refused' }),
            (e: Error) => ({ i, error: e.message }),
          );
        }),
      );
      for (const { i, error } of rawResults) if (error) tally.crashed(`ws raw case ${i} (seed ${seed}): ${error}`);
      // Message cases, one after the other on one connection (reopened if a case closed it).
      let passed = rawResults.filter((r) => !r.error).length;
      for (let i = start; i < start + n; i++) {
        if (i % 2 === 0) continue;
        const { data, mayBeValid } = messageCase(caseRng(seed, i));
        try {
          ws ??= await withWatchdog(openWs(server), CASE_MS, 'WebSocket open');
          tally.ran(await withWatchdog(exchange(ws, data, mayBeValid), CASE_MS, `ws message case ${i}`));
        } catch (e) {
          tally.crashed(`ws message case ${i} (seed ${seed}) ${JSON.stringify(String(data).slice(0, 100))}: ${(e as Error).message}`);
          ws?.terminate();
          ws = null;
        }
      }
      const problem = await serverProblem(server, jobId);
      if (problem) {
        // The raw cases of this batch may have done it: they count as crashes too.
        for (let k = 0; k < passed; k++) tally.crashed(`ws batch at case ${start} (seed ${seed}): ${problem}`);
        passed = 0;
        ws?.terminate();
        ws = null;
        await server.stop();
        ({ server, jobId } = await freshServer());
      }
      for (let k = 0; k < passed; k++) tally.ran('raw frames');
    }
  } finally {
    ws?.terminate();
    await server.stop();
  }
  return tally.done();
}
