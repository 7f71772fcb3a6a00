// The wizard's state and what it turns into: the job config of the chosen model family, and the problems of
// each step. Pure (no Vue), so tests can build configs from a state and check them against the contract.
import {
  DatasetSpecSchema,
  describeFields,
  CanonicalJobSchema,
  canonicalDataDefaults,
  canonicalDataProblems,
  type CanonicalJobConfig,
  type CanonicalSystem,
  FlowJobSchema,
  hgnRecipe,
  recipeOnSystemChange,
  type HgnPreset,
  HgnJobSchema,
  HnnJobSchema,
  PixelHnnJobSchema,
  type AppInfo,
  type FlowJobConfig,
  type HgnJobConfig,
  type HnnJobConfig,
  type JobConfig,
  type ModelSettings,
  type PixelHnnJobConfig,
  type SystemId,
} from '../../../../preload/contract';
import { issueText } from '../../components/field-errors';
import { cloneValue, fieldProblem, sameValue } from './field-check';
import { CANONICAL_DATA_FIELDS, FIELDS_OF, type ModelFamily } from './model-fields';

export interface SystemChoice {
  system: SystemId;
  params: Record<string, number>;
  size: number;
  style: 'rs' | 'dm';
  dt: number;
}
export interface Schedule {
  steps: number;
  /** Seconds; 0 = no limit (HNN runs are step-bounded only). */
  maxSeconds: number;
  /** Test metrics (and checkpoints, for HGN) every this many steps. */
  evalEvery: number;
}
export type FlowData = Pick<FlowJobConfig, 'density' | 'csvText' | 'csvStandardize' | 'trainSize' | 'testSize' | 'testFraction' | 'seed'>;
export type HnnData = Pick<HnnJobConfig, 'trainTrajectories' | 'testTrajectories' | 'noise' | 'seed'>;

export interface WizardState {
  family: ModelFamily;
  system: SystemChoice;
  dataset: { train: number; test: number; seed: number };
  hnnData: HnnData;
  flowData: FlowData;
  hgnPreset: HgnPreset;
  /** Canonical transformations: the system and its parameters (its preview dt follows the data's), the trajectory data. */
  canonicalSystem: SystemChoice;
  canonicalData: ModelSettings;
  /** Every model setting of each family (the engine's config fields), so switching family loses nothing. */
  models: Record<ModelFamily, ModelSettings>;
  schedule: Record<ModelFamily, Schedule>;
}

const pick = <T extends object>(o: T, keys: string[]): ModelSettings =>
  Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, (o as Record<string, ModelSettings[string]>)[k]]));

/** A fresh wizard: the laptop HGN on the pendulum, every other family at the app's defaults. */
export function initialWizardState(info: AppInfo): WizardState {
  const d = info.defaults;
  const fieldKeys = (f: ModelFamily) => FIELDS_OF[f].map((x) => x.key);
  return {
    family: 'hgn',
    system: { system: 'pendulum', params: {}, size: 32, style: 'rs', dt: 0.125 },
    dataset: { train: 2000, test: 200, seed: 0 },
    hnnData: { trainTrajectories: d.hnn.trainTrajectories, testTrajectories: d.hnn.testTrajectories, noise: d.hnn.noise, seed: d.hnn.seed },
    flowData: { density: '8gaussians', csvText: '', csvStandardize: d.flow.csvStandardize, trainSize: 0, testSize: d.flow.testSize, testFraction: d.flow.testFraction, seed: d.flow.seed },
    hgnPreset: 'laptop',
    ...initialCanonical(),
    models: {
      hgn: cloneValue(info.presets.hgn.laptop),
      'pixel-hnn': cloneValue(info.presets.pixelHnn),
      hnn: pick(d.hnn, fieldKeys('hnn')),
      flow: pick(d.flow, fieldKeys('flow')),
      canonical: pick(CANONICAL_DEFAULTS, fieldKeys('canonical')),
    },
    schedule: {
      hgn: { steps: 2000, maxSeconds: 1800, evalEvery: 250 },
      'pixel-hnn': { steps: d.pixelHnn.steps, maxSeconds: 1800, evalEvery: 500 },
      hnn: { steps: d.hnn.steps, maxSeconds: 0, evalEvery: d.hnn.evalEvery },
      flow: { steps: 3000, maxSeconds: 0, evalEvery: 250 },
      canonical: { steps: CANONICAL_DEFAULTS.steps, maxSeconds: 600, evalEvery: CANONICAL_DEFAULTS.evalEvery },
    },
  };
}

/** The canonical job's defaults (its schema's: no model code is loaded for them). */
export const CANONICAL_DEFAULTS = CanonicalJobSchema.parse({ kind: 'canonical' });

