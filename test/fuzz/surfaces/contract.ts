// Every contract channel under schema-fuzzed payloads, through the one door (createDispatch) with every handler
// replaced by a recorder. Payloads are mutations of a valid example (a field retyped, removed or added, anywhere
// inside) or arbitrary values of any kind Electron's IPC can carry; channel names are fuzzed too. An invalid
// payload must be refused with a ContractError naming the channel, in a message a person can read, and no handler
// may run; a payload the schema accepts reaches its handler exactly once.
import { CHANNELS, requestSchemas, type Channel } from '../../../preload/contract';
import { createDispatch, type Handlers } from '../../../main/services/dispatch';
import { caseRng, chance, hostileValue, int, mutate, pick, randomText, type Rng } from '../gen';
import { Tally, unclearMessage, withWatchdog, type FuzzOptions, type FuzzReport } from '../report';
import { EXAMPLE_JOB_CONFIGS, EXAMPLE_PAYLOADS } from './payloads';

function payloadFor(rng: Rng, ch: Channel): unknown {
  if (chance(rng, 0.15)) return hostileValue(rng);
  let p: unknown = EXAMPLE_PAYLOADS[ch];
  if (ch === 'jobs:start' && chance(rng, 0.6)) p = { config: pick(rng, EXAMPLE_JOB_CONFIGS), backend: pick(rng, ['auto', 'wasm', 'cpu', 'webgpu']) };
  for (let k = 0, n = 1 + int(rng, 3); k < n; k++) p = mutate(rng, p);
  return p;
}

function channelFor(rng: Rng): unknown {
  if (chance(rng, 0.93)) return pick(rng, CHANNELS);
  return pick(rng, [randomText(rng, int(rng, 40)), 'jobs', 'jobs:', 'JOBS:LIST', '__proto__', 'constructor', 'hasOwnProperty', 42, null, undefined, {}, ['jobs:list'], Symbol('jobs:list'), BigInt(1)]);
}

export async function fuzzContract({ cases, seed }: FuzzOptions): Promise<FuzzReport> {
  const tally = new Tally('contract');
  const calls: Array<{ channel: Channel; request: unknown }> = [];
  const handlers = Object.fromEntries(CHANNELS.map((c) => [c, (request: unknown) => void calls.push({ channel: c, request })])) as unknown as Handlers;
  const dispatch = createDispatch(handlers);
  for (let i = 0; i < cases; i++) {
    const rng = caseRng(seed, i);
    const channel = channelFor(rng);
    const known = typeof channel === 'string' && (CHANNELS as string[]).includes(channel);
    const payload = known ? payloadFor(rng, channel as Channel) : hostileValue(rng);
    const valid = known && requestSchemas[channel as Channel].safeParse(payload).success;
    const what = `contract case ${i} (seed ${seed}) ${typeof channel === 'string' ? channel : typeof channel}`;
    calls.length = 0;
    try {
      await withWatchdog(dispatch(channel, payload), 10_000, what);
      if (!valid) tally.crashed(`${what}: an invalid payload was accepted`);
      else if (calls.length !== 1 || calls[0].channel !== channel) tally.crashed(`${what}: a valid payload reached ${calls.length} handlers`);
      else tally.ran('accepted');
    } catch (e) {
      const err = e as Error;
      const unclear = unclearMessage(err?.message);
      if (err?.name !== 'ContractError') tally.crashed(`${what}: threw ${err?.name}: ${err?.message}`);
      else if (valid) tally.crashed(`${what}: a valid payload was refused: ${err.message}`);
      else if (calls.length > 0) tally.crashed(`${what}: refused, but a handler ran`);
      else if (unclear) tally.crashed(`${what}: ${unclear}`);
      else if (known && !err.message.startsWith(`Invalid request to ${channel as string}:\n`)) tally.crashed(`${what}: the refusal does not name the channel: ${err.message.slice(0, 200)}`);
      else tally.ran(known ? 'refused' : 'unknown channel');
    }
  }
  return tally.done();
}
