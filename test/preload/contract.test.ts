import { describe, expect, it, vi } from 'vitest';
import { CHANNELS, createApi, requestSchemas, type Transport } from '../../preload/contract';
import { decodeMessage, encodeMessage } from '../../preload/wire';

describe('createApi', () => {
  it('proxies every channel to the transport under its namespace', async () => {
    const transport: Transport = { invoke: vi.fn(async () => 'ok'), on: vi.fn(() => () => undefined) };
    const api = createApi(transport);
    await api.jobs.cancel({ jobId: 'job-1' });
    expect(transport.invoke).toHaveBeenCalledWith('jobs:cancel', { jobId: 'job-1' });
    await api.app.info();
    expect(transport.invoke).toHaveBeenCalledWith('app:info', undefined);
    for (const ch of CHANNELS) {
      const [ns, m] = ch.split(':');
      expect(typeof (api as unknown as Record<string, Record<string, unknown>>)[ns][m]).toBe('function');
    }
  });
  it('has a schema for every channel', () => {
    expect(Object.keys(requestSchemas).sort()).toEqual([...CHANNELS].sort());
  });
});

describe('wire format', () => {
  it('keeps typed arrays binary and intact', () => {
    const f32 = new Float32Array([1.5, -2, Math.PI]);
    const f64 = new Float64Array([Math.E, 1e-300]);
    const u8 = new Uint8Array([0, 255, 7]);
    const bytes = encodeMessage({ t: 'evt', ev: 'x', p: { f32, f64, u8 } });
    expect(bytes.byteLength).toBeLessThan(80);
    const out = decodeMessage(bytes) as { p: { f32: Float32Array; f64: Float64Array; u8: Uint8Array } };
    expect(out.p.f32).toBeInstanceOf(Float32Array);
    expect(out.p.f32).toEqual(f32);
    expect(out.p.f64).toEqual(f64);
    expect(out.p.u8).toEqual(u8);
  });
});

describe('contract schemas match the engine defaults', () => {
  it('accepts the defaults the app offers', async () => {
    const { appInfo } = await import('../../main/services/app-info');
    const { HnnJobSchema, FlowJobSchema, DatasetSpecSchema } = await import('../../preload/contract');
    const { defaults } = appInfo('browser', '/tmp');
    expect(HnnJobSchema.safeParse(defaults.hnn).error).toBeUndefined();
    expect(FlowJobSchema.safeParse(defaults.flow).error).toBeUndefined();
    expect(DatasetSpecSchema.safeParse(defaults.dataset).error).toBeUndefined();
  });
});