function initialCanonical(): Pick<WizardState, 'canonicalSystem' | 'canonicalData'> {
  const c = CANONICAL_DEFAULTS;
  const s: Pick<WizardState, 'canonicalSystem' | 'canonicalData'> = {
    canonicalSystem: { system: c.system, params: {}, size: 32, style: 'rs', dt: 0.1 },
    canonicalData: { train: c.train, validation: c.validation, test: c.test, seed: c.seed },
  };
  applyCanonicalSystem(s, c.system);
  return s;
}

/**
 * A canonical system's own data (points, dt, energy or amplitude ranges) and parameters (the mass-spring's k m != 1),
 * when it is picked: what a form shows, each value still editable. The counts and the seed stay as they were.
 */
export function applyCanonicalSystem(s: Pick<WizardState, 'canonicalSystem' | 'canonicalData'>, system: CanonicalSystem): void {
  const d = canonicalDataDefaults(system);
  const keep = Object.fromEntries(['train', 'validation', 'test', 'seed'].map((k) => [k, s.canonicalData[k]]));
  s.canonicalData = { ...keep, ...d.values };
  if (Object.keys(d.params).length) s.canonicalSystem.params = { ...s.canonicalSystem.params, ...d.params };
  s.canonicalSystem.dt = Number(d.values.dt);
}

/** The canonical data fields that apply to the chosen system (energy ranges but no amplitudes, ...). */
export function canonicalDataValues(s: WizardState): ModelSettings {
  const v = { ...s.canonicalData, system: s.canonicalSystem.system };
  return Object.fromEntries(CANONICAL_DATA_FIELDS.filter((f) => (!f.when || f.when(v)) && s.canonicalData[f.key] !== undefined).map((f) => [f.key, s.canonicalData[f.key]]));
}

/** Whether the HGN settings and the training count are a system's recipe as it comes (nothing changed by hand). */
export function onHgnRecipe(s: WizardState, info: AppInfo, system: SystemId = s.system.system): boolean {
  const r = hgnRecipe(system);
  const preset = info.presets.hgn[r.preset];
  return s.hgnPreset === r.preset && s.dataset.train === r.train && Object.keys(preset).every((k) => sameValue(s.models.hgn[k], preset[k]));
}

/** Puts the HGN on a system's laptop recipe: its preset (every setting) and its number of training sequences. */
export function useHgnRecipe(s: WizardState, info: AppInfo, system: SystemId = s.system.system): void {
  const r = hgnRecipe(system);
  s.hgnPreset = r.preset;
  s.models.hgn = cloneValue(info.presets.hgn[r.preset]);
  s.dataset.train = r.train;
}

/**
 * When the system changes, the HGN follows the new system's recipe (three bodies: the wide preset on 8,000
 * sequences) if it was still on the old one's; settings the user changed are kept. Returns whether it moved.
 */
export function followHgnRecipe(s: WizardState, info: AppInfo, from: SystemId): boolean {
  const next = recipeOnSystemChange(from, s.system.system, { preset: s.hgnPreset, train: s.dataset.train });
  if (!next || !onHgnRecipe(s, info, from)) return false;
  useHgnRecipe(s, info);
  return true;
}

/** Only the settings that differ from `base` and apply (a setting hidden by another is not sent), so a run's
 *  config records what the user changed. */
function changed(family: ModelFamily, settings: ModelSettings, base: ModelSettings): ModelSettings {
  const hidden = new Set(FIELDS_OF[family].filter((f) => f.when && !f.when(settings)).map((f) => f.key));
  return Object.fromEntries(Object.entries(settings).filter(([k, v]) => !hidden.has(k) && !sameValue(v, base[k])));
}

function pixelData(s: WizardState) {
  return { system: s.system.system, params: s.system.params, size: s.system.size, style: s.system.style, dt: s.system.dt, ...s.dataset };
}

export function hgnJob(s: WizardState, info: AppInfo): HgnJobConfig {
  const preset = info.presets.hgn[s.hgnPreset];
  const model = changed('hgn', s.models.hgn, preset);
  // The latent dt is the frame interval chosen with the system; frames are the size chosen there.
  if (s.system.dt !== preset.dt) model.dt = s.system.dt;
  if (s.system.size !== preset.imageSize) model.imageSize = s.system.size;
  const { steps, maxSeconds, evalEvery } = s.schedule.hgn;
  return { ...info.defaults.hgn, preset: s.hgnPreset, model, data: pixelData(s), steps, maxSeconds, evalEvery, checkpointEvery: evalEvery };
}

