// Every job kind a renderer (or the CLI) may ask the main process to run: one schema per kind, in this folder.
// A kind is added by writing its schema file here and listing it below, then giving it a runner (main/jobs).
import { z } from 'zod';
import { DatasetJobSchema } from './dataset';
import { FlowJobSchema } from './flow';
import { HgnJobSchema } from './hgn';
import { HnnJobSchema } from './hnn';
import { PixelHnnJobSchema } from './pixel-hnn';
import { CanonicalJobSchema, CanonicalMapJobSchema } from './canonical';
import type { FieldValue } from './fields';

export * from './fields';
export * from './dataset';
export * from './hnn';
export * from './flow';
export * from './hgn';
export * from './pixel-hnn';
export * from './canonical';
export { formerNameOf, withCurrentNames } from './learning-rate';
export { PIXEL_DATA_DEFAULTS } from './common';
export { SYSTEM_IDS, type SystemId } from '../../main/core/physics/types';

import { complete } from './fields';

/** The contract's door: a job of any kind, complete (see `complete`); each kind's schema fills defaults. */
export const JobConfigSchema = z.discriminatedUnion('kind', [complete(HnnJobSchema), complete(FlowJobSchema), DatasetJobSchema, complete(HgnJobSchema), complete(PixelHnnJobSchema), complete(CanonicalJobSchema), complete(CanonicalMapJobSchema)]);
/** A job as its runner receives it: parsed, every default filled in. */
export type JobConfig = z.output<typeof JobConfigSchema>;
/** A job as a caller may send it: fields with defaults may be left out. */
export type JobConfigInput = z.input<typeof JobConfigSchema>;
export type JobKind = JobConfig['kind'];

/** A model's settings as forms hold them (HGN and PixelHNN presets and overrides, HNN and flow fields). */
export type ModelSettings = Record<string, FieldValue>;
