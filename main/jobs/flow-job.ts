// Adapts the flow runner to the job system: the contract's config carries `kind`, the runner's does not.
import type { FlowJobConfig } from '../../preload/contract';
import type { Runner } from './runner';
import { runFlow } from './flow';

export const runFlowJob: Runner<FlowJobConfig> = (config, ctx) => {
  const { kind: _kind, ...flow } = config;
  return runFlow(flow, ctx);
};
