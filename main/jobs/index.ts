// One runner per job kind; the worker looks a job's runner up here. A runner takes its kind's parsed config
// (preload/jobs/<kind>.ts) as it is.
import type { JobConfig, JobKind } from '../../preload/contract';
import type { Runner } from './runner';
import { runHnn } from './hnn';
import { runFlow } from './flow';
import { generateDatasetRunner } from './generate-dataset';
import { runHgn } from './hgn';
import { runPixelHnn } from './pixel-hnn';
import { runCanonical, runCanonicalMap } from './canonical';

type RunnerMap = { [K in JobKind]: Runner<Extract<JobConfig, { kind: K }>> };

export const RUNNERS: RunnerMap = {
  hnn: runHnn,
  flow: runFlow,
  dataset: (config, ctx) => generateDatasetRunner(config.spec, ctx),
  hgn: runHgn,
  'pixel-hnn': runPixelHnn,
  canonical: runCanonical,
  'canonical-map': runCanonicalMap,
};

export function runnerFor<C extends JobConfig>(config: C): Runner<C> {
  return RUNNERS[config.kind] as unknown as Runner<C>;
}
