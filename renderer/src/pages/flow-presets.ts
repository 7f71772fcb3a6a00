// The Flows page's settings presets. "Tuned" is what the README's results were measured with (bench/flows-nll.ts:
// 10 minutes on one core): the Hamiltonian flow at batch 512 with 4 momentum draws and lr 2e-3, and for data that
// fill a box (checkerboard, [-4, 4]^2) a soft-uniform base of side 8; the RealNVP baseline at batch 256, lr 1e-3.
// "Paper" is the published settings (the schema's defaults and each field's paper value): lr 3e-4, batch 256,
// the N(0, I) base, no quadratic start. Pure (tested in test/renderer/flow-presets.test.ts).
import type { FieldValue } from '../../../preload/contract';

export type FlowPresetName = 'tuned' | 'paper';
type Values = Record<string, FieldValue>;

/** Densities whose samples fill a box: the soft-uniform base of that side fits them better than N(0, I). */
const BOX_DENSITIES: Record<string, number> = { checkerboard: 8 };

/** The keys a preset sets (every preset sets all of them: switching presets leaves nothing of the other behind). */
const KEYS = ['lr', 'batchSize', 'trainSamples', 'hamiltonians', 'leapfrogSteps', 'base', 'softUniformWidth', 'softUniformSharpness', 'kineticPrior', 'potentialPrior', 'realnvpLayers'];

/** The settings a preset gives for a density and model. */
export function flowPreset(name: FlowPresetName, density: string, model: string, paper: { defaults: Values; paperValues: Values }): Values {
  const keys = KEYS.filter((k) => k in paper.defaults);
  const defaults = Object.fromEntries(keys.map((k) => [k, paper.defaults[k]]));
  if (name === 'paper') return { ...defaults, ...Object.fromEntries(keys.filter((k) => k in paper.paperValues).map((k) => [k, paper.paperValues[k]])) };
  if (model === 'realnvp') return { ...defaults, batchSize: 256, lr: 1e-3 };
  const box = BOX_DENSITIES[density];
  // The bench's harmonic start of K and U (the defaults) stays: it is how the README's numbers were measured.
  return { ...defaults, batchSize: 512, trainSamples: 4, lr: 2e-3, hamiltonians: 2, leapfrogSteps: 2, ...(box ? { base: 'soft-uniform', softUniformWidth: box, softUniformSharpness: 4 } : {}) };
}

/** What a preset means, in a line under its buttons. */
export function presetText(name: FlowPresetName, density: string, model: string): string {
  if (name === 'paper') return 'The published settings: lr 3e-4, batch 256, the N(0, I) base, no quadratic start of K and U.';
  if (model === 'realnvp') return 'Tuned for the baseline: batch 256, lr 1e-3.';
  const box = BOX_DENSITIES[density];
  return `Tuned (the README's results): batch 512 × 4 momentum draws, lr 2e-3${box ? `, a soft-uniform base of side ${box} (${density} fills a box)` : ''}. Changing the density re-applies it.`;
}
