// The contract's door (main/services/dispatch.ts) for PixelHNN jobs: a good payload reaches jobs:start parsed, a bad
// one is refused with a message that names the field, before any service sees it.
import { describe, expect, it, vi } from 'vitest';
import { createDispatch, type Handlers } from '../../main/services/dispatch';
import { appInfo } from '../../main/services/app-info';
import { PixelHnnJobSchema } from '../../preload/contract';

function dispatchWithStart() {
  const start = vi.fn((req: unknown) => req);
  const dispatch = createDispatch({ 'jobs:start': start } as unknown as Handlers);
  return { dispatch, start };
}

const good = {
  kind: 'pixel-hnn',
  model: { aeHidden: 16, hnnHidden: 16, batchSize: 4 },
  data: { system: 'pendulum', train: 8, test: 4 },
  steps: 5,
  maxSeconds: 0,
  metricsEvery: 1,
  evalEvery: 0,
  evalSequences: 4,
  anchor: 4,
  frames: 30,
  driftSteps: 60,
  rolloutSequences: 4,
  rolloutSteps: 60,
};

describe('jobs:start with a pixel-hnn config', () => {
  it('accepts the app defaults and a tiny job', async () => {
    const { defaults } = appInfo('browser', '/tmp');
    expect(defaults.pixelHnn.kind).toBe('pixel-hnn');
    expect(PixelHnnJobSchema.safeParse(defaults.pixelHnn).error).toBeUndefined();
    const { dispatch, start } = dispatchWithStart();
    await dispatch('jobs:start', { config: good });
    expect(start).toHaveBeenCalledWith({ config: good, backend: 'auto' });
  });

  it('rejects a bad payload with a clear message, and the service never sees it', async () => {
    const { dispatch, start } = dispatchWithStart();
    await expect(dispatch('jobs:start', { config: { ...good, rolloutSequences: 0 } })).rejects.toThrow(/Invalid request to jobs:start[\s\S]*rolloutSequences/);
    await expect(dispatch('jobs:start', { config: { ...good, anchor: 2.5 } })).rejects.toThrow(/anchor/);
    await expect(dispatch('jobs:start', { config: { ...good, data: { train: 8 } } })).rejects.toThrow(/data\.system/);
    await expect(dispatch('jobs:start', { config: { ...good, preset: 'paper' } })).rejects.toThrow(/preset/);
    await expect(dispatch('jobs:start', { config: { ...good, model: { 'ae-hidden': 16 } } })).rejects.toThrow(/model/);
    const { frames: _frames, ...missing } = good;
    await expect(dispatch('jobs:start', { config: missing })).rejects.toThrow(/frames/);
    expect(start).not.toHaveBeenCalled();
  });
});
