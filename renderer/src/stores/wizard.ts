// The new-run wizard's state, kept in a store so stepping back and forth (or leaving the page) loses nothing.
import { defineStore } from 'pinia';
import { computed, reactive, ref } from 'vue';
import { HgnJobSchema, type BackendChoice, type HgnJobConfig, type SystemId } from '../../../preload/contract';
import { useAppStore } from './app';

export const WIZARD_STEPS = ['System', 'Dataset', 'Model', 'Training', 'Review'] as const;

/** The options each preset starts from (REFERENCE.md section 1 for paper; the laptop recipe for CPUs). */
export const PRESET_MODEL = {
  paper: { learningRate: 1.5e-4, batchSize: 16, dt: 0.125, encoderFrames: 5 },
  laptop: { learningRate: 3e-3, batchSize: 8, dt: 0.125, encoderFrames: 5 },
} as const;

export interface WizardModel {
  preset: 'paper' | 'laptop';
  integrator: 'leapfrog' | 'euler' | 'rk4' | 'yoshida';
  hamiltonianForm: 'separable' | 'general';
  stochastic: boolean;
  klWeighting: 'beta' | 'geco';
  encoderFrames: number;
  learningRate: number;
  batchSize: number;
  dt: number;
}

export const useWizard = defineStore('wizard', () => {
  const step = ref(0);
  const system = ref<{ system: SystemId; params: Record<string, number>; size: number; style: 'rs' | 'dm'; dt: number }>({
    system: 'pendulum', params: {}, size: 32, style: 'rs', dt: 0.125,
  });
  const dataset = reactive({ train: 2000, test: 200, seed: 0 });
  const model = reactive<WizardModel>({ preset: 'laptop', integrator: 'leapfrog', hamiltonianForm: 'separable', stochastic: false, klWeighting: 'beta', ...PRESET_MODEL.laptop });
  const training = reactive({ steps: 2000, maxSeconds: 1800, checkpointEvery: 250, backend: 'auto' as BackendChoice, label: '' });

  function usePreset(preset: 'paper' | 'laptop'): void {
    Object.assign(model, { preset, ...PRESET_MODEL[preset] });
  }

  /** The job the wizard would launch, built from every step. */
  const config = computed(() => {
    const defaults = useAppStore().info!.defaults.hgn;
    const { preset, ...modelFields } = model;
    return {
      ...defaults,
      kind: 'hgn' as const,
      preset,
      model: { ...modelFields, dt: system.value.dt },
      data: { system: system.value.system, params: system.value.params, size: system.value.size, style: system.value.style, dt: system.value.dt, ...dataset },
      steps: training.steps,
      maxSeconds: training.maxSeconds,
      checkpointEvery: training.checkpointEvery,
      evalEvery: training.checkpointEvery,
    } satisfies Partial<HgnJobConfig>;
  });

  /** Problems, by the field they belong to; the step of each field decides where it is shown. */
  const problems = computed<Record<string, string>>(() => {
    const p: Record<string, string> = {};
    const parsed = HgnJobSchema.safeParse(config.value);
    for (const issue of parsed.success ? [] : parsed.error.issues) p[issue.path.join('.')] ??= issue.message;
    const m = model;
    if (!(Number.isInteger(m.encoderFrames) && m.encoderFrames >= 1 && m.encoderFrames <= 30)) p['model.encoderFrames'] = 'An integer from 1 to 30 frames.';
    if (!(m.learningRate > 0 && m.learningRate <= 1)) p['model.learningRate'] = 'A learning rate in (0, 1].';
    if (!(Number.isInteger(m.batchSize) && m.batchSize >= 1 && m.batchSize <= 512)) p['model.batchSize'] = 'An integer batch size from 1 to 512.';
    if (dataset.train < m.batchSize) p['data.train'] = `At least one batch (${m.batchSize}) of training sequences.`;
    return p;
  });

  const STEP_FIELDS = [/^data\.(system|params|size|style|dt)/, /^data\.(train|test|seed|steps)/, /^model\./, /^(steps|maxSeconds|checkpointEvery|evalEvery)/];
  const problemsOfStep = (i: number) => Object.entries(problems.value).filter(([k]) => STEP_FIELDS[i]?.test(k));
  const valid = computed(() => Object.keys(problems.value).length === 0);

  return { step, system, dataset, model, training, config, problems, problemsOfStep, valid, usePreset };
});
