// Issue 19: the Flows page starts from the settings the README's results used, tuned per density, with the
// paper's one click away.
import { describe, expect, it } from 'vitest';
import { FlowJobSchema, describeFields, type FieldValue } from '../../preload/contract';
import { flowPreset, presetText } from '../../renderer/src/pages/flow-presets';

const defaults = FlowJobSchema.parse({ kind: 'flow' }) as unknown as Record<string, FieldValue>;
const paperValues = Object.fromEntries(describeFields(FlowJobSchema.shape).filter((f) => f.paper !== undefined).map((f) => [f.key, f.paper!]));
const paper = { defaults, paperValues };

describe('flow presets', () => {
  it('tunes the Hamiltonian flow as the README measured it', () => {
    const p = flowPreset('tuned', '8gaussians', 'hamiltonian', paper);
    expect(p).toMatchObject({ learningRate: 2e-3, batchSize: 512, trainSamples: 4, hamiltonians: 6, leapfrogSteps: 1, hidden: 80, base: 'mixture', baseComponents: 8 });
    expect(FlowJobSchema.safeParse({ ...defaults, ...p }).success).toBe(true);
  });

  it('gives each measured density its mixture base, and the others N(0, I)', () => {
    expect(flowPreset('tuned', 'checkerboard', 'hamiltonian', paper)).toMatchObject({ base: 'mixture', baseComponents: 256, learningRate: 2e-3, batchSize: 512 });
    expect(presetText('tuned', 'checkerboard', 'hamiltonian')).toContain('a learned base of 256 Gaussians');
    // rotsym is trained with the SO(2) constraint, which needs a symmetric base.
    expect(flowPreset('tuned', 'rotsym', 'hamiltonian', paper)).toMatchObject({ base: 'normal', hamiltonians: 6 });
    expect(presetText('tuned', 'rotsym', 'hamiltonian')).not.toContain('learned base');
  });

  it("keeps the paper's values one click away", () => {
    const p = flowPreset('paper', 'checkerboard', 'hamiltonian', paper);
    expect(p).toMatchObject({ learningRate: 3e-4, batchSize: 256, trainSamples: 1, base: 'normal', kineticPrior: 0, potentialPrior: 0 });
    expect(FlowJobSchema.safeParse({ ...defaults, ...p }).success).toBe(true);
  });

  it('leaves nothing of the other preset behind', () => {
    const tuned = flowPreset('tuned', 'checkerboard', 'hamiltonian', paper);
    const paperFirst = { ...defaults, ...flowPreset('paper', 'checkerboard', 'hamiltonian', paper), ...tuned };
    expect(paperFirst).toEqual({ ...defaults, ...tuned });
    expect(tuned).toMatchObject({ kineticPrior: defaults.kineticPrior, potentialPrior: defaults.potentialPrior });
    const back = { ...defaults, ...tuned, ...flowPreset('paper', '8gaussians', 'hamiltonian', paper) };
    expect(back).toEqual({ ...defaults, ...flowPreset('paper', '8gaussians', 'hamiltonian', paper) });
  });

  it('tunes the RealNVP baseline too', () => {
    expect(flowPreset('tuned', 'moons', 'realnvp', paper)).toMatchObject({ learningRate: 1e-3, batchSize: 256, hidden: 128, base: 'normal' });
  });
});
