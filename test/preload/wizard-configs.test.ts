// The wizard's pure parts (renderer/src/pages/wizard) against the contract and the app's real defaults: lives
// here, not in test/renderer, because it needs main's app info (the renderer's type project cannot see main).
import { describe, expect, it } from 'vitest';
import { JobConfigSchema, type JobInfo } from '../../preload/contract';
import { appInfo } from '../../main/services/app-info';
import { fieldProblem, parseField } from '../../renderer/src/pages/wizard/field-check';
import { followHgnRecipe, initialWizardState, onHgnRecipe, stepOfPath, useHgnRecipe, wizardJob, wizardProblems } from '../../renderer/src/pages/wizard/job-config';
import { FIELDS_OF, HGN_FIELDS, MODEL_FAMILIES } from '../../renderer/src/pages/wizard/model-fields';
import { probeConfig, stepMsOf, HGN_PROBE_STEPS, PROBE_STEPS } from '../../renderer/src/pages/wizard/estimate';

const info = appInfo('browser', '/tmp/hs-test');
const field = (key: string) => HGN_FIELDS.find((f) => f.key === key)!;

describe('wizard job configs', () => {
  it.each(MODEL_FAMILIES)('a fresh %s wizard builds a job the contract accepts, with no problems', (family) => {
    const s = { ...initialWizardState(info), family };
    expect(wizardProblems(s, info)).toEqual({});
    const job = wizardJob(s, info);
    expect(JobConfigSchema.safeParse(job).success).toBe(true);
    expect(job.kind).toBe(family);
  });

  it('every field of every family has a value in the initial state (nothing offered is missing)', () => {
    const s = initialWizardState(info);
    for (const family of MODEL_FAMILIES) {
      for (const f of FIELDS_OF[family]) {
        // Optional flow settings (potentialPrior, trainSamples) may be absent from the defaults; all others are set.
        if (family === 'flow' && ['potentialPrior', 'trainSamples'].includes(f.key)) continue;
        expect(s.models[family][f.key], `${family}.${f.key}`).toBeDefined();
      }
    }
  });

  it("picking three bodies brings their recipe (the wide preset, 8,000 sequences) unless the user changed the HGN's settings", () => {
    const s = initialWizardState(info);
    expect(onHgnRecipe(s, info)).toBe(true);
    s.system.system = 'three-body';
    expect(followHgnRecipe(s, info, 'pendulum')).toBe(true);
    expect(s.hgnPreset).toBe('laptop-wide');
    expect(s.dataset.train).toBe(8000);
    expect(s.models.hgn.hamiltonianFilters).toEqual([32, 64, 64, 64]);
    expect(wizardJob(s, info)).toMatchObject({ kind: 'hgn', preset: 'laptop-wide', model: {}, data: { system: 'three-body', train: 8000 } });
    expect(wizardProblems(s, info)).toEqual({});
    // Back to the pendulum: its own recipe again.
    s.system.system = 'pendulum';
    expect(followHgnRecipe(s, info, 'three-body')).toBe(true);
    expect([s.hgnPreset, s.dataset.train]).toEqual(['laptop', 2000]);
    // A hand-changed setting is kept: the system moves, the settings do not; the recipe is one call away.
    s.models.hgn.learningRate = 1e-3;
    s.system.system = 'three-body';
    expect(followHgnRecipe(s, info, 'pendulum')).toBe(false);
    expect([s.hgnPreset, s.models.hgn.learningRate]).toEqual(['laptop', 1e-3]);
    expect(onHgnRecipe(s, info)).toBe(false);
    useHgnRecipe(s, info);
    expect([s.hgnPreset, s.dataset.train, s.models.hgn.learningRate]).toEqual(['laptop-wide', 8000, 1.5e-3]);
    // Between two systems of the same recipe nothing moves, changed or not.
    s.system.system = 'two-body';
    expect(followHgnRecipe(s, info, 'mass-spring')).toBe(false);
  });

  it('the HGN job records only what differs from its preset; the frame interval and size come from the system', () => {
    const s = initialWizardState(info);
    expect(wizardJob(s, info)).toMatchObject({ kind: 'hgn', preset: 'laptop', model: {} });
    s.models.hgn.integrator = 'rk4';
    s.system.dt = 0.1;
    s.system.size = 64;
    const job = wizardJob(s, info);
    expect(job.kind === 'hgn' && job.model).toEqual({ integrator: 'rk4', dt: 0.1, imageSize: 64 });
  });

  it('switching family keeps each family\'s settings', () => {
    const s = initialWizardState(info);
    s.models.hgn.learningRate = 0.01;
    s.family = 'flow';
    s.models.flow.hamiltonians = 3;
    s.family = 'hgn';
    expect(s.models.hgn.learningRate).toBe(0.01);
    expect(s.models.flow.hamiltonians).toBe(3);
  });
});

