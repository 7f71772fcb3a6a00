// THE typed API between renderer and main: requests with their responses, events with their payloads, and
// runtime schemas for everything that enters the main process. Both transports (Electron IPC and the
// WebSocket of browser mode) carry exactly this; nothing else crosses.
import { z } from 'zod';
export * from './schema-basics';
export * from './jobs';
export * from './settings-schema';
export * from './results';
export * from './eta';
export * from './sweeps';
import { BackendChoiceSchema } from './schema-basics';
import { JobConfigSchema, type FlowJobConfig, type HgnJobConfig, type HnnJobConfig, type PixelHnnJobConfig, type JobConfig, type JobKind, type DatasetSpec, DatasetSpecSchema, type SystemId, type ModelSettings, type HgnPreset } from './jobs';
import { SettingsPatchSchema, type MenuCommandEvent, type SettingsSnapshot } from './settings-schema';
import type { MetricValues } from './results';
import { sweepRequestSchemas, type SweepInfo, type SweepResponses, type SweepTag } from './sweeps';
import type { BackendChoice, BackendName } from './schema-basics';
import { int } from './schema-basics';


export const JobStartSchema = z.strictObject({
  config: JobConfigSchema,
  backend: BackendChoiceSchema.default('auto'),
  label: z.string().trim().min(1).max(200).optional(),
});
export type JobStartRequest = z.input<typeof JobStartSchema>;

const JobIdSchema = z.strictObject({ jobId: z.string().regex(/^job-[0-9]{1,9}$/, 'expected a job id like "job-3"') });
export type JobIdRequest = z.infer<typeof JobIdSchema>;

export type JobStatus = 'queued' | 'starting' | 'running' | 'paused' | 'completed' | 'failed' | 'cancelled';
export const FINISHED_STATUSES: readonly JobStatus[] = ['completed', 'failed', 'cancelled'];

/** An error as it crosses a boundary (worker -> main -> renderer): never a live Error object. */
export interface ErrorInfo {
  name: string;
  message: string;
  stack?: string;
}

export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
  return { name: 'Error', message: String(err) };
}

export interface JobInfo {
  id: string;
  kind: JobKind;
  label: string;
  status: JobStatus;
  backendChoice: BackendChoice;
  /** The backend that actually runs it, once its worker has started. */
  backend: BackendName | null;
  device: string | null;
  step: number;
  total: number;
  stepsPerSec: number;
  etaSec: number | null;
  /** Peak tensor memory of the job's backend so far (bytes), when its worker reports it. */
  memoryBytes: number | null;
  /** Peak GPU memory its WebGPU device held (tensors and tfjs's buffer pool), for jobs that run on a GPU. */
  gpuMemoryBytes?: number | null;
  createdAt: number;
  startedAt: number | null;
  endedAt: number | null;
  error: ErrorInfo | null;
  result: Record<string, number> | null;
  config: JobConfig;
  /** The sweep this run is an element of (preload/sweeps.ts). */
  sweep?: SweepTag | null;
}

export interface MetricRow {
  step: number;
  values: MetricValues;
}

export type MarkKind = 'checkpoint' | 'nan-rollback' | 'lr-change' | 'note';

export type ArtifactData =
  | { kind: 'json'; value: unknown }
  | { kind: 'f32'; shape: number[]; values: Float32Array }
  | { kind: 'f64'; shape: number[]; values: Float64Array }
  | { kind: 'u8'; shape: number[]; values: Uint8Array };

// ---------- projects ----------

export const EXPORT_WHATS = ['weights', 'metrics', 'samples', 'rollout-png', 'rollout-gif'] as const;

export interface ProjectInfo {
  /** The file on disk (on the machine running the app), null until saved. */
  path: string | null;
  name: string;
  dirty: boolean;
  savedAt: string | null;
  runs: number;
  datasets: number;
  /** Format version it was read from when older ones were migrated; null for a new project. */
  readFromVersion: number | null;
}

export interface RecoveryOffer {
  /** An autosave newer than the file, or (when the file cannot be opened) its backup, the version before its last save. */
  kind: 'autosave' | 'backup';
  path: string | null;
  /** The file the version is read from: the autosave, or the `.bak`. Recover sends it back as it was offered. */
  autosavePath: string;
  autosavedAt: string;
  fileModifiedAt: string | null;
  name: string | null;
}

export interface RecentProject {
  path: string;
  name: string;
  openedAt: string;
  exists: boolean;
}

const FilePathSchema = z.string().trim().min(1, 'a file path is required').max(4096).refine((p) => !p.includes('\0'), 'path contains a NUL character');

export interface SystemInfo {
  id: SystemId;
  label: string;
  description: string;
  dim: number;
  conservative: boolean;
  /** Indices of the q coordinates that are angles: phase portraits wrap them to (-pi, pi]. */
  angles: number[];
  params: Array<{ name: string; default: number; min: number; max: number; description: string }>;
  sampling: { radius: [number, number]; noise: number };
  presets: Record<string, Record<string, number>>;
}

