// Schema pieces shared by every format version.
import { z } from 'zod';
import { jsonProblem, SPECIAL_NUMBERS } from '../json';
import { DTYPES, MAX_RANK, TENSOR_NAME } from '../tensors';
import { ID_PATTERN } from '../types';

export const Id = z.string().regex(ID_PATTERN, 'expected an id of 1-64 letters, digits, "_", "." or "-"');
export const Text = (max: number) => z.string().max(max);
export const Name = z.string().min(1).max(200);
export const Count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export const EpochMs = z.number().min(-8.64e15).max(8.64e15);
export const IsoDate = z.string().max(64).refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO date');
export const BlobPath = z.string().regex(/^blobs\/[0-9]{1,9}\.bin$/, 'expected a blob path like "blobs/12.bin"');
export const Dim = z.number().int().min(0).max(2 ** 31 - 1);
export const Shape = z.array(Dim).max(MAX_RANK);
export const DTypeSchema = z.enum(DTYPES);
export const TensorName = z.string().regex(TENSOR_NAME, 'expected a tensor name');

/** Opaque but bounded JSON (configs, specs, meta): any depth problem is a schema error, not a stack overflow. */
export const BoundedJson = z.unknown().superRefine((v, ctx) => {
  const problem = jsonProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
export const BoundedObject = z.record(z.string(), z.unknown()).superRefine((v, ctx) => {
  const problem = jsonProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const MetricNumber = z.union([z.number(), z.enum(SPECIAL_NUMBERS)]);
export const MetricValues = z.record(z.string().max(200), MetricNumber);

/** Sorted, duplicate-free lists of ids. */
export const uniqueIds = <T extends { id: string }>(items: T[], ctx: z.RefinementCtx, what: string): void => {
  const seen = new Set<string>();
  for (const { id } of items) {
    if (seen.has(id)) ctx.addIssue({ code: 'custom', message: `${what} id "${id}" appears twice` });
    seen.add(id);
  }
};
