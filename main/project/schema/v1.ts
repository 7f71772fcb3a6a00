// Format version 1 (the first shape, kept to read old files): manifest.json, project.json (name, dataset specs,
// run ids), runs/<id>.json (config, backend, status, metric history, float32 weights), blobs/<n>.bin.
// No embedded data, checkpoints, marks, logs, saved arrays or UI state yet.
import { z } from 'zod';
import { FORMAT_ID } from '../version';
import { BlobPath, BoundedObject, Count, Id, IsoDate, MetricValues, Name, Shape, TensorName, Text, uniqueIds } from './common';

export const ManifestV1Schema = z.strictObject({
  format: z.literal(FORMAT_ID),
  version: z.literal(1),
  app: Text(64),
  savedAt: IsoDate,
});

export const ProjectPartV1Schema = z
  .strictObject({
    name: Name,
    datasets: z.array(z.strictObject({ id: Id, spec: BoundedObject })).max(100_000),
    runs: z.array(Id).max(100_000).refine((ids) => new Set(ids).size === ids.length, 'a run id is listed twice'),
  })
  .superRefine((p, ctx) => uniqueIds(p.datasets, ctx, 'dataset'));

export const RunV1Schema = z.strictObject({
  id: Id,
  kind: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/),
  config: BoundedObject,
  backend: z.string().min(1).max(40).nullable(),
  status: z.enum(['completed', 'failed', 'cancelled']),
  metrics: z.array(z.strictObject({ step: Count, values: MetricValues })),
  weights: z.array(z.strictObject({ name: TensorName, blob: BlobPath, shape: Shape })),
});

export interface PartsV1 {
  manifest: z.infer<typeof ManifestV1Schema>;
  project: z.infer<typeof ProjectPartV1Schema>;
  runs: Array<z.infer<typeof RunV1Schema>>;
}
