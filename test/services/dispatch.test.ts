// The one door's refusals, as the contract fuzzer (test/fuzz/) found them wanting: in a person's words, a few
// lines however wrong the payload, and never a TypeError of their own.
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../preload/contract';
import { createDispatch, type Handlers } from '../../main/services/dispatch';

const reached: string[] = [];
const dispatch = createDispatch(Object.fromEntries(CHANNELS.map((c) => [c, () => void reached.push(c)])) as unknown as Handlers);

describe('contract refusals', () => {
  it('a missing field is "required", not "expected string, received undefined"', async () => {
    await expect(dispatch('projects:open', {})).rejects.toMatchObject({ name: 'ContractError', message: 'Invalid request to projects:open:\n✖ required\n  → at path' });
  });

  it('a payload wrong in thousands of places gets the first problems and a count', async () => {
    const e = (await dispatch('systems:preview', { system: 'pendulum', params: Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, 'x'])) }).catch((x: Error) => x)) as Error;
    expect(e.name).toBe('ContractError');
    expect(e.message.length).toBeLessThan(2200);
    expect(e.message).toMatch(/\(and \d+ more problems\)$/);
  });

  it.each([[undefined], [null], [42], [Symbol('jobs:list')], [BigInt(7)], [{}]])('a channel that is not a string (%s) is a ContractError', async (channel) => {
    await expect(dispatch(channel, undefined)).rejects.toMatchObject({ name: 'ContractError', message: 'A request must name its channel (a string such as "jobs:list").' });
  });

  it('nothing refused reaches a handler', () => {
    expect(reached).toEqual([]);
  });
});