export const PreviewSchema = DatasetSpecSchema.pick({ system: true, params: true, seed: true, dt: true, size: true, style: true }).extend({
  count: int(1, 16),
  steps: int(2, 400),
});
export type PreviewRequest = z.infer<typeof PreviewSchema>;

export interface Preview {
  count: number;
  steps: number;
  size: number;
  dim: number;
  /** uint8 [count, steps, size, size, 3] */
  frames: Uint8Array;
  /** float64 [count, steps, dim], layout [q..., p...] */
  states: Float64Array;
  /** float64 [count, steps]: the energy along each sampled trajectory */
  energy: Float64Array;
  /** The other conserved quantities along each trajectory, float64 [count, steps] each (Kepler: L and |A|). */
  invariants?: Array<{ name: string; values: Float64Array }>;
}

export interface DatasetEntry {
  key: string;
  bytes: number;
  modified: number;
  spec: DatasetSpec;
  systemLabel: string;
}

export interface DatasetGenerateResult {
  key: string;
  /** The generating job, or null when the dataset was already cached. */
  jobId: string | null;
  cached: boolean;
}

export interface AppInfo {
  name: string;
  version: string;
  mode: 'electron' | 'browser';
  platform: string;
  cores: number;
  /** Which backends could run here, and the one `auto` picks. */
  backends: Array<{ name: BackendName; available: boolean }>;
  autoBackend: BackendName;
  /** Whether oneDNN runs the wasm backend's convolutions and matmul ("oneDNN 2.6.3 runs ..."), or why not. */
  nativeKernels: { available: boolean; description: string; bf16?: string };
  /** What WebGPU finds here: an adapter (forcing webgpu works), a real GPU (`auto` takes it), its device line or why none. */
  gpu: { available: boolean; hardware: boolean; description: string };
  defaults: { hnn: HnnJobConfig; flow: FlowJobConfig; dataset: DatasetSpec; hgn: HgnJobConfig; pixelHnn: PixelHnnJobConfig };
  /** Every model setting of each preset, so forms can show the published value next to each field. */
  presets: { hgn: Record<HgnPreset, ModelSettings>; pixelHnn: ModelSettings };
  dataDir: string;
}

// ---------- requests ----------

const NoPayload = z.union([z.undefined(), z.null()]).transform(() => undefined);

/** Every request channel: its payload schema (validated in main) and, by the map below, its response type. */
export const requestSchemas = {
  'app:info': NoPayload,
  'jobs:start': JobStartSchema,
  'jobs:cancel': JobIdSchema,
  /** Forgets a finished job (it leaves the runs list; a run already saved in the project stays there). */
  'jobs:discard': JobIdSchema,
  'jobs:pause': JobIdSchema,
  'jobs:resume': JobIdSchema,
  'jobs:list': NoPayload,
  'jobs:metrics': JobIdSchema,
  /** A job's marks so far (checkpoints, rollbacks, rate changes): a reopened project's runs bring theirs. */
  'jobs:marks': JobIdSchema,
  /** A job's log so far (what it trained on, its warnings): the run view's Log panel. */
  'jobs:logs': JobIdSchema,
  'jobs:artifact': z.strictObject({ jobId: JobIdSchema.shape.jobId, name: z.string().min(1).max(100) }),
  'jobs:artifacts': JobIdSchema,
  'systems:list': NoPayload,
  'systems:preview': PreviewSchema,
  'datasets:list': NoPayload,
  'datasets:generate': DatasetSpecSchema,
  'datasets:delete': z.strictObject({ key: z.string().regex(/^[0-9a-f]{64}$/, 'expected a dataset key (64 hex digits)') }),
  'projects:state': NoPayload,
  'projects:new': z.strictObject({ name: z.string().trim().min(1).max(200).optional() }),
  'projects:open': z.strictObject({ path: FilePathSchema }),
  'projects:save': NoPayload,
  'projects:saveAs': z.strictObject({ path: FilePathSchema }),
  'projects:recent': NoPayload,
  'projects:recoverable': NoPayload,
  'projects:recover': z.strictObject({ path: FilePathSchema.nullable(), autosavePath: FilePathSchema }),
  'projects:export': z.strictObject({
    jobId: JobIdSchema.shape.jobId,
    what: z.enum(EXPORT_WHATS),
    outDir: FilePathSchema,
    /** Rollouts and samples: which of the run's arrays (an artifact name, e.g. rollout-frames); default the prediction. */
    saved: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'an artifact name').optional(),
  }),
  'settings:get': NoPayload,
  'settings:set': SettingsPatchSchema,
  ...sweepRequestSchemas,
} as const;

