// The canonical-transformation model as flat JSON: the layer stack, in the order the physical state (q, p) goes
// through it to the latent (Q, P). What the wizard edits, what a checkpoint carries.

export type CouplingForm =
  /** mu(q) = grad F(q) with F a scalar MLP [n, hidden x depth, 1]; its input gradient written out as plain ops. */
  | 'gradient-mlp'
  /** The talk's irrotational MLP mu(q) = W1^T s(w2 * s(W1 q + b1) + b2) (W2 = diag(w2)): a gradient field too. */
  | 'irrotational';

export type CouplingActivation = 'tanh' | 'softplus';

export type LayerSpec =
  /** Q = q - mu_q + alpha, P = p - mu_p + beta: batch means in training, running means after (seed 002). */
  | { kind: 'zero-centre' }
  /** S = N A K (symplectic-matrix.ts); `householders` reflections in K (default n, 0 when n = 1). */
  | { kind: 'linear'; householders?: number }
  /** Additive canonical coupling: update 'p' is p <- p + mu(q), update 'q' is q <- q + mu(p). */
  | {
      kind: 'coupling';
      update: 'p' | 'q';
      form: CouplingForm;
      hidden: number;
      /** Hidden layers of F ('gradient-mlp' only; the irrotational form has its fixed two). */
      depth?: number;
      activation?: CouplingActivation;
    };

export interface CanonicalModelConfig {
  /** Degrees of freedom n: the phase space is [q_1..q_n, p_1..p_n]. */
  dof: number;
  layers: LayerSpec[];
  /** Seeds every parameter (each from its own name). */
  seed: number;
  /** Running means: mean <- (1 - momentum) mean + momentum batch mean. */
  momentum: number;
  /** Scale of the couplings' last weights at initialisation: the fresh couplings are near the identity. */
  initScale: number;
}

export interface LayoutOptions {
  dof: number;
  /** Blocks of (linear, p-coupling, q-coupling); a final linear layer closes the stack. */
  blocks: number;
  hidden: number;
  depth: number;
  form: CouplingForm;
  activation: CouplingActivation;
  /** Zero-centre layers at the input and at the output. */
  zeroCentre: boolean;
  /** Linear symplectic layers between the blocks. */
  linear: boolean;
}

export const LAYOUT_DEFAULTS: Omit<LayoutOptions, 'dof'> = {
  blocks: 4,
  hidden: 32,
  depth: 2,
  form: 'gradient-mlp',
  activation: 'tanh',
  zeroCentre: true,
  linear: true,
};

/** zero-centre, [linear, coupling p, coupling q] x blocks, linear, zero-centre (the talk's "stack together"). */
export function canonicalLayout(o: Partial<LayoutOptions> & Pick<LayoutOptions, 'dof'>): LayerSpec[] {
  const c = { ...LAYOUT_DEFAULTS, ...o };
  const coupling = (update: 'p' | 'q'): LayerSpec => ({
    kind: 'coupling',
    update,
    form: c.form,
    hidden: c.hidden,
    ...(c.form === 'gradient-mlp' ? { depth: c.depth } : {}),
    activation: c.activation,
  });
  const layers: LayerSpec[] = [];
  if (c.zeroCentre) layers.push({ kind: 'zero-centre' });
  for (let b = 0; b < c.blocks; b++) {
    if (c.linear) layers.push({ kind: 'linear' });
    layers.push(coupling('p'), coupling('q'));
  }
  if (c.linear) layers.push({ kind: 'linear' });
  if (c.zeroCentre) layers.push({ kind: 'zero-centre' });
  return layers;
}

export function canonicalConfig(o: Partial<LayoutOptions> & Pick<LayoutOptions, 'dof'>, seed = 0): CanonicalModelConfig {
  return { dof: o.dof, layers: canonicalLayout(o), seed, momentum: 0.05, initScale: 0.1 };
}

/** Every problem of a config, in words (empty when it is valid). */
export function validateCanonicalConfig(c: CanonicalModelConfig): string[] {
  const problems: string[] = [];
  const int = (x: unknown, lo: number, hi: number): boolean => Number.isInteger(x) && (x as number) >= lo && (x as number) <= hi;
  if (!int(c.dof, 1, 64)) problems.push(`dof must be an integer in [1, 64], got ${c.dof}`);
  if (!Array.isArray(c.layers) || c.layers.length === 0) problems.push('the model needs at least one layer');
  if (!(c.momentum > 0 && c.momentum <= 1)) problems.push(`momentum must be in (0, 1], got ${c.momentum}`);
  if (!(c.initScale >= 0 && Number.isFinite(c.initScale))) problems.push(`initScale must be >= 0, got ${c.initScale}`);
  if (!int(c.seed, 0, 2 ** 32 - 1)) problems.push(`seed must be an integer in [0, 2^32), got ${c.seed}`);
  (c.layers ?? []).forEach((l, i) => {
    if (l.kind === 'linear') {
      if (l.householders !== undefined && !int(l.householders, 0, 64)) problems.push(`layer ${i}: householders must be in [0, 64]`);
    } else if (l.kind === 'coupling') {
      if (l.update !== 'p' && l.update !== 'q') problems.push(`layer ${i}: update must be 'p' or 'q'`);
      if (l.form !== 'gradient-mlp' && l.form !== 'irrotational') problems.push(`layer ${i}: unknown coupling form '${String(l.form)}'`);
      if (!int(l.hidden, 1, 4096)) problems.push(`layer ${i}: hidden must be an integer in [1, 4096]`);
      if (l.depth !== undefined && !int(l.depth, 1, 16)) problems.push(`layer ${i}: depth must be an integer in [1, 16]`);
      if (l.activation !== undefined && l.activation !== 'tanh' && l.activation !== 'softplus') {
        problems.push(`layer ${i}: activation must be 'tanh' or 'softplus'`);
      }
    } else if (l.kind !== 'zero-centre') {
      problems.push(`layer ${i}: unknown kind '${String((l as { kind: unknown }).kind)}'`);
    }
  });
  return problems;
}

