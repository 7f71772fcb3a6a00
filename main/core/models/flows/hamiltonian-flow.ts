// The neural Hamiltonian flow of EHF: T separable Hamiltonians of L leapfrog steps each, a Gaussian momentum
// encoder h(p | q), and a base density pi(q, p). The data q is the position at the end of the flow and the
// momentum is latent: ELBO(q) = E_h[log pi(T^-1(q, p)) - log h(p | q)] <= log p(q).
import * as tf from '@tensorflow/tfjs-core';
import { variableFrom } from '../../nn/dense-layers';
import { deriveSeed, makeRng, type Rng } from '../../random';
import { makeBase, type BaseDensity, type BaseKind } from './base';
import { HAMILTONIAN_FLOW_DEFAULTS } from './config';
import { createEncoder, disposeEncoder, drawMomentum, encoderVariables, type GaussianEncoder } from './encoder';
import type { SymmetryGenerator } from './generators';
import { createHamiltonian, disposeHamiltonian, hamiltonianVariables, type SeparableHamiltonian } from './hamiltonian';
import { flowForward, flowInverse, type FlowBlock, type PhaseState } from './leapfrog';
import type { NamedVariable } from '../../nn/mlp';
import { gaussianNoise, type DensityModel, type ObjectiveTerms } from './model';
import { bracketWithHamiltonian } from './poisson';
import { stopGradient } from './stop-gradient';

export interface HamiltonianFlowConfig {
  /** Data dimension d (the state is 2d). */
  dim: number;
  /** T: number of learned Hamiltonians. */
  hamiltonians: number;
  /** L: leapfrog steps per Hamiltonian. */
  leapfrogSteps: number;
  /** Width of the hidden layers of K, U and the encoder (the paper: 128). */
  hidden: number;
  /** a in K(p) = a |p|^2 / 2 + MLP(p); 0 is the paper's K (see SeparableHamiltonian). */
  kineticPrior: number;
  /** b in U(q) = b |q|^2 / 2 + MLP(q); 0 is the paper's U. a = b = 1: the flow starts as a harmonic oscillator. */
  potentialPrior: number;
  /** Initial step size of every Hamiltonian. */
  dt: number;
  /** Learn each Hamiltonian's dt, kept inside (0, dtMax) by a sigmoid. */
  learnDt: boolean;
  dtMax: number;
  base: BaseKind;
  softUniformWidth: number;
  softUniformSharpness: number;
  /** Components of the mixture base. */
  baseComponents: number;
}

export { HAMILTONIAN_FLOW_DEFAULTS };

function checkConfig(c: HamiltonianFlowConfig): void {
  const positiveInt = (v: number, name: string, max: number) => {
    if (!Number.isInteger(v) || v < 1 || v > max) throw new Error(`${name} must be an integer in [1, ${max}], got ${v}`);
  };
  positiveInt(c.dim, 'dim', 64);
  positiveInt(c.hamiltonians, 'hamiltonians', 64);
  positiveInt(c.leapfrogSteps, 'leapfrogSteps', 64);
  positiveInt(c.hidden, 'hidden', 4096);
  for (const k of ['kineticPrior', 'potentialPrior'] as const) {
    if (!(c[k] >= 0 && Number.isFinite(c[k]))) throw new Error(`${k} must be >= 0, got ${c[k]}`);
  }
  if (!(c.dtMax > 0) || !(c.dt > 0) || (c.learnDt && c.dt >= c.dtMax)) {
    throw new Error(`need 0 < dt${c.learnDt ? ' < dtMax' : ''} (dt ${c.dt}, dtMax ${c.dtMax})`);
  }
}

export class HamiltonianFlow implements DensityModel {
  readonly kind = 'hamiltonian' as const;
  readonly dim: number;
  readonly stateDim: number;
  readonly hamiltonians: SeparableHamiltonian[];
  readonly encoder: GaussianEncoder;
  readonly base: BaseDensity;
  /** Unconstrained step sizes: dt_i = dtMax * sigmoid(raw_i); empty when dt is fixed. */
  readonly dtRaw: tf.Variable<tf.Rank.R0>[];

  constructor(readonly config: HamiltonianFlowConfig, seed: number) {
    checkConfig(config);
    this.dim = config.dim;
    this.stateDim = 2 * config.dim;
    const rng = makeRng(deriveSeed(seed, 'hamiltonian-flow/init'));
    this.hamiltonians = Array.from({ length: config.hamiltonians }, (_, i) =>
      createHamiltonian(`H${i + 1}`, config.dim, config.hidden, rng, { kinetic: config.kineticPrior, potential: config.potentialPrior }),
    );
    this.encoder = createEncoder('encoder', config.dim, config.hidden, rng);
    this.base = makeBase(config.base, {
      width: config.softUniformWidth,
      sharpness: config.softUniformSharpness,
      components: config.baseComponents,
      dim: this.stateDim,
      rng,
    });
    const r = config.dt / config.dtMax;
    this.dtRaw = config.learnDt ? this.hamiltonians.map(() => variableFrom(tf.scalar(Math.log(r / (1 - r))))) : [];
  }

