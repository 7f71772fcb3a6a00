// Format version 2 (current): manifest.json, datasets.json, ui.json, runs/<id>.json, blobs/<n>.bin.
import { z } from 'zod';
import { FORMAT_ID } from '../version';
import {
  BlobPath, BoundedJson, BoundedObject, Count, DTypeSchema, EpochMs, Id, IsoDate, MetricValues, Name, Shape, TensorName, Text, uniqueIds,
} from './common';

export const TensorRefSchema = z.strictObject({ blob: BlobPath, dtype: DTypeSchema, shape: Shape });
export type TensorRef = z.infer<typeof TensorRefSchema>;

export const TensorRefsSchema = z.record(TensorName, TensorRefSchema);
export type TensorRefs = z.infer<typeof TensorRefsSchema>;

export const ManifestV2Schema = z.strictObject({
  format: z.literal(FORMAT_ID),
  formatVersion: z.literal(2),
  appVersion: Text(64),
  createdAt: IsoDate,
  modifiedAt: IsoDate,
  name: Name,
  /** Run ids, in display order; each has a runs/<id>.json part. */
  runs: z.array(Id).max(100_000).refine((ids) => new Set(ids).size === ids.length, 'a run id is listed twice'),
});
export type ManifestV2 = z.infer<typeof ManifestV2Schema>;

export const DatasetJsonSchema = z.strictObject({
  id: Id,
  name: Name,
  spec: BoundedObject,
  createdAt: IsoDate,
  data: TensorRefsSchema.nullable(),
});

export const DatasetsPartSchema = z
  .strictObject({ datasets: z.array(DatasetJsonSchema).max(100_000) })
  .superRefine((p, ctx) => uniqueIds(p.datasets, ctx, 'dataset'));
export type DatasetsPart = z.infer<typeof DatasetsPartSchema>;

export const UiPartSchema = z.strictObject({ state: BoundedJson });
export type UiPart = z.infer<typeof UiPartSchema>;

const MachineSchema = z.strictObject({
  platform: Text(100),
  arch: Text(100),
  cpuModel: Text(300),
  cpus: Count,
  memoryMb: z.number().min(0),
  node: Text(100),
  app: Text(100),
});

const CheckpointJsonSchema = z.strictObject({
  id: Id,
  step: Count,
  createdAt: EpochMs,
  meta: BoundedObject,
  weights: TensorRefsSchema,
  state: TensorRefsSchema,
});

const SavedJsonSchema = z.strictObject({
  id: Id,
  kind: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/),
  name: Name,
  step: Count.nullable(),
  createdAt: EpochMs,
  meta: BoundedObject,
  tensors: TensorRefsSchema,
});

export const RunJsonSchema = z
  .strictObject({
    id: Id,
    label: Name,
    kind: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/),
    datasetId: Id.nullable(),
    config: BoundedObject,
    backendChoice: z.string().min(1).max(40),
    backend: z.string().min(1).max(40).nullable(),
    device: z.string().min(1).max(200).nullable(),
    machine: MachineSchema.nullable(),
    status: z.enum(['queued', 'starting', 'running', 'paused', 'completed', 'failed', 'cancelled']),
    error: z.strictObject({ name: Text(200), message: Text(100_000), stack: Text(100_000).optional() }).nullable(),
    timings: z.strictObject({ createdAt: EpochMs, startedAt: EpochMs.nullable(), endedAt: EpochMs.nullable() }),
    progress: z.strictObject({ step: Count, total: Count }),
    result: MetricValues.nullable(),
    metrics: z.array(z.strictObject({ step: Count, values: MetricValues })),
    marks: z.array(z.strictObject({ step: Count, kind: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/), message: Text(10_000) })),
    logs: z.array(z.strictObject({ time: EpochMs, level: z.enum(['info', 'warn', 'error']), message: Text(100_000) })),
    weights: z.strictObject({ meta: BoundedObject, tensors: TensorRefsSchema }).nullable(),
    checkpoints: z.array(CheckpointJsonSchema).max(100_000),
    saved: z.array(SavedJsonSchema).max(100_000),
    artifacts: z.record(z.string().max(200), BoundedJson),
  })
  .superRefine((r, ctx) => {
    uniqueIds(r.checkpoints, ctx, 'checkpoint');
    uniqueIds(r.saved, ctx, 'saved item');
  });
export type RunJson = z.infer<typeof RunJsonSchema>;

/** Every JSON part of a v2 project, parsed but not yet checked against blobs. */
export interface PartsV2 {
  manifest: ManifestV2;
  datasets: DatasetsPart;
  ui: UiPart;
  runs: RunJson[];
}
