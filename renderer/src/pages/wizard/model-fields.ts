// Every hyperparameter the wizard's model step offers, per model family: label, a short explanation, its kind
// and valid range. The published value shown beside each field comes from the app's presets (HGN, PixelHNN) or
// from `paper` here (HNN, flows), so the table stays the one place that describes a field.
import { FLOW_CONSTRAINTS, HGN_INTEGRATORS, type ModelSettings } from '../../../../preload/contract';

export type FieldKind = 'int' | 'number' | 'bool' | 'enum' | 'intList' | 'enumList' | 'text';
export type FieldValue = ModelSettings[string];

export interface ModelField {
  key: string;
  label: string;
  help: string;
  kind: FieldKind;
  options?: readonly string[];
  /** Inclusive bounds; `above` is an exclusive lower bound (learning rates, dt). */
  min?: number;
  max?: number;
  above?: number;
  /** The published value, when the app's defaults are not it. */
  paper?: FieldValue;
  /** Shown under "Sizes and schedules" (collapsed) rather than with the main choices. */
  advanced?: boolean;
  /** Only meaningful for some settings of the others (e.g. GECO's constants with GECO). */
  when?: (v: ModelSettings) => boolean;
}

export const MODEL_FAMILIES = ['hgn', 'pixel-hnn', 'hnn', 'flow'] as const;
export type ModelFamily = (typeof MODEL_FAMILIES)[number];

export const FAMILY_LABELS: Record<ModelFamily, string> = {
  hgn: 'HGN (Hamiltonian Generative Network)',
  'pixel-hnn': 'PixelHNN baseline (HNN with an autoencoder)',
  hnn: 'HNN on phase-space data (and its MLP baseline)',
  flow: 'Hamiltonian flow (density estimation)',
};

const geco = (v: ModelSettings) => v.klWeighting === 'geco';

