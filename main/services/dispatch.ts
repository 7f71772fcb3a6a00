// The one door into the main process: every request is checked against the contract's schema before any
// service sees it, and every failure crosses back as a plain {name, message}.
import { z } from 'zod';
import { CHANNELS, requestSchemas, type Channel, type ParsedRequestOf, type ResponseOf } from '../../preload/contract';

export type Handlers = { [C in Channel]: (request: ParsedRequestOf<C>) => ResponseOf<C> | Promise<ResponseOf<C>> };

export class ContractError extends Error {
  override name = 'ContractError';
}

export type Dispatch = (channel: unknown, payload: unknown) => Promise<unknown>;

export function createDispatch(handlers: Handlers): Dispatch {
  return async (channel, payload) => {
    if (typeof channel !== 'string' || !(CHANNELS as string[]).includes(channel)) {
      throw new ContractError(`Unknown request channel ${JSON.stringify(channel)?.slice(0, 80)}.`);
    }
    const c = channel as Channel;
    const parsed = requestSchemas[c].safeParse(payload);
    if (!parsed.success) {
      throw new ContractError(`Invalid request to ${c}:\n${z.prettifyError(parsed.error)}`);
    }
    const handler = handlers[c] as (request: unknown) => unknown;
    return handler(parsed.data);
  };
}
