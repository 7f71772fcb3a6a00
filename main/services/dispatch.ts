// The one door into the main process: every request is checked against the contract's schema before any
// service sees it, and every failure crosses back as a plain {name, message}. A refusal names the fields and
// what is wrong with them in a few lines, however large or deeply wrong the payload was.
import { z } from 'zod';
import { CHANNELS, requestSchemas, type Channel, type ParsedRequestOf, type ResponseOf } from '../../preload/contract';

export type Handlers = { [C in Channel]: (request: ParsedRequestOf<C>) => ResponseOf<C> | Promise<ResponseOf<C>> };

export class ContractError extends Error {
  override name = 'ContractError';
}

export type Dispatch = (channel: unknown, payload: unknown) => Promise<unknown>;

/** Zod says "expected string, received undefined" for a missing field; people need "required". */
const inUserWords: z.core.$ZodErrorMap = (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'required' : undefined);

const MAX_ISSUES = 8;
const MAX_MESSAGE = 2000;

/** The refusal of an invalid request: its first few problems, each with the field it is at. */
export function describeInvalid(channel: Channel, error: z.ZodError): string {
  const more = error.issues.length - MAX_ISSUES;
  const text = `Invalid request to ${channel}:\n${z.prettifyError(new z.ZodError(error.issues.slice(0, MAX_ISSUES)))}`;
  const cut = text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}...` : text;
  return more > 0 ? `${cut}\n(and ${more} more problem${more === 1 ? '' : 's'})` : cut;
}

export function createDispatch(handlers: Handlers): Dispatch {
  return async (channel, payload) => {
    if (typeof channel !== 'string' || !(CHANNELS as string[]).includes(channel)) {
      if (typeof channel !== 'string') throw new ContractError('A request must name its channel (a string such as "jobs:list").');
      throw new ContractError(`Unknown request channel ${JSON.stringify(channel.slice(0, 80))}.`);
    }
    const c = channel as Channel;
    const parsed = requestSchemas[c].safeParse(payload, { error: inUserWords });
    if (!parsed.success) throw new ContractError(describeInvalid(c, parsed.error));
    const handler = handlers[c] as (request: unknown) => unknown;
    return handler(parsed.data);
  };
}