export const HGN_FIELDS: ModelField[] = [
  { key: 'integrator', label: 'Integrator', help: 'Leapfrog is symplectic and time-reversible; the paper also compared Euler, RK4 and Yoshida.', kind: 'enum', options: HGN_INTEGRATORS },
  { key: 'hamiltonianForm', label: 'Hamiltonian', help: 'General H(q, p), or separable K(p) + U(q) (exact Störmer-Verlet).', kind: 'enum', options: ['general', 'separable'] },
  { key: 'leapfrogIterations', label: 'Implicit leapfrog iterations', help: '0 = the paper\'s explicit scheme; n > 0 makes a general H symplectic at 2n more gradients per step.', kind: 'int', min: 0, max: 20, when: (v) => v.hamiltonianForm === 'general' },
  { key: 'stochastic', label: 'Stochastic encoder', help: 'A Gaussian posterior with a KL term; the deterministic variant had the best MSE in Table 1.', kind: 'bool' },
  { key: 'klWeighting', label: 'KL weighting', help: 'A fixed β, or GECO (a reconstruction constraint with a learned multiplier).', kind: 'enum', options: ['beta', 'geco'] },
  { key: 'beta', label: 'β', help: 'Weight of the KL term per pixel.', kind: 'number', min: 0, max: 1e4, when: (v) => !geco(v) },
  { key: 'gecoTolerance', label: 'GECO tolerance', help: 'Target reconstruction error (RS: 3.3e-2).', kind: 'number', above: 0, max: 10, when: geco },
  { key: 'gecoAlpha', label: 'GECO α', help: 'Moving-average factor of the constraint (RS: 0.99).', kind: 'number', min: 0, max: 1, when: geco },
  { key: 'gecoLambdaInit', label: 'GECO λ start', help: 'Initial multiplier of the constraint.', kind: 'number', above: 0, max: 1e6, when: geco },
  { key: 'gecoLambdaStep', label: 'GECO λ step', help: 'How fast the multiplier follows the constraint.', kind: 'number', min: 0, max: 100, when: geco },
  { key: 'encoderFrames', label: 'Frames the encoder sees (k)', help: 'Stacked on the channel axis (RS: 5).', kind: 'int', min: 1, max: 30 },
  { key: 'rolloutFrames', label: 'Decoded frames per sequence', help: 'Training rollout length, first frame included.', kind: 'int', min: 2, max: 500 },
  { key: 'learningRate', label: 'Learning rate', help: 'Adam step size.', kind: 'number', above: 0, max: 1 },
  { key: 'batchSize', label: 'Batch', help: 'Sequences per step.', kind: 'int', min: 1, max: 512 },
  { key: 'gradClipNorm', label: 'Gradient clip norm', help: 'Global-norm clipping; 0 = off.', kind: 'number', min: 0, max: 1e6 },
  { key: 'hamiltonianHarmonicPrior', label: 'Harmonic prior ω', help: 'Adds (ω/2)(|q|² + |p|²) to the learned H so rollouts move from step one; 0 = the paper\'s H.', kind: 'number', min: 0, max: 100 },
  { key: 'encoderFilters', label: 'Encoder filters', help: 'One 3x3 ReLU conv per entry; the last is the latent channel count.', kind: 'intList', min: 1, max: 1024, advanced: true },
  { key: 'encoderKernel', label: 'Encoder kernel', help: 'Square kernel size of the encoder convs.', kind: 'int', min: 1, max: 9, advanced: true },
  { key: 'transformerFilters', label: 'Transformer filters', help: 'Stride-2 convs to q and p; the last is twice the channels of q.', kind: 'intList', min: 1, max: 1024, advanced: true },
  { key: 'transformerKernel', label: 'Transformer kernel', help: 'Square kernel size of the transformer convs.', kind: 'int', min: 1, max: 9, advanced: true },
  { key: 'hamiltonianFilters', label: 'Hamiltonian filters', help: 'Hidden softplus convs of H, summed over space at the end.', kind: 'intList', min: 1, max: 1024, advanced: true },
  { key: 'hamiltonianKernels', label: 'Hamiltonian kernels', help: 'One per conv, the output conv included.', kind: 'intList', min: 1, max: 9, advanced: true },
  { key: 'hamiltonianStrides', label: 'Hamiltonian strides', help: 'One per conv, the output conv included.', kind: 'intList', min: 1, max: 4, advanced: true },
  { key: 'hamiltonianPadding', label: 'Hamiltonian padding', help: '"same" or "valid", one per conv.', kind: 'enumList', options: ['same', 'valid'], advanced: true },
  { key: 'decoderFilters', label: 'Decoder filters', help: 'One residual 2x upsampling block per entry.', kind: 'intList', min: 1, max: 1024, advanced: true },
  { key: 'decoderKernel', label: 'Decoder kernel', help: 'Square kernel size of the decoder convs.', kind: 'int', min: 1, max: 9, advanced: true },
  { key: 'anchor', label: 'State describes', help: 'The last encoder frame (RS) or the first (the paper\'s s₀).', kind: 'enum', options: ['last', 'first'], advanced: true },
  { key: 'curriculum', label: 'Rollout curriculum', help: 'Grow the training rollout from a few frames: linearly, or when the loss allows.', kind: 'enum', options: ['none', 'linear', 'adaptive'], advanced: true },
  { key: 'curriculumStartFrames', label: 'Curriculum start frames', help: 'Rollout length the curriculum starts from.', kind: 'int', min: 2, max: 500, advanced: true, when: (v) => v.curriculum !== 'none' },
  { key: 'curriculumSteps', label: 'Curriculum steps', help: 'Linear: steps to full length. Adaptive: at most one frame per this many steps.', kind: 'int', min: 0, max: 1e7, advanced: true, when: (v) => v.curriculum !== 'none' },
  { key: 'curriculumThreshold', label: 'Curriculum threshold', help: 'Adaptive: add a frame when the training MSE is below this.', kind: 'number', min: 0, max: 10, advanced: true, when: (v) => v.curriculum === 'adaptive' },
  { key: 'dataInitOutputBias', label: 'Start from the mean colour', help: 'Initialise the decoder\'s output at the data\'s mean colour (skips the grey phase).', kind: 'bool', advanced: true },
  { key: 'seed', label: 'Weights seed', help: 'Initial weights and sampling follow from it.', kind: 'int', min: 0, max: 2 ** 31 - 1, advanced: true },
];