describe('wizard problems', () => {
  it('an out-of-range model setting is reported on the model step, with its range', () => {
    const s = initialWizardState(info);
    s.models.hgn.encoderFrames = 0;
    const p = wizardProblems(s, info);
    expect(p['model.encoderFrames']).toBe('An integer from 1 to 30.');
    expect(stepOfPath('model.encoderFrames')).toBe(2);
  });

  it('a list with a non-number entry names the entry', () => {
    // The entry as typed ("1O", a letter O), never "NaN".
    const v = parseField(field('decoderFilters'), '32, 1O, 16');
    expect(fieldProblem(field('decoderFilters'), v)).toBe('Each entry: an integer from 1 to 1024 ("1O" is not).');
    expect(fieldProblem(field('decoderFilters'), parseField(field('decoderFilters'), '32, 16'))).toBeNull();
    expect(fieldProblem(field('hamiltonianPadding'), parseField(field('hamiltonianPadding'), 'same, full'))).toContain('"full" is not');
  });

  it('fewer training sequences than a batch is a dataset-step problem', () => {
    const s = initialWizardState(info);
    s.dataset.train = 2;
    const p = wizardProblems(s, info);
    expect(p['data.train']).toMatch(/At least one batch/);
    expect(stepOfPath('data.train')).toBe(1);
  });

  it('HNN and flow settings are checked under model.*, their data under the dataset step', () => {
    const s = { ...initialWizardState(info), family: 'hnn' as const };
    s.models.hnn.hidden = 0;
    s.hnnData.trainTrajectories = 0;
    const p = wizardProblems(s, info);
    expect(p['model.hidden']).toBeDefined();
    expect(stepOfPath('trainTrajectories')).toBe(1);
    expect(p.trainTrajectories).toBeDefined();
    const f = { ...initialWizardState(info), family: 'flow' as const };
    f.flowData.density = 'csv';
    expect(wizardProblems(f, info).density).toMatch(/CSV/);
    expect(stepOfPath('density')).toBe(0);
  });

  it('a setting hidden by another one is not checked (GECO constants with a fixed beta)', () => {
    const s = initialWizardState(info);
    s.models.hgn.gecoTolerance = -1;
    expect(s.models.hgn.klWeighting).toBe('beta');
    expect(wizardProblems(s, info)['model.gecoTolerance']).toBeUndefined();
    s.models.hgn.klWeighting = 'geco';
    expect(wizardProblems(s, info)['model.gecoTolerance']).toBeDefined();
  });
});

describe('the review estimate', () => {
  it.each(MODEL_FAMILIES)('the %s probe is a valid job of a few steps', (family) => {
    const probe = probeConfig(wizardJob({ ...initialWizardState(info), family }, info));
    expect(JobConfigSchema.safeParse(probe).success).toBe(true);
    // An HGN's probe trains several rollout lengths (its curriculum makes later steps dearer).
    expect((probe as { steps: number }).steps).toBe(family === 'hgn' ? HGN_PROBE_STEPS : PROBE_STEPS);
  });

  it('uses the steps\' own timing, else the measured rate', () => {
    const rows = [10, 20, 30].map((ms, i) => ({ step: i + 1, values: { step_ms: ms } }));
    const job = { stepsPerSec: 4, startedAt: 0, endedAt: 1000, step: 4 } as JobInfo;
    expect(stepMsOf(rows, job)).toBe(25);
    expect(stepMsOf([], job)).toBe(250);
  });
});
