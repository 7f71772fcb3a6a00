// A job, as the JobManager keeps it (info, metric rows, marks, logs, artifacts), turned into a project run.
// Typed-array artifacts become saved arrays; a JSON artifact holding `weights: [{name, shape, values}]` (the
// flow runner's model) becomes the run's final weights; an HGN checkpoint artifact becomes a checkpoint.
import type { ArtifactData, JobInfo, MetricRow } from '../../../preload/contract';
import { decodeCheckpoint } from '../../core/models/hgn/checkpoint';
import { unpackArrays } from '../../core/training/pack';
import { checkpointFromHgn, type Checkpoint, type JsonObject, type JsonValue, type MachineInfo, type NamedTensors, type NewRun, type SavedArrays, type Tensor } from '../../project';
import { jsonProblem } from '../../project/json';
import { TENSOR_NAME, firstNonFinite } from '../../project/tensors';

/** What the JobManager holds about a job (its JobRecord has this shape). */
export interface JobSnapshot {
  info: JobInfo;
  metrics: readonly MetricRow[];
  marks: ReadonlyArray<{ step: number; kind: string; message: string }>;
  logs: ReadonlyArray<{ level: 'info' | 'warn' | 'error'; message: string; time: number }>;
  artifacts: ReadonlyMap<string, ArtifactData>;
}

export interface FromJobOptions {
  /** The run id in the project (default: the project assigns one). */
  id?: string;
  machine?: MachineInfo | null;
  datasetId?: string | null;
}

const safeId = (name: string): string => name.replace(/[^A-Za-z0-9_.-]/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 64) || 'artifact';

function tensorOf(data: Exclude<ArtifactData, { kind: 'json' }>): Tensor {
  const dtype = data.kind === 'f32' ? 'float32' : data.kind === 'f64' ? 'float64' : 'uint8';
  // A byte blob sent with a scalar or wrong shape is kept as what it is: a flat array.
  const shape = data.shape.reduce((a, b) => a * b, 1) === data.values.length ? [...data.shape] : [data.values.length];
  return { dtype, shape, values: data.values } as Tensor;
}

interface WeightEntry {
  name: string;
  shape: number[];
  values: number[];
}

function isWeightList(v: unknown): v is WeightEntry[] {
  return Array.isArray(v) && v.length > 0 && v.every((e) => e && typeof e === 'object' && typeof e.name === 'string' && Array.isArray(e.shape) && Array.isArray(e.values));
}

/** A JSON model artifact with a `weights` list, split into tensors and the rest; null if it is not one. */
function weightsFromJson(value: unknown): { meta: JsonObject; tensors: NamedTensors } | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const { weights, ...meta } = value as Record<string, unknown>;
  if (!isWeightList(weights) || weights.some((w) => !TENSOR_NAME.test(w.name))) return null;
  const tensors: NamedTensors = {};
  for (const w of weights) tensors[w.name] = { dtype: 'float32', shape: [...w.shape], values: Float32Array.from(w.values) };
  if (Object.values(tensors).some((t) => firstNonFinite(t.values) >= 0) || jsonProblem(meta)) return null;
  return { meta: meta as JsonObject, tensors };
}

/** An array pack (core/training/pack.ts): an HGN checkpoint, or a model's weights in its `params` group (PixelHNN). */
function isPackBytes(data: ArtifactData): data is { kind: 'u8'; shape: number[]; values: Uint8Array } {
  const v = data.kind === 'u8' ? data.values : null;
  return !!v && v.length > 12 && v[0] === 0x48 && v[1] === 0x53 && v[2] === 0x50 && v[3] === 0x4b; // "HSPK"
}

function packFormat(bytes: Uint8Array): string | null {
  try {
    const meta = unpackArrays<{ format?: unknown }>(bytes).meta;
    return typeof meta?.format === 'string' ? meta.format : null;
  } catch {
    return null;
  }
}

/** Weights packed as a `params` group with JSON metadata (the PixelHNN's): the project's weights, exportable. */
function weightsFromPack(bytes: Uint8Array): { meta: JsonObject; tensors: NamedTensors } | null {
  let pack: ReturnType<typeof unpackArrays<JsonObject>>;
  try {
    pack = unpackArrays<JsonObject>(bytes);
  } catch {
    return null;
  }
  const params = pack.groups.params;
  if (!params || jsonProblem(pack.meta)) return null;
  const tensors: NamedTensors = {};
  for (const [name, a] of Object.entries(params)) {
    if (!TENSOR_NAME.test(name) || firstNonFinite(a.values) >= 0) return null;
    tensors[name] = { dtype: 'float32', shape: [...a.shape], values: a.values };
  }
  return { meta: pack.meta, tensors };
}

export function runFromJob(job: JobSnapshot, opts: FromJobOptions = {}): NewRun {
  const { info } = job;
  const now = info.endedAt ?? Date.now();
  const artifacts: Record<string, JsonValue> = {};
  const saved: SavedArrays[] = [];
  const checkpoints: Checkpoint[] = [];
  const logs = job.logs.map((l) => ({ time: l.time, level: l.level, message: l.message }));
  let weights: NewRun['weights'] = null;
  let packed: NewRun['weights'] = null;
  for (const [name, data] of job.artifacts) {
    if (data.kind === 'json') {
      const w = weightsFromJson(data.value);
      if (w) weights = w;
      else if (!jsonProblem(data.value)) artifacts[name] = data.value as JsonValue;
      else logs.push({ time: now, level: 'warn', message: `artifact "${name}" was not saved: ${jsonProblem(data.value)}` });
    } else if (/^(checkpoint|weights)/.test(name) && isPackBytes(data) && packFormat(data.values) === 'hgn-checkpoint') {
      // The HGN runner's final 'weights' are a checkpoint too (weights + optimiser state): resumable. A periodic
      // checkpoint at the last step is the same step: one checkpoint per step (the later artifact, the final weights).
      const c = checkpointFromHgn(decodeCheckpoint(data.values), { createdAt: now });
      const same = checkpoints.findIndex((x) => x.id === c.id);
      if (same >= 0) checkpoints[same] = c;
      else checkpoints.push(c);
    } else if (name === 'weights' && isPackBytes(data) && (packed = weightsFromPack(data.values))) {
      weights = packed;
    } else {
      const kind = name === 'samples' ? 'samples' : /rollout/.test(name) ? 'rollout' : 'artifact';
      saved.push({ id: safeId(name), kind, name, step: info.step, createdAt: now, meta: {}, tensors: { [TENSOR_NAME.test(name) ? name : safeId(name)]: tensorOf(data) } });
    }
  }
  // A sweep's element keeps its place in the sweep (axes and values) as a JSON artifact: the project format is unchanged.
  if (info.sweep) artifacts.sweep = info.sweep as unknown as JsonValue;
  return {
    id: opts.id,
    label: info.label,
    kind: info.kind,
    datasetId: opts.datasetId ?? null,
    config: info.config as unknown as JsonObject,
    backendChoice: info.backendChoice,
    backend: info.backend,
    device: info.device,
    machine: opts.machine ?? null,
    status: info.status,
    error: info.error,
    timings: { createdAt: info.createdAt, startedAt: info.startedAt, endedAt: info.endedAt },
    progress: { step: info.step, total: info.total },
    result: info.result,
    metrics: job.metrics.map((m) => ({ step: m.step, values: { ...m.values } })),
    marks: job.marks.map((m) => ({ step: m.step, kind: m.kind, message: m.message })),
    logs,
    weights,
    checkpoints,
    saved,
    artifacts,
  };
}