export const PIXEL_HNN_FIELDS: ModelField[] = [
  { key: 'latentDim', label: 'Degrees of freedom', help: 'q and p have this many entries each (1 for the pendulum and the spring).', kind: 'int', min: 1, max: 64 },
  { key: 'aeHidden', label: 'Autoencoder width', help: 'Hidden units of the encoder and decoder MLPs.', kind: 'int', min: 1, max: 4096, paper: 200 },
  { key: 'hnnHidden', label: 'HNN width', help: 'Hidden units of the H network.', kind: 'int', min: 1, max: 4096, paper: 200 },
  { key: 'aeWeight', label: 'Autoencoder loss weight', help: 'Weight of the reconstruction term.', kind: 'number', min: 0, max: 1e4 },
  { key: 'hnnWeight', label: 'HNN loss weight', help: 'Weight of the latent dynamics term.', kind: 'number', min: 0, max: 1e4, paper: 0.1 },
  { key: 'ccWeight', label: 'Canonical loss weight', help: 'Pushes p towards dq/dt so the latent is canonical.', kind: 'number', min: 0, max: 1e4 },
  { key: 'dt', label: 'Latent dt', help: 'Time per frame in the latent.', kind: 'number', above: 0, max: 100, paper: 1 },
  { key: 'integrator', label: 'Rollout integrator', help: 'The paper used adaptive RK45; RK4 at one step per frame here.', kind: 'enum', options: ['rk4', 'leapfrog', 'euler'] },
  { key: 'learningRate', label: 'Learning rate', help: 'Adam.', kind: 'number', above: 0, max: 1, paper: 1e-3 },
  { key: 'batchSize', label: 'Batch', help: 'Frame pairs per step.', kind: 'int', min: 1, max: 4096 },
  { key: 'gradClipNorm', label: 'Gradient clip norm', help: '0 = off.', kind: 'number', min: 0, max: 1e6, advanced: true },
  { key: 'seed', label: 'Weights seed', help: 'Initial weights follow from it.', kind: 'int', min: 0, max: 2 ** 31 - 1, advanced: true },
];

export const HNN_FIELDS: ModelField[] = [
  { key: 'model', label: 'Model', help: 'The HNN learns H and takes its symplectic gradient; the baseline MLP predicts (dq/dt, dp/dt) directly.', kind: 'enum', options: ['hnn', 'baseline'] },
  { key: 'hidden', label: 'Hidden units', help: 'Width of both hidden tanh layers.', kind: 'int', min: 1, max: 2048, paper: 200 },
  { key: 'learningRate', label: 'Learning rate', help: 'Adam step size.', kind: 'number', above: 0, max: 1, paper: 1e-3 },
];

