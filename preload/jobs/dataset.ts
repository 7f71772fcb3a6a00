// The dataset job: generates a pixel dataset into the cache, in a worker, with progress and cancel like any job.
// Its spec is everything that determines the dataset's bytes (seeded: the same spec gives byte-identical data).
import { z } from 'zod';
import { SYSTEM_IDS } from '../../main/core/physics/types';
import { int, real } from '../schema-basics';

export const DatasetSpecSchema = z.strictObject({
  system: z.enum(SYSTEM_IDS),
  params: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,31}$/), z.number().finite()).optional(),
  sampling: z
    .strictObject({
      radius: z.tuple([z.number().min(0).max(1e3), z.number().min(0).max(1e3)]).optional(),
      noise: real(0, 100).optional(),
      noiseMode: z.enum(['initial', 'observation']).optional(),
    })
    .optional(),
  seed: int(0, 2 ** 32 - 1),
  train: int(0, 1_000_000),
  test: int(0, 1_000_000),
  steps: int(1, 10_000),
  dt: z.number().positive().max(10),
  size: int(16, 128),
  style: z.enum(['rs', 'dm']),
});
export type DatasetSpec = z.infer<typeof DatasetSpecSchema>;

export const DatasetJobSchema = z.strictObject({ kind: z.literal('dataset'), spec: DatasetSpecSchema });
export type DatasetJobConfig = z.infer<typeof DatasetJobSchema>;
