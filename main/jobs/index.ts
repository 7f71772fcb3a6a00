// One runner per job kind; the worker looks a job's runner up here.
import type { JobConfig, JobKind } from '../../preload/contract';
import type { Runner } from './runner';
import { runHnn } from './hnn';
import { runFlowJob } from './flow-job';
import { runDatasetJob } from './dataset-job';
import { runHgnJob } from './hgn-job';
import { runPixelHnnJob } from './pixel-hnn-job';

type RunnerMap = { [K in JobKind]: Runner<Extract<JobConfig, { kind: K }>> };

export const RUNNERS: RunnerMap = {
  hnn: runHnn,
  flow: runFlowJob,
  dataset: runDatasetJob,
  hgn: runHgnJob,
  'pixel-hnn': runPixelHnnJob,
};

export function runnerFor<C extends JobConfig>(config: C): Runner<C> {
  return RUNNERS[config.kind] as unknown as Runner<C>;
}