const hamiltonian = (v: ModelSettings) => v.model === 'hamiltonian';
export const FLOW_FIELDS: ModelField[] = [
  { key: 'model', label: 'Model', help: 'The Hamiltonian flow, or a RealNVP baseline of about the same size.', kind: 'enum', options: ['hamiltonian', 'realnvp'] },
  { key: 'hamiltonians', label: 'Hamiltonians T', help: 'H_i = K_i(p) + U_i(q), one block each.', kind: 'int', min: 1, max: 64, when: hamiltonian },
  { key: 'leapfrogSteps', label: 'Leapfrog steps', help: 'Per Hamiltonian (the paper: a few are enough).', kind: 'int', min: 1, max: 64, when: hamiltonian },
  { key: 'hidden', label: 'Hidden units', help: 'MLPs [d, 128, 128, 1] for K and U, [d, 128, 128, d] for the encoder.', kind: 'int', min: 1, max: 2048, paper: 128 },
  { key: 'realnvpLayers', label: 'Coupling layers', help: 'RealNVP depth.', kind: 'int', min: 1, max: 64, when: (v) => !hamiltonian(v) },
  { key: 'constraint', label: 'Symmetry constraint', help: 'Enforce {g, H} = 0 with a Lagrange multiplier: SO(2), translations, or your own g(q, p).', kind: 'enum', options: FLOW_CONSTRAINTS, when: hamiltonian },
  { key: 'constraintExpr', label: 'Generator g(q, p)', help: 'An expression of q1.., p1..; parsed safely, e.g. q1*p2 - q2*p1.', kind: 'text', when: (v) => hamiltonian(v) && v.constraint === 'expr' },
  { key: 'kappa', label: 'κ (precision)', help: 'The constraint is E[{g, H}²] ≤ κ.', kind: 'number', min: 0, max: 1e6, when: (v) => hamiltonian(v) && v.constraint !== 'none' },
  { key: 'lambdaLr', label: 'Multiplier step', help: 'Gradient ascent rate of the Lagrange multiplier.', kind: 'number', min: 0, max: 1e6, advanced: true, when: (v) => hamiltonian(v) && v.constraint !== 'none' },
  { key: 'dt', label: 'Leapfrog dt', help: 'Step of every leapfrog step.', kind: 'number', above: 0, max: 100, when: hamiltonian },
  { key: 'learnDt', label: 'Learn dt', help: 'Train the step size too (bounded by dt max).', kind: 'bool', advanced: true, when: hamiltonian },
  { key: 'base', label: 'Base density', help: 'N(0, I) or a soft uniform box.', kind: 'enum', options: ['normal', 'soft-uniform'] },
  { key: 'softUniformWidth', label: 'Soft-uniform width', help: 'Side of the base box; match the data (8 for checkerboard).', kind: 'number', above: 0, max: 1000, when: (v) => v.base === 'soft-uniform' },
  { key: 'kineticPrior', label: 'Quadratic start of K', help: 'K = c|p|²/2 + MLP; 0 = the paper\'s energies, 1 trains faster.', kind: 'number', min: 0, max: 100, paper: 0, advanced: true, when: hamiltonian },
  { key: 'potentialPrior', label: 'Quadratic start of U', help: 'U = c|q|²/2 + MLP; 0 = the paper\'s energies.', kind: 'number', min: 0, max: 100, paper: 0, advanced: true, when: hamiltonian },
  { key: 'trainSamples', label: 'Importance samples in training', help: '1 = the ELBO; more = an IWAE bound.', kind: 'int', min: 1, max: 1000, paper: 1, advanced: true, when: hamiltonian },
  { key: 'batchSize', label: 'Batch', help: 'Points per step.', kind: 'int', min: 1, max: 65536 },
  { key: 'lr', label: 'Learning rate', help: 'Adam step size.', kind: 'number', above: 0, max: 1, paper: 3e-4 },
  { key: 'lrSchedule', label: 'Learning-rate schedule', help: 'Constant, or a cosine decay to a fraction of it.', kind: 'enum', options: ['constant', 'cosine'], advanced: true },
  { key: 'clipNorm', label: 'Gradient clip norm', help: 'Global-norm clipping against the known instability; 0 = off.', kind: 'number', min: 0, max: 1e9, advanced: true },
];

export const FIELDS_OF: Record<ModelFamily, ModelField[]> = {
  hgn: HGN_FIELDS,
  'pixel-hnn': PIXEL_HNN_FIELDS,
  hnn: HNN_FIELDS,
  flow: FLOW_FIELDS,
};