// ---------- Published values: what the app, the CLI and the bench start from (bench/canonical.ts measured them) ----------

/** The systems a canonical transformation is offered for: integrable ones with known actions or normal modes. */
export const CANONICAL_SYSTEMS = ['kepler', 'pendulum', 'mass-spring', 'fput'] as const;
export type CanonicalSystem = (typeof CANONICAL_SYSTEMS)[number];

export const COUPLING_FORMS = ['gradient-mlp', 'irrotational'] as const satisfies readonly CouplingForm[];
export const COUPLING_ACTIVATIONS = ['tanh', 'softplus'] as const satisfies readonly CouplingActivation[];
/** The radius loss's weightings (loss.ts); 'absolute' is the talk's. */
export const LOSS_WEIGHTINGS = ['absolute', 'relative', 'rho', 'plane'] as const;
/** What the zero-centre layers subtract in training: the batch means (the talk's) or their running means. */
export const CENTRINGS = ['batch', 'running'] as const;
/** Where the angular rates of the action-angle motion come from: the learned K, or a fit to a trajectory's angles. */
export const RATE_SOURCES = ['learned-K', 'fitted'] as const;
export type RateSource = (typeof RATE_SOURCES)[number];

/**
 * The trajectory data of each system, as the bench measured it (energy ranges fixed before any training):
 * mass-spring with k m != 1 (ellipses, not already circles), the pendulum in libration up to 75% of the separatrix
 * energy, prograde Kepler orbits with a in [0.7, 1.25] and e in [0, 0.6], FPUT N = 5 at small amplitude.
 */
export interface CanonicalDataDefaults {
  params?: Record<string, number>;
  energy?: [number, number];
  eccentricity?: [number, number];
  amplitude?: [number, number];
  points: number;
  dt: number;
}

export const CANONICAL_DATA_DEFAULTS: Record<CanonicalSystem, CanonicalDataDefaults> = {
  // 64 points at dt 0.05 cover one period pi.
  'mass-spring': { params: { m: 1, k: 4 }, energy: [0.05, 2], points: 64, dt: 0.05 },
  // HGN parameters m = 0.5, l = 1, g = 3: separatrix energy 2 m g l = 3.
  pendulum: { energy: [0.05, 2.25], points: 64, dt: 0.1 },
  // Periods 3.7 to 8.8 at k = 1: 88 points at dt 0.1 cover every orbit once.
  kepler: { energy: [-0.714, -0.4], eccentricity: [0, 0.6], points: 90, dt: 0.1 },
  // Phase-space radius 0.1 to 0.4, where the chain is close to its normal modes.
  fput: { amplitude: [0.1, 0.4], points: 64, dt: 0.2 },
};

/** Trajectories of each split (train, validation for choices, test for the reported numbers) and the seed. */
export const CANONICAL_SPLIT_DEFAULTS = { train: 512, validation: 64, test: 128, seed: 0 } as const;

/** The training recipe the bench measured (README): the talk's loss and batch means, Adam at 2e-3 decayed by a cosine. */
export const CANONICAL_PUBLISHED = {
  blocks: 4,
  hidden: 32,
  depth: 2,
  batchTrajectories: 16,
  learningRate: 2e-3,
  learningRateFinal: 0.05,
  clipNorm: 10,
} as const;

/** Where trajectories of a system may start: what `dataRangeProblems` checks (a CanonicalDataSpec is one). */
export interface DataRanges {
  system: string;
  energy?: [number, number];
  eccentricity?: [number, number];
  amplitude?: [number, number];
}

/** Every problem of a data spec's ranges, in words, with the range it is about (empty when they are fine). */
export function dataRangeProblems(spec: DataRanges): Array<{ range: 'energy' | 'eccentricity' | 'amplitude'; message: string }> {
  const p: Array<{ range: 'energy' | 'eccentricity' | 'amplitude'; message: string }> = [];
  const ordered = (range: 'energy' | 'eccentricity' | 'amplitude') => {
    const r = spec[range];
    if (r && !(r[0] < r[1])) p.push({ range, message: `the ${range} range needs its minimum below its maximum (got ${r[0]} to ${r[1]})` });
  };
  ordered('energy');
  ordered('eccentricity');
  ordered('amplitude');
  if (spec.system === 'kepler' && spec.energy && !(spec.energy[1] < 0)) p.push({ range: 'energy', message: 'Kepler orbits are bound only at negative energy: the energy range must stay below 0' });
  if (spec.eccentricity && !(spec.eccentricity[0] >= 0 && spec.eccentricity[1] < 1)) p.push({ range: 'eccentricity', message: 'eccentricities of bound orbits lie in [0, 1)' });
  if ((spec.system === 'pendulum' || spec.system === 'mass-spring') && spec.energy && !(spec.energy[0] > 0)) p.push({ range: 'energy', message: `${spec.system} energies must be positive` });
  return p;
}
