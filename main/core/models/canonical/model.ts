// The canonical transformation T: a stack of symplectic layers mapping the physical state x = (q, p) to the latent
// X = (Q, P), in which each trajectory of an integrable system should turn on circles: Q_j^2 + P_j^2 = 2 I_j, the
// actions. T^-1 maps back. Parameters live in a ParamStore (logical names, seeded), the zero-centre layers' running
// means in a second one (state, not trained); both are saved by `weights()`.
import * as tf from '@tensorflow/tfjs-core';
import { ParamStore } from '../../training/params';
import type { NamedArrays } from '../../training/named-arrays';
import { validateCanonicalConfig, type CanonicalModelConfig } from './config';
import { CouplingLayer } from './coupling';
import { EVAL, type ForwardContext, type SymplecticLayer } from './layer';
import { LinearSymplecticLayer } from './linear';
import { ZeroCentreLayer } from './zero-centre';

/** Prefix of the running means in `weights()`: they are state, restored by `load` but never trained. */
export const STATE_PREFIX = 'state/';

export class CanonicalFlow {
  readonly dof: number;
  readonly dim: number;
  readonly params: ParamStore;
  readonly buffers: ParamStore;
  readonly layers: SymplecticLayer[];

  constructor(readonly config: CanonicalModelConfig) {
    const problems = validateCanonicalConfig(config);
    if (problems.length > 0) throw new Error(`invalid canonical model: ${problems.join('; ')}`);
    this.dof = config.dof;
    this.dim = 2 * config.dof;
    this.params = new ParamStore(config.seed);
    this.buffers = new ParamStore(config.seed);
    const n = config.dof;
    this.layers = config.layers.map((spec, i) => {
      const name = `l${i}`;
      switch (spec.kind) {
        case 'zero-centre':
          return new ZeroCentreLayer(2 * n, name, this.params, this.buffers);
        case 'linear':
          return new LinearSymplecticLayer(n, name, this.params, spec.householders);
        case 'coupling':
          return new CouplingLayer(n, name, this.params, {
            update: spec.update,
            form: spec.form,
            hidden: spec.hidden,
            depth: spec.depth ?? 2,
            activation: spec.activation ?? 'tanh',
            initScale: config.initScale,
          });
      }
    });
  }

  /** (q, p) [B, 2n] -> (Q, P) [B, 2n]. */
  forward(x: tf.Tensor2D, ctx: ForwardContext = EVAL): tf.Tensor2D {
    let h = x;
    for (const layer of this.layers) h = layer.forward(h, ctx);
    return h;
  }

  /** (Q, P) -> (q, p), the exact inverse of `forward` in eval mode. */
  inverse(y: tf.Tensor2D): tf.Tensor2D {
    let h = y;
    for (let i = this.layers.length - 1; i >= 0; i--) h = this.layers[i].inverse(h);
    return h;
  }

  /**
   * Data-dependent initialisation: one pass in 'init' mode, so every zero-centre layer's running mean is the mean
   * of its input over `x` (a large sample of training states). Without it, eval mode would start from zero means.
   */
  initialiseStatistics(x: tf.Tensor2D): void {
    tf.tidy(() => {
      this.forward(x, { mode: 'init' });
    });
  }

  trainableVariables(): tf.Variable[] {
    return this.params.list();
  }

  parameterCount(): number {
    return this.params.count();
  }

  /** Every parameter and running mean as plain arrays (asynchronous reads). */
  async weights(): Promise<NamedArrays> {
    const [p, b] = await Promise.all([this.params.read(), this.buffers.read()]);
    const out: NamedArrays = { ...p };
    for (const [name, a] of Object.entries(b)) out[STATE_PREFIX + name] = a;
    return out;
  }

  /** Restores what `weights()` gave (same config). */
  load(arrays: NamedArrays): void {
    const state: NamedArrays = {};
    for (const name of this.buffers.names()) {
      const a = arrays[STATE_PREFIX + name];
      if (!a) throw new Error(`weights have no running mean "${name}"`);
      state[name] = a;
    }
    this.params.write(arrays);
    this.buffers.write(state);
  }

  dispose(): void {
    for (const layer of this.layers) (layer as { dispose?: () => void }).dispose?.();
    this.params.dispose();
    this.buffers.dispose();
  }
}
