// Adapts the dataset generator to the job system: the contract's config wraps the spec with a `kind`.
import type { DatasetJobConfig } from '../../preload/contract';
import type { Runner } from './runner';
import { generateDatasetRunner } from './generate-dataset';

export const runDatasetJob: Runner<DatasetJobConfig> = (config, ctx) => generateDatasetRunner(config.spec, ctx);
