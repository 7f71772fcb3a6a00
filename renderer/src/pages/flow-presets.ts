// The Flows page's settings presets. "Tuned" is what the README's results were measured with, defined once in
// the contract (tunedFlowSettings: the bench bench/flows-nll.ts reads the same): the Hamiltonian flow of 6
// Hamiltonians at width 80, batch 512 x 4 momentum draws, lr 2e-3, and on the four measured densities a learned
// mixture base; the RealNVP baseline at batch 256, lr 1e-3. "Paper" is the published settings (the schema's
// defaults and each field's paper value): lr 3e-4, batch 256, the N(0, I) base, no quadratic start.
// Pure (tested in test/renderer/flow-presets.test.ts).
import { tunedFlowSettings, type FieldValue } from '../../../preload/contract';

export type FlowPresetName = 'tuned' | 'paper';
type Values = Record<string, FieldValue>;

/** The keys a preset sets (every preset sets all of them: switching presets leaves nothing of the other behind). */
const KEYS = ['learningRate', 'batchSize', 'trainSamples', 'hamiltonians', 'leapfrogSteps', 'hidden', 'base', 'baseComponents', 'softUniformWidth', 'softUniformSharpness', 'kineticPrior', 'potentialPrior', 'realnvpLayers'];

const flowModel = (model: string) => (model === 'realnvp' ? 'realnvp' : 'hamiltonian');

/** The settings a preset gives for a density and model. */
export function flowPreset(name: FlowPresetName, density: string, model: string, paper: { defaults: Values; paperValues: Values }): Values {
  const keys = KEYS.filter((k) => k in paper.defaults);
  const defaults = Object.fromEntries(keys.map((k) => [k, paper.defaults[k]]));
  if (name === 'paper') return { ...defaults, ...Object.fromEntries(keys.filter((k) => k in paper.paperValues).map((k) => [k, paper.paperValues[k]])) };
  // The harmonic start of K and U (the defaults) stays: it is how the README's numbers were measured.
  return { ...defaults, ...tunedFlowSettings(flowModel(model), density) };
}

/** What a preset means, in a line under its buttons. */
export function presetText(name: FlowPresetName, density: string, model: string): string {
  if (name === 'paper') return 'The published settings: lr 3e-4, batch 256, the N(0, I) base, no quadratic start of K and U.';
  const t = tunedFlowSettings(flowModel(model), density);
  if (model === 'realnvp') return `Tuned for the baseline: batch ${t.batchSize}, learning rate ${t.learningRate}.`;
  const base = t.base === 'mixture' ? `, a learned base of ${t.baseComponents} Gaussians` : '';
  return `Tuned (the README's results): ${t.hamiltonians} Hamiltonians of width ${t.hidden}, batch ${t.batchSize} × ${t.trainSamples} momentum draws, learning rate ${t.learningRate}${base}. Changing the density re-applies it.`;
}