export function pixelHnnJob(s: WizardState, info: AppInfo): PixelHnnJobConfig {
  const model = changed('pixel-hnn', s.models['pixel-hnn'], info.presets.pixelHnn);
  if (s.system.size !== info.presets.pixelHnn.imageSize) model.imageSize = s.system.size;
  const d = info.defaults.pixelHnn;
  const { steps, maxSeconds, evalEvery } = s.schedule['pixel-hnn'];
  return { ...d, model, data: { ...d.data, ...pixelData(s) }, steps, maxSeconds, evalEvery };
}

export function hnnJob(s: WizardState, info: AppInfo): HnnJobConfig {
  const { steps, evalEvery } = s.schedule.hnn;
  return { ...info.defaults.hnn, ...(s.models.hnn as Partial<HnnJobConfig>), ...s.hnnData, steps, evalEvery };
}

export function flowJob(s: WizardState, info: AppInfo): FlowJobConfig {
  const { steps, maxSeconds, evalEvery } = s.schedule.flow;
  return { ...info.defaults.flow, ...(s.models.flow as Partial<FlowJobConfig>), ...s.flowData, steps, maxSeconds, evalEvery, artifactEvery: evalEvery };
}

export function canonicalJob(s: WizardState): CanonicalJobConfig {
  const { steps, maxSeconds, evalEvery } = s.schedule.canonical;
  return {
    ...CANONICAL_DEFAULTS,
    ...(s.models.canonical as Partial<CanonicalJobConfig>),
    ...(canonicalDataValues(s) as Partial<CanonicalJobConfig>),
    system: s.canonicalSystem.system as CanonicalSystem,
    params: { ...s.canonicalSystem.params },
    steps,
    maxSeconds,
    evalEvery,
  };
}

export function wizardJob(s: WizardState, info: AppInfo): JobConfig {
  return { hgn: hgnJob, 'pixel-hnn': pixelHnnJob, hnn: hnnJob, flow: flowJob, canonical: canonicalJob }[s.family](s, info);
}

const SCHEMAS = { hgn: HgnJobSchema, 'pixel-hnn': PixelHnnJobSchema, hnn: HnnJobSchema, flow: FlowJobSchema, canonical: CanonicalJobSchema } as const;

/** Where a problem is shown: the wizard step (0-3) of a config path. */
export function stepOfPath(path: string): number {
  if (/^(data\.(system|params|size|style|dt)|density|csv|system$|params)/.test(path)) return 0;
  if (/^(data\.|train|test|noise|seed$)/.test(path) || /^(validation|points|dt|energy|eccentricity|amplitude)/.test(path)) return 1;
  if (path.startsWith('model.')) return 2;
  return 3;
}

/** The words a problem's path is shown with ("Learning rate", "Training sequences"): its field's label. */
export function problemLabel(family: ModelFamily, path: string): string {
  const key = path.split('.').pop()!;
  const fields = path.startsWith('model.') ? FIELDS_OF[family] : describeFields(path.startsWith('data.') ? DatasetSpecSchema.shape : SCHEMAS[family].shape);
  return fields.find((f) => f.key === key)?.label ?? key;
}

/** Problems by path ('model.<key>' for every model setting, whatever the family keeps it under). */
export function wizardProblems(s: WizardState, info: AppInfo): Record<string, string> {
  const p: Record<string, string> = {};
  const settings = s.models[s.family];
  for (const field of FIELDS_OF[s.family]) {
    if (field.when && !field.when(settings)) continue;
    const problem = fieldProblem(field, settings[field.key]);
    if (problem) p[`model.${field.key}`] = problem;
  }
  const modelKeys = new Set(FIELDS_OF[s.family].map((f) => f.key));
  const parsed = SCHEMAS[s.family].safeParse(wizardJob(s, info));
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const path = issue.path.join('.');
    const key = s.family === 'hnn' || s.family === 'flow' || s.family === 'canonical' ? (modelKeys.has(path) ? `model.${path}` : path) : path;
    p[key] ??= issueText(issue);
  }
  const batch = Number(settings.batchSize);
  if ((s.family === 'hgn' || s.family === 'pixel-hnn') && s.dataset.train < batch) p['data.train'] ??= `At least one batch (${batch}) of training sequences.`;
  if (s.family === 'canonical') {
    const values = { ...s.canonicalData, system: s.canonicalSystem.system as CanonicalSystem };
    for (const f of CANONICAL_DATA_FIELDS) {
      if ((f.when && !f.when(values)) || (f.optional && s.canonicalData[f.key] === undefined)) continue;
      const problem = fieldProblem(f, s.canonicalData[f.key]);
      if (problem) p[f.key] = problem;
    }
    for (const [k, m] of Object.entries(canonicalDataProblems(values))) p[k] ??= m;
  }
  if (s.family === 'flow' && s.flowData.density === 'csv' && !s.flowData.csvText.trim()) p.density = 'Load a CSV file of points first.';
  return p;
}
