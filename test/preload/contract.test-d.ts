// Type tests for the contract: the API the renderer sees is exactly what the channel map says.
import { describe, expectTypeOf, it } from 'vitest';
import type { Api, AppInfo, Events, JobInfo, MetricRow, RequestOf, ParsedRequestOf, JobStartRequest } from '../../preload/contract';

declare const api: Api;

describe('contract types', () => {
  it('namespaces requests by channel prefix', () => {
    expectTypeOf(api.app.info).toEqualTypeOf<() => Promise<AppInfo>>();
    expectTypeOf(api.jobs.list).toEqualTypeOf<() => Promise<JobInfo[]>>();
    expectTypeOf(api.jobs.start).parameter(0).toEqualTypeOf<JobStartRequest>();
    expectTypeOf(api.jobs.start).returns.toEqualTypeOf<Promise<JobInfo>>();
    expectTypeOf(api.jobs.metrics).returns.toEqualTypeOf<Promise<MetricRow[]>>();
  });
  it('types event payloads by event name', () => {
    api.on('jobs:metrics', (p) => expectTypeOf(p).toEqualTypeOf<Events['jobs:metrics']>());
    api.on('jobs:update', (p) => expectTypeOf(p).toEqualTypeOf<JobInfo>());
    // @ts-expect-error not an event of the contract
    api.on('fs:changed', () => undefined);
  });
  it('rejects unknown channels and wrong payloads at compile time', () => {
    // @ts-expect-error no such namespace
    void api.fs;
    // @ts-expect-error jobId must be a string
    void api.jobs.cancel({ jobId: 3 });
  });
  it('lets callers omit defaults that handlers always receive', () => {
    expectTypeOf<RequestOf<'jobs:start'>['backend']>().toEqualTypeOf<'auto' | 'tfjs-node-gpu' | 'webgpu' | 'tfjs-node' | 'wasm' | 'cpu' | undefined>();
    expectTypeOf<ParsedRequestOf<'jobs:start'>['backend']>().toEqualTypeOf<'auto' | 'tfjs-node-gpu' | 'webgpu' | 'tfjs-node' | 'wasm' | 'cpu'>();
  });
});
