// Adapts the HGN runner to the job system: the contract's config carries `kind`, the runner's does not.
import type { HgnJobConfig } from '../../preload/contract';
import type { HgnConfig } from '../core/models/hgn';
import type { Runner } from './runner';
import { runHgn } from './hgn';

export const runHgnJob: Runner<HgnJobConfig> = (config, ctx) => {
  const { kind: _kind, model, ...rest } = config;
  // The contract checks the shape of `model`; hgnConfig() in the runner checks each field's meaning and range.
  return runHgn({ ...rest, model: model as Partial<HgnConfig> }, ctx);
};
