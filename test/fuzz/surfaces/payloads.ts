// One valid payload per contract channel: what the schema fuzzers mutate. Typed over every channel, so a channel
// added to the contract without an example here fails the typecheck (and would otherwise go unfuzzed).
import { FlowJobSchema, HgnJobSchema, type Channel } from '../../../preload/contract';
import { HNN_DEFAULTS } from '../../../main/core/models/hnn/train';

const dataset = { system: 'pendulum', seed: 0, train: 200, test: 50, steps: 30, dt: 0.125, size: 32, style: 'rs' };

export const EXAMPLE_PAYLOADS: Record<Channel, unknown> = {
  'app:info': null,
  'jobs:start': { config: { kind: 'hnn', ...HNN_DEFAULTS }, backend: 'wasm', label: 'fuzz' },
  'jobs:cancel': { jobId: 'job-77' },
  'jobs:discard': { jobId: 'job-77' },
  'jobs:pause': { jobId: 'job-77' },
  'jobs:resume': { jobId: 'job-77' },
  'jobs:list': null,
  'jobs:metrics': { jobId: 'job-77' },
  'jobs:marks': { jobId: 'job-77' },
  'jobs:logs': { jobId: 'job-77' },
  'jobs:artifact': { jobId: 'job-77', name: 'samples' },
  'jobs:artifacts': { jobId: 'job-77' },
  'systems:list': null,
  'systems:preview': { system: 'pendulum', params: {}, seed: 1, count: 4, steps: 30, dt: 0.125, size: 32, style: 'rs' },
  'datasets:list': null,
  'datasets:generate': dataset,
  'datasets:delete': { key: 'a'.repeat(64) },
  'projects:state': null,
  'projects:new': { name: 'fuzz' },
  'projects:open': { path: '/nonexistent-hs-fuzz/fuzz.hsproj' },
  'projects:save': null,
  'projects:saveAs': { path: '/nonexistent-hs-fuzz/fuzz.hsproj' },
  'projects:recent': null,
  'projects:recoverable': null,
  'projects:recover': { path: null, autosavePath: '/nonexistent-hs-fuzz/.fuzz.hsproj.autosave' },
  'projects:export': { jobId: 'job-77', what: 'metrics', outDir: '/nonexistent-hs-fuzz/export' },
  'settings:get': null,
  'settings:set': { theme: 'light' },
  'sweeps:plan': { name: 'fuzz', base: { kind: 'hnn', steps: 10 }, axes: [{ path: 'learningRate', values: [1e-3, 2e-3] }], seeds: [0, 1] },
  'sweeps:start': { spec: { name: 'fuzz', base: { kind: 'hnn', steps: 10 }, axes: [] }, run: { mode: 'slurm', slurm: { partition: 'debug' }, dir: '/nonexistent-hs-fuzz/sweep' } },
  'sweeps:list': null,
  'sweeps:attach': { dir: '/nonexistent-hs-fuzz/sweep' },
  'sweeps:cancel': { sweepId: '0123456789ab', indices: [1, 2] },
  'sweeps:resubmit': { sweepId: '0123456789ab' },
};

/** Examples of the richer configs, for mutating job starts of every kind. */
export const EXAMPLE_JOB_CONFIGS: unknown[] = [
  { kind: 'hnn', ...HNN_DEFAULTS },
  FlowJobSchema.parse({ kind: 'flow' }),
  HgnJobSchema.parse({ kind: 'hgn' }),
];
