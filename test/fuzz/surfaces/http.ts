// Browser mode's HTTP side under malformed requests: methods, request targets (bad percent-encodings, NUL, dot
// segments, absolute and huge URLs), versions, headers (invalid, duplicated, oversize), bodies and framing, and
// WebSocket upgrades with every check failing. Each request goes on its own connection, raw; after every batch
// the server must still serve its page and the contract, with the bystander job running. A crash is the server
// process gone, a 5xx, a reply that is not HTTP, or a connection left hanging.
import { caseRng, chance, int, pick, randomBytes, randomText, size, type Rng } from '../gen';
import { httpGet, openWs, rawExchange, request, startBystander, startChildServer, type ChildServer } from '../harness/child-server';
import { Tally, withWatchdog, type FuzzOptions, type FuzzReport } from '../report';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE', 'CONNECT', 'get', 'G ET', 'PRI', 'X'.repeat(300), ''];
const VERSIONS = ['HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/0.9', 'HTTP/1.1 extra', 'HTTPS/1.1', 'http/1.1', ''];
const PATH_PARTS = ['%', '%E0%A4%A', '%ZZ', '%00', '%ff%fe', '%2e%2e', '..', '.', '%2f', '//', '\\', 'index.html', 'ws', '?', '#', '&token=', ';', '~', '%C0%AF', '%u002e', '\u00e9', '\u0000', ' '];
const HEADER_NAMES = ['Host', 'Origin', 'Upgrade', 'Connection', 'Sec-WebSocket-Key', 'Sec-WebSocket-Version', 'Content-Length', 'Transfer-Encoding', 'Cookie', 'Range', 'Accept-Encoding', 'Expect', 'X-Forwarded-For'];
const BATCH = 250;
const CASE_MS = 15_000;

function target(rng: Rng): string {
  const kind = int(rng, 6);
  if (kind === 0) return pick(rng, ['*', 'http://[', 'http://127.0.0.1/', '//evil.example/x', 'ws://x/ws', '/ws?token=' + randomText(rng, 48, '0123456789abcdef')]);
  if (kind === 1) return '/' + 'a/'.repeat(size(rng, 20_000));
  let t = '/';
  for (let i = 0, n = 1 + size(rng, 12); i < n; i++) t += chance(rng, 0.6) ? pick(rng, PATH_PARTS) : randomText(rng, size(rng, 20));
  return t;
}

function headers(rng: Rng, port: number): string {
  const lines: string[] = [];
  // Some requests keep a clean header syntax, so that their odd values reach the server's own code.
  const clean = chance(rng, 0.5);
  if (chance(rng, 0.8)) lines.push(`Host: ${pick(rng, [`127.0.0.1:${port}`, 'evil.example', '', `localhost:${port}`, randomText(rng, size(rng, 100))])}`);
  for (let i = 0, n = size(rng, 10); i < n; i++) {
    const name = clean || chance(rng, 0.7) ? pick(rng, HEADER_NAMES) : randomText(rng, 1 + size(rng, 30));
    const value = pick(rng, [
      clean ? randomText(rng, size(rng, 200), 'abcdefghijklmnopqrstuvwxyz0123456789-=;,./ ') : randomText(rng, size(rng, 200)),
      'websocket',
      'Upgrade',
      'chunked',
      String(int(rng, 1 << 30)),
      '-1',
      '99999999999999999999',
      `http://127.0.0.1:${port}`,
      'x'.repeat(size(rng, 20_000)),
    ]);
    lines.push(!clean && chance(rng, 0.05) ? `${name}${value}` : `${name}: ${value}`);
  }
  return lines.join(clean ? '\r\n' : pick(rng, ['\r\n', '\r\n', '\n', '\r']));
}