export interface Responses extends SweepResponses {
  'app:info': AppInfo;
  'jobs:start': JobInfo;
  'jobs:cancel': JobInfo;
  'jobs:discard': { jobId: string };
  'jobs:pause': JobInfo;
  'jobs:resume': JobInfo;
  'jobs:list': JobInfo[];
  'jobs:metrics': MetricRow[];
  'jobs:marks': Array<Events['jobs:mark']>;
  'jobs:logs': Array<Events['jobs:log']>;
  /** The latest artifact of that name, or null when the job has produced none yet. */
  'jobs:artifact': ArtifactData | null;
  /** Names of the artifacts a job has produced so far. */
  'jobs:artifacts': string[];
  'systems:list': SystemInfo[];
  'systems:preview': Preview;
  'datasets:list': DatasetEntry[];
  'datasets:generate': DatasetGenerateResult;
  'datasets:delete': boolean;
  'projects:state': ProjectInfo;
  'projects:new': ProjectInfo;
  /**
   * `recoveries`: what can be recovered, newest first (`recovery` is the first). `openError`: why the file could not
   * be opened, in which case the open project is unchanged and `recoveries` holds its autosave and/or backup.
   */
  'projects:open': { project: ProjectInfo; recovery: RecoveryOffer | null; recoveries: RecoveryOffer[]; openError: string | null };
  'projects:save': ProjectInfo;
  'projects:saveAs': ProjectInfo;
  'projects:recent': RecentProject[];
  'projects:recoverable': RecoveryOffer[];
  'projects:recover': ProjectInfo;
  'projects:export': { files: string[]; source: string };
  'settings:get': SettingsSnapshot;
  'settings:set': SettingsSnapshot;
}

export type Channel = keyof typeof requestSchemas;
/** What the caller sends (defaults may be omitted). */
export type RequestOf<C extends Channel> = z.input<(typeof requestSchemas)[C]>;
/** What the handler receives, after validation and defaults. */
export type ParsedRequestOf<C extends Channel> = z.output<(typeof requestSchemas)[C]>;
export type ResponseOf<C extends Channel> = Responses[C];

export const CHANNELS = Object.keys(requestSchemas) as Channel[];

// ---------- events (main -> renderer) ----------

export interface Events {
  'jobs:update': JobInfo;
  'jobs:discarded': { jobId: string };
  /** `sentAt`: when the worker sent these rows (epoch ms), to measure progress-to-screen latency. */
  'jobs:metrics': { jobId: string; rows: MetricRow[]; sentAt?: number };
  'jobs:log': { jobId: string; level: 'info' | 'warn' | 'error'; message: string; time: number };
  'jobs:mark': { jobId: string; step: number; kind: MarkKind; message: string };
  'jobs:artifact': { jobId: string; name: string; data: ArtifactData };
  /** The dataset cache changed: a dataset was written or deleted, or a generation failed to store. */
  'datasets:changed': { key: string; change: 'added' | 'deleted' | 'failed'; message?: string };
  'settings:changed': SettingsSnapshot;
  'projects:state': ProjectInfo;
  'app:menu': MenuCommandEvent;
  'sweeps:update': SweepInfo;
}
export type EventName = keyof Events;
export const EVENT_NAMES: readonly EventName[] = ['jobs:update', 'jobs:discarded', 'jobs:metrics', 'jobs:log', 'jobs:mark', 'jobs:artifact', 'datasets:changed', 'settings:changed', 'app:menu', 'projects:state', 'sweeps:update'];

// ---------- the API as the renderer sees it ----------

type Namespace<C> = C extends `${infer N}:${string}` ? N : never;
type MethodsOf<N extends string> = {
  [C in Channel as C extends `${N}:${infer M}` ? M : never]: [RequestOf<C>] extends [undefined | null]
    ? () => Promise<ResponseOf<C>>
    : (request: RequestOf<C>) => Promise<ResponseOf<C>>;
};

/** `api.jobs.start(config)`, `api.on('jobs:update', fn)`: one shape for both transports. */
export type Api = { [N in Namespace<Channel>]: MethodsOf<N> } & {
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
};

/** The two primitives a transport provides; `createApi` builds the namespaced API on top. */
export interface Transport {
  invoke(channel: Channel, payload: unknown): Promise<unknown>;
  on(event: EventName, listener: (payload: unknown) => void): () => void;
}

/** Builds `api.<namespace>.<method>` proxies over a transport (the VS Code pattern: one interface, proxied). */
export function createApi(transport: Transport): Api {
  const api: Record<string, unknown> = {
    on: (event: EventName, listener: (payload: never) => void) => transport.on(event, listener as (p: unknown) => void),
  };
  for (const channel of CHANNELS) {
    const [ns, method] = channel.split(':') as [string, string];
    const group = (api[ns] ??= {}) as Record<string, unknown>;
    group[method] = (request?: unknown) => transport.invoke(channel, request);
  }
  return api as Api;
}