  variables(): NamedVariable[] {
    return [
      ...this.hamiltonians.flatMap(hamiltonianVariables),
      ...encoderVariables(this.encoder),
      ...this.dtRaw.map((variable, i) => ({ name: `H${i + 1}/dt_raw`, variable })),
      ...this.base.variables(),
    ];
  }

  /** The leapfrog blocks, with the current step sizes. */
  blocks(): FlowBlock[] {
    return this.hamiltonians.map((hamiltonian, i) => ({
      hamiltonian,
      steps: this.config.leapfrogSteps,
      dt: this.config.learnDt ? (tf.mul(this.config.dtMax, tf.sigmoid(this.dtRaw[i])) as tf.Scalar) : this.config.dt,
    }));
  }

  /** Current step sizes as numbers (for metrics), read back asynchronously in one request. */
  async stepSizes(): Promise<number[]> {
    if (!this.config.learnDt) return this.hamiltonians.map(() => this.config.dt);
    const raw = tf.stack(this.dtRaw);
    const values = await raw.data();
    raw.dispose();
    return Array.from(values, (r) => this.config.dtMax / (1 + Math.exp(-r)));
  }

  basePoints(n: number, rng: Rng): PhaseState {
    const s = tf.tensor2d(this.base.sample(n, this.stateDim, rng), [n, this.stateDim]);
    const [q, p] = tf.split(s, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
    return { q, p };
  }

  /** Per-row log w = log pi(T^-1(q, p)) - log h(p | q) with p = mu + sigma eps; `entries` as in flowInverse. */
  private logWeight(x: tf.Tensor2D, eps: tf.Tensor2D, blocks: FlowBlock[], entries?: PhaseState[]): tf.Tensor1D {
    const { p, logH } = drawMomentum(this.encoder, x, eps);
    const s0 = flowInverse(blocks, { q: x, p }, entries);
    return tf.sub(this.base.logProb(tf.concat([s0.q, s0.p], 1) as tf.Tensor2D), logH);
  }

  objective(x: tf.Tensor2D, rng: Rng, generators: readonly SymmetryGenerator[], samples = 1): ObjectiveTerms {
    const [n, d] = x.shape;
    const xs = samples > 1 ? (tf.tile(x, [samples, 1]) as tf.Tensor2D) : x;
    const eps = tf.tensor2d(gaussianNoise(n * samples, d, rng), [n * samples, d]);
    const blocks = this.blocks();
    const entries: PhaseState[] = [];
    const w = this.logWeight(xs, eps, blocks, generators.length > 0 ? entries : undefined);
    const bound = samples > 1 ? tf.sub(tf.logSumExp(tf.reshape(w, [samples, n]), 0), Math.log(samples)) : w;
    // The bracket is checked where each Hamiltonian acts (its entry state in the inverse pass), as a fixed set
    // of points: the constraint shapes H, not where the flow sends the data.
    const points = entries.map((s) => ({ q: stopGradient(s.q), p: stopGradient(s.p) }));
    const constraints = generators.map((g) => {
      const perH = points.map((s, k) => {
        const h = blocks[blocks.length - 1 - k].hamiltonian;
        return tf.mean(tf.square(bracketWithHamiltonian(g.evaluate, h, s.q, s.p)));
      });
      return tf.div(tf.addN(perH), perH.length) as tf.Scalar;
    });
    return { nll: tf.neg(tf.mean(bound)) as tf.Scalar, constraints };
  }

  logWeights(x: tf.Tensor2D, k: number, rng: Rng, sharedNoise = false): tf.Tensor2D {
    const [n, d] = x.shape;
    const xs = tf.tile(x, [k, 1]) as tf.Tensor2D;
    // Rows are ordered draw-major (row = draw * n + point), as tile lays them out.
    const eps = sharedNoise
      ? (tf.reshape(tf.tile(tf.tensor3d(gaussianNoise(k, d, rng), [k, 1, d]), [1, n, 1]), [n * k, d]) as tf.Tensor2D)
      : tf.tensor2d(gaussianNoise(n * k, d, rng), [n * k, d]);
    return tf.reshape(this.logWeight(xs, eps, this.blocks()), [k, n]);
  }

  sample(n: number, rng: Rng): tf.Tensor2D {
    return flowForward(this.blocks(), this.basePoints(n, rng)).q;
  }

  trajectory(n: number, rng: Rng): tf.Tensor3D {
    const s0 = this.basePoints(n, rng);
    const states: PhaseState[] = [s0];
    flowForward(this.blocks(), s0, states);
    return tf.stack(states.map((s) => tf.concat([s.q, s.p], 1))) as tf.Tensor3D;
  }

  dispose(): void {
    this.hamiltonians.forEach(disposeHamiltonian);
    disposeEncoder(this.encoder);
    this.dtRaw.forEach((v) => v.dispose());
    this.base.dispose();
  }
}