/** One malformed request (sometimes a well-formed one, so some cases reach the static files and the upgrade). */
export function httpCase(rng: Rng, port: number): Buffer {
  if (chance(rng, 0.05)) return randomBytes(rng, size(rng, 4096));
  const method = chance(rng, 0.6) ? 'GET' : pick(rng, METHODS);
  const line = `${method} ${target(rng)} ${chance(rng, 0.8) ? 'HTTP/1.1' : pick(rng, VERSIONS)}`;
  const head = `${line}\r\n${headers(rng, port)}${pick(rng, ['\r\n\r\n', '\r\n\r\n', '\r\n\r\n', '\r\n', '', '\n\n'])}`;
  const body = chance(rng, 0.3) ? (chance(rng, 0.5) ? randomBytes(rng, size(rng, 70_000)) : Buffer.from(`${int(rng, 0xffff).toString(16)}\r\n${randomText(rng, size(rng, 50))}\r\n0\r\n\r\n`)) : Buffer.alloc(0);
  return Buffer.concat([Buffer.from(head, chance(rng, 0.1) ? 'latin1' : 'utf8'), body]);
}

/** Why a raw reply shows the server failing (5xx, not HTTP), or null. An empty reply is a closed connection. */
function badReply(reply: Buffer): string | null {
  if (reply.length === 0) return null;
  const status = /^HTTP\/1\.[01] (\d{3}) /.exec(reply.subarray(0, 64).toString('latin1'));
  if (!status) return `not an HTTP reply: ${JSON.stringify(reply.subarray(0, 80).toString('latin1'))}`;
  return Number(status[1]) >= 500 ? `status ${status[1]}` : null;
}

export function outcomeOf(reply: Buffer): string {
  return reply.length === 0 ? 'closed' : (/^HTTP\/1\.[01] (\d{3})/.exec(reply.subarray(0, 16).toString('latin1'))?.[1] ?? 'other');
}

/** The server is alive, serves its page and the contract, and the bystander job still runs; else why not. */
export async function serverProblem(server: ChildServer, jobId: string): Promise<string | null> {
  if (server.exitCode() !== undefined) return `the server process exited (${server.exitCode()}):\n${server.stderr().slice(-1500)}`;
  try {
    const page = await withWatchdog(httpGet(server.port, '/'), CASE_MS, 'GET /');
    if (page.status !== 200) return `GET / answered ${page.status}`;
    const ws = await withWatchdog(openWs(server), CASE_MS, 'WebSocket open');
    const jobs = await withWatchdog(request(ws, 'jobs:list', undefined), CASE_MS, 'jobs:list');
    ws.close();
    const list = jobs.t === 'res' && jobs.ok ? (jobs.v as Array<{ id: string; status: string }>) : [];
    const job = list.find((j) => j.id === jobId);
    if (!job || job.status !== 'running') return `the bystander job is ${job?.status ?? 'gone'}`;
    return null;
  } catch (e) {
    return `the server stopped answering: ${(e as Error).message}`;
  }
}

/** Starts a fresh server with its bystander job (after a crash, so the run goes on counting). */
export async function freshServer(): Promise<{ server: ChildServer; jobId: string }> {
  const server = await startChildServer();
  return { server, jobId: await startBystander(server) };
}

export async function fuzzHttp({ cases, seed }: FuzzOptions): Promise<FuzzReport> {
  const tally = new Tally('http');
  let { server, jobId } = await freshServer();
  try {
    for (let start = 0; start < cases; start += BATCH) {
      const n = Math.min(BATCH, cases - start);
      const replies = await Promise.all(
        Array.from({ length: n }, (_, k) => {
          const i = start + k;
          const bytes = httpCase(caseRng(seed, i), server.port);
          return withWatchdog(rawExchange(server.port, bytes), CASE_MS, `http case ${i}`).then(
            (reply) => ({ i, bytes, reply, error: null as string | null }),
            (e: Error) => ({ i, bytes, reply: Buffer.alloc(0), error: e.message }),
          );
        }),
      );
      const problem = await serverProblem(server, jobId);
      for (const { i, bytes, reply, error } of replies) {
        const why = error ?? badReply(reply) ?? (problem && `after batch ${start}: ${problem}`);
        if (why) tally.crashed(`http case ${i} (seed ${seed}) ${JSON.stringify(bytes.subarray(0, 120).toString('latin1'))}: ${why}`);
        else tally.ran(outcomeOf(reply));
      }
      if (problem) {
        await server.stop();
        ({ server, jobId } = await freshServer());
      }
    }
  } finally {
    await server.stop();
  }
  return tally.done();
}
