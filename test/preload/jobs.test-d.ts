// Type tests for the job schemas (preload/jobs): each kind's parsed config fits the config its core model takes,
// and the override schemas name every field of the model's config (a field added to core and not to its schema,
// or the other way round, fails here). Cross-field rules stay core's; the types meet here.
import { describe, expectTypeOf, it } from 'vitest';
import type { FlowJobConfig, HgnModelSettings, HnnJobConfig, PixelHnnModelSettings, JobConfig } from '../../preload/contract';
import type { HgnConfig } from '../../main/core/models/hgn/config';
import type { PixelHnnConfig } from '../../main/core/models/pixel-hnn/config';
import type { HnnTrainConfig } from '../../main/core/models/hnn/config';
import type { HamiltonianFlowConfig } from '../../main/core/models/flows/hamiltonian-flow';
import type { TrainOptions } from '../../main/core/models/flows/train';
import type { RUNNERS } from '../../main/jobs';

describe('job schemas against the models they configure', () => {
  it('HGN and PixelHNN: the overrides are exactly the model config\'s fields, each of its type', () => {
    expectTypeOf<HgnModelSettings>().toExtend<Partial<HgnConfig>>();
    expectTypeOf<keyof HgnModelSettings>().toEqualTypeOf<keyof HgnConfig>();
    expectTypeOf<PixelHnnModelSettings>().toExtend<Partial<PixelHnnConfig>>();
    expectTypeOf<keyof PixelHnnModelSettings>().toEqualTypeOf<keyof PixelHnnConfig>();
  });
  it('HNN: the job is the experiment\'s config plus its kind and the fault hook', () => {
    expectTypeOf<Omit<HnnJobConfig, 'kind' | 'fault'>>().toEqualTypeOf<HnnTrainConfig>();
  });
  it('flows: the job holds the model\'s config and the training loop\'s options', () => {
    expectTypeOf<FlowJobConfig>().toExtend<Omit<HamiltonianFlowConfig, 'dim'>>();
    expectTypeOf<FlowJobConfig>().toExtend<Partial<Omit<TrainOptions, 'generators'>>>();
  });
  it('every kind has a runner that takes its parsed config', () => {
    expectTypeOf<keyof typeof RUNNERS>().toEqualTypeOf<JobConfig['kind']>();
  });
});
