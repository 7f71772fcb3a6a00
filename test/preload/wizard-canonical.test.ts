// The wizard's canonical-transformation family (renderer/src/pages/wizard, pure parts) against the contract and the
// runner: a picked system brings its own data and parameters, data problems land on the dataset step in words, the
// fields a system does not use are neither shown nor sent, and the job builds the spec the runner trains on.
import { describe, expect, it } from 'vitest';
import { CanonicalJobSchema, JobConfigSchema } from '../../preload/contract';
import { appInfo } from '../../main/services/app-info';
import { canonicalDataSpec } from '../../main/jobs/canonical';
import { applyCanonicalSystem, canonicalJob, initialWizardState, stepOfPath, wizardJob, wizardProblems, type WizardState } from '../../renderer/src/pages/wizard/job-config';
import { probeConfig } from '../../renderer/src/pages/wizard/estimate';

const info = appInfo('browser', '/tmp/hs-test');
const fresh = (): WizardState => ({ ...initialWizardState(info), family: 'canonical' });

describe('the canonical wizard', () => {
  it('starts on Kepler with the bench\'s data, and builds the job the runner trains on', () => {
    const s = fresh();
    s.canonicalSystem.params = { k: 1 };
    const job = wizardJob(s, info);
    expect(JobConfigSchema.safeParse(job).success).toBe(true);
    expect(job).toMatchObject({ kind: 'canonical', system: 'kepler', params: { k: 1 }, points: 90, dt: 0.1, energyMin: -0.714, energyMax: -0.4, eccentricityMin: 0, eccentricityMax: 0.6 });
    expect(job).not.toHaveProperty('amplitudeMin');
    expect(canonicalDataSpec(CanonicalJobSchema.parse(job))).toMatchObject({ system: 'kepler', energy: [-0.714, -0.4], eccentricity: [0, 0.6], points: 90, train: 512 });
  });

  it('a picked system brings its own ranges and parameters; counts and seed stay', () => {
    const s = fresh();
    s.canonicalData.train = 40;
    s.canonicalSystem.system = 'mass-spring';
    s.canonicalSystem.params = { m: 0.5, k: 2 }; // what the system picker sets: the system's own defaults
    applyCanonicalSystem(s, 'mass-spring');
    expect(s.canonicalSystem.params).toEqual({ m: 1, k: 4 });
    expect(s.canonicalSystem.dt).toBe(0.05);
    expect(s.canonicalData).toMatchObject({ train: 40, points: 64, dt: 0.05, energyMin: 0.05, energyMax: 2 });
    s.canonicalSystem.system = 'fput';
    applyCanonicalSystem(s, 'fput');
    const job = canonicalJob(s);
    expect(job).toMatchObject({ system: 'fput', train: 40, amplitudeMin: 0.1, amplitudeMax: 0.4, dt: 0.2 });
    expect(job).not.toHaveProperty('energyMin');
    expect(wizardProblems(s, info)).toEqual({});
  });

  it('data problems are shown on the dataset step, in words, under the field to change', () => {
    const s = fresh();
    s.canonicalData.energyMin = -0.3;
    s.canonicalData.energyMax = -0.5;
    let p = wizardProblems(s, info);
    expect(p.energyMax).toBe('The energy range needs its minimum below its maximum (got -0.3 to -0.5).');
    expect(stepOfPath('energyMax')).toBe(1);
    s.canonicalData.energyMax = 0.2;
    p = wizardProblems(s, info);
    expect(p.energyMax).toMatch(/bound only at negative energy/);
    s.canonicalData.energyMin = -0.7;
    s.canonicalData.energyMax = -0.4;
    s.canonicalData.validation = 0;
    p = wizardProblems(s, info);
    expect(Object.keys(p)).toEqual(['validation']);
    expect(stepOfPath('validation')).toBe(1);
    s.canonicalData.validation = 8;
    s.models.canonical.hidden = 0;
    expect(Object.keys(wizardProblems(s, info))).toEqual(['model.hidden']);
  });

  it('Measure runs a few steps of the same model on a batch of trajectories', () => {
    const job = CanonicalJobSchema.parse(wizardJob(fresh(), info));
    const probe = probeConfig(job);
    expect(CanonicalJobSchema.safeParse(probe).success).toBe(true);
    expect(probe).toMatchObject({ steps: 4, train: job.batchTrajectories, validation: 1, test: 1, blocks: job.blocks, hidden: job.hidden });
  });
});
