// The dataset job: generates a pixel dataset into the cache, in a worker, with progress and cancel like any job.
// Its spec is everything that determines the dataset's bytes (seeded: the same spec gives byte-identical data).
import { z } from 'zod';
import { SYSTEM_IDS } from '../../main/core/physics/types';
import { int, positive, real } from '../schema-basics';
import { field } from './fields';

export const DatasetSpecSchema = z.strictObject({
  system: z.enum(SYSTEM_IDS),
  params: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,31}$/), z.number().finite()).optional(),
  sampling: z
    .strictObject({
      radius: z.tuple([real(0, 1e3), real(0, 1e3)]).optional(),
      noise: real(0, 100).optional(),
      noiseMode: z.enum(['initial', 'observation']).optional(),
    })
    .optional(),
  // Labels only (no group: no generated form shows them): the words problems are reported in.
  seed: field(int(0, 2 ** 32 - 1), { label: 'Seed', help: 'The same seed gives byte-identical data.' }),
  train: field(int(0, 1_000_000), { label: 'Training sequences', help: 'Sequences of the training split.' }),
  test: field(int(0, 1_000_000), { label: 'Test sequences', help: 'Sequences of the test split (never sharing initial conditions with training).' }),
  steps: field(int(1, 10_000), { label: 'Frames per sequence', help: 'Rendered frames of each sequence.' }),
  dt: field(positive(10), { label: 'Frame interval dt', help: 'Time between frames (also the model\'s latent step).' }),
  size: field(int(16, 128), { label: 'Image size', help: 'Side of the square frames in pixels.' }),
  style: z.enum(['rs', 'dm']),
});
export type DatasetSpec = z.infer<typeof DatasetSpecSchema>;

export const DatasetJobSchema = z.strictObject({ kind: z.literal('dataset'), spec: DatasetSpecSchema });
export type DatasetJobConfig = z.infer<typeof DatasetJobSchema>;
