// Adapts the PixelHNN runner to the job system: the contract's config carries `kind`, the runner's does not.
import type { PixelHnnJobConfig } from '../../preload/contract';
import type { PixelHnnConfig } from '../core/models/pixel-hnn';
import type { Runner } from './runner';
import { runPixelHnn } from './pixel-hnn';

export const runPixelHnnJob: Runner<PixelHnnJobConfig> = (config, ctx) => {
  const { kind: _kind, model, ...rest } = config;
  // The contract checks the shape of `model`; resolvePixelHnnJob() in the runner checks each field's name and type.
  return runPixelHnn({ ...rest, model: model as Partial<PixelHnnConfig> }, ctx);
};
