// The new-run wizard's state, kept in a store so stepping back and forth, switching model family or leaving
// the page loses nothing. What the state means (the job it launches, its problems) is in pages/wizard/job-config.
import { defineStore } from 'pinia';
import { computed, reactive, ref, watch } from 'vue';
import type { BackendChoice, CanonicalSystem, HgnPreset, JobConfig, SystemId } from '../../../preload/contract';
import { initialWizardState, stepOfPath, applyCanonicalSystem, followHgnRecipe, useHgnRecipe, wizardJob, wizardProblems, type WizardState } from '../pages/wizard/job-config';
import type { FieldValue } from '../pages/wizard/model-fields';
import { cloneValue } from '../pages/wizard/field-check';
import { useAppStore } from './app';

export const WIZARD_STEPS = ['System', 'Dataset', 'Model', 'Training', 'Review'] as const;

export const useWizard = defineStore('wizard', () => {
  const app = useAppStore();
  const step = ref(0);
  const state = reactive<WizardState>(initialWizardState(app.info!));
  const training = reactive({ backend: 'auto' as BackendChoice, label: '' });
  // A canonical transformation's system brings its own data ranges and parameters (each still editable).
  watch(() => state.canonicalSystem.system, (system) => applyCanonicalSystem(state, system as CanonicalSystem));
  // A pixel system brings its HGN recipe (three bodies: the wide preset, more sequences) unless the user changed it.
  watch(() => state.system.system, (_, from: SystemId) => followHgnRecipe(state, app.info!, from));

  /** Start the HGN's settings over from a preset (every field stays editable). */
  function usePreset(preset: HgnPreset): void {
    state.hgnPreset = preset;
    state.models.hgn = cloneValue(app.info!.presets.hgn[preset]);
  }

  /** The chosen system's HGN recipe: its preset and its number of training sequences. */
  function useRecipe(): void {
    useHgnRecipe(state, app.info!);
  }

  function setModelField(key: string, value: FieldValue): void {
    state.models[state.family][key] = value;
  }

  const config = computed<JobConfig>(() => wizardJob(state, app.info!));
  const problems = computed(() => wizardProblems(state, app.info!));
  const problemsOfStep = (i: number) => Object.entries(problems.value).filter(([k]) => stepOfPath(k) === i);
  const valid = computed(() => Object.keys(problems.value).length === 0);

  return { step, state, training, config, problems, problemsOfStep, valid, usePreset, useRecipe, setModelField };
});
