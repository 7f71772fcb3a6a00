// The RealNVP baseline (Dinh et al. 2016): affine coupling layers alternating which half of the coordinates
// they transform, with an exact log-likelihood. Sized to about the Hamiltonian flow's parameter count.
// Halves are contiguous slices (not gathers) so every gradient exists on the wasm backend.
import * as tf from '@tensorflow/tfjs-core';
import { deriveSeed, makeRng, type Rng } from '../../random';
import { normalBase, type BaseDensity } from './base';
import type { SymmetryGenerator } from './generators';
import { createMlp, disposeMlp, mlpForward, mlpVariables, type Mlp, type NamedVariable } from '../../nn/mlp';
import { type DensityModel, type ObjectiveTerms } from './model';

export interface RealNvpConfig {
  dim: number;
  /** Number of affine coupling layers. */
  layers: number;
  hidden: number;
}

/** 6 couplings [1, 128, 128, 2] in 2D: 102k parameters, about the flow's 102k (2 Hamiltonians + encoder). */
export const REALNVP_DEFAULTS: Omit<RealNvpConfig, 'dim'> = { layers: 6, hidden: 128 };

/** |log scale| per coupling stays below this (soft bound), so one layer cannot blow a batch up. */
export const LOG_SCALE_BOUND = 4;

interface Coupling {
  net: Mlp;
  /** The transformed half is [start, start + size); the rest conditions it. */
  start: number;
  size: number;
}

export class RealNvp implements DensityModel {
  readonly kind = 'realnvp' as const;
  readonly dim: number;
  readonly stateDim: number;
  private readonly couplings: Coupling[];
  private readonly base: BaseDensity = normalBase();

  constructor(readonly config: RealNvpConfig, seed: number) {
    const { dim, layers, hidden } = config;
    if (!Number.isInteger(dim) || dim < 2) throw new Error('RealNVP needs at least 2 dimensions');
    if (!Number.isInteger(layers) || layers < 1 || layers > 64) throw new Error(`layers must be in [1, 64], got ${layers}`);
    this.dim = dim;
    this.stateDim = dim;
    const rng = makeRng(deriveSeed(seed, 'realnvp/init'));
    const lo = Math.floor(dim / 2);
    this.couplings = Array.from({ length: layers }, (_, l) => {
      const [start, size] = l % 2 === 0 ? [0, lo] : [lo, dim - lo];
      const net = createMlp(`coupling${l + 1}`, [dim - size, hidden, hidden, 2 * size], 'relu', rng, { outputScale: 0.1 });
      return { net, start, size };
    });
  }

  variables(): NamedVariable[] {
    return this.couplings.flatMap((c) => mlpVariables(c.net));
  }

  private split(x: tf.Tensor2D, c: Coupling): { moved: tf.Tensor2D; cond: tf.Tensor2D } {
    const moved = tf.slice(x, [0, c.start], [-1, c.size]);
    const parts: tf.Tensor2D[] = [];
    if (c.start > 0) parts.push(tf.slice(x, [0, 0], [-1, c.start]));
    if (c.start + c.size < this.dim) parts.push(tf.slice(x, [0, c.start + c.size], [-1, this.dim - c.start - c.size]));
    return { moved, cond: parts.length === 1 ? parts[0] : tf.concat(parts, 1) };
  }

  private join(moved: tf.Tensor2D, x: tf.Tensor2D, c: Coupling): tf.Tensor2D {
    const parts: tf.Tensor2D[] = [];
    if (c.start > 0) parts.push(tf.slice(x, [0, 0], [-1, c.start]));
    parts.push(moved);
    if (c.start + c.size < this.dim) parts.push(tf.slice(x, [0, c.start + c.size], [-1, this.dim - c.start - c.size]));
    return tf.concat(parts, 1);
  }

  private scaleShift(cond: tf.Tensor2D, c: Coupling): { logScale: tf.Tensor2D; shift: tf.Tensor2D } {
    const out = mlpForward(c.net, cond);
    const raw = tf.slice(out, [0, 0], [-1, c.size]);
    return {
      logScale: tf.mul(LOG_SCALE_BOUND, tf.tanh(tf.div(raw, LOG_SCALE_BOUND))),
      shift: tf.slice(out, [0, c.size], [-1, c.size]),
    };
  }

  /** Data -> latent with the log-determinant: z = x * exp(s(x_cond)) + t(x_cond) per coupling. */
  normalize(x: tf.Tensor2D): { z: tf.Tensor2D; logDet: tf.Tensor1D } {
    let z = x;
    let logDet: tf.Tensor1D = tf.zeros([x.shape[0]]);
    for (const c of this.couplings) {
      const { moved, cond } = this.split(z, c);
      const { logScale, shift } = this.scaleShift(cond, c);
      z = this.join(tf.add(tf.mul(moved, tf.exp(logScale)), shift), z, c);
      logDet = tf.add(logDet, tf.sum(logScale, 1));
    }
    return { z, logDet };
  }

  logLikelihood(x: tf.Tensor2D): tf.Tensor1D {
    const { z, logDet } = this.normalize(x);
    return tf.add(this.base.logProb(z), logDet);
  }

  objective(x: tf.Tensor2D, _rng: Rng, generators: readonly SymmetryGenerator[]): ObjectiveTerms {
    if (generators.length > 0) throw new Error('symmetry constraints need the Hamiltonian flow, not RealNVP');
    return { nll: tf.neg(tf.mean(this.logLikelihood(x))) as tf.Scalar, constraints: [] };
  }

  logWeights(x: tf.Tensor2D): tf.Tensor2D {
    return tf.expandDims(this.logLikelihood(x), 0) as tf.Tensor2D;
  }

  /** Latent -> data through the couplings in reverse, collecting every intermediate state. */
  private generate(n: number, rng: Rng, states?: tf.Tensor2D[]): tf.Tensor2D {
    let x = tf.tensor2d(this.base.sample(n, this.dim, rng), [n, this.dim]);
    states?.push(x);
    for (let l = this.couplings.length - 1; l >= 0; l--) {
      const c = this.couplings[l];
      const { moved, cond } = this.split(x, c);
      const { logScale, shift } = this.scaleShift(cond, c);
      x = this.join(tf.mul(tf.sub(moved, shift), tf.exp(tf.neg(logScale))), x, c);
      states?.push(x);
    }
    return x;
  }

  sample(n: number, rng: Rng): tf.Tensor2D {
    return this.generate(n, rng);
  }

  trajectory(n: number, rng: Rng): tf.Tensor3D {
    const states: tf.Tensor2D[] = [];
    this.generate(n, rng, states);
    return tf.stack(states) as tf.Tensor3D;
  }

  dispose(): void {
    this.couplings.forEach((c) => disposeMlp(c.net));
  }
}
