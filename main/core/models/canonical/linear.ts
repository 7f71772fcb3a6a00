// The linear symplectic layer S = N A K (seed 002, "Linear layers"; float64 reference and the decomposition that
// proves the parametrisation spans Sp(2n) in symplectic-matrix.ts):
//   N = [[1, 0], [M, 1]], M = (m + m^T) / 2;  A = diag(L^T, L^-1), L = (1 + U) diag(e^s), U strictly upper;
//   K = [[X, -Y], [Y, X]], X + iY = R_1 ... R_r diag(e^{i phi}), R_v = 1 - 2 v v^dagger / |v|^2, v = a + ib.
// Both S and S^-1 = K^T diag(L^-T, L) [[1, 0], [-M, 1]] are built from the factors as 2n x 2n matrices (a few
// small ops), then applied to the batch with one product each. (1 + U)^-1 = sum_{k<n} (-U)^k exactly (U is
// nilpotent). Fresh layers: M = 0, L = 1 and a random unitary K (Householder vectors and phases ~ N(0, 1)), so
// the stack mixes every q and p from the start (c.f. Glow's 1x1 convolutions).
import * as tf from '@tensorflow/tfjs-core';
import type { ParamStore } from '../../training/params';
import type { SymplecticLayer } from './layer';
import type { LinearParams } from './symplectic-matrix';

export class LinearSymplecticLayer implements SymplecticLayer {
  readonly kind = 'linear' as const;
  readonly dim: number;
  readonly householders: number;
  private readonly vars: Record<'m' | 'u' | 's' | 'phi', tf.Variable> & { a: tf.Variable | null; b: tf.Variable | null };
  private readonly eye: tf.Tensor2D;
  private readonly upper: tf.Tensor2D;

  constructor(readonly n: number, name: string, params: ParamStore, householders?: number) {
    this.dim = 2 * n;
    this.householders = householders ?? (n > 1 ? n : 0);
    const r = this.householders;
    this.vars = {
      m: params.add(`${name}.m`, [n, n], { kind: 'constant', value: 0 }),
      u: params.add(`${name}.u`, [n, n], { kind: 'constant', value: 0 }),
      s: params.add(`${name}.s`, [n], { kind: 'constant', value: 0 }),
      phi: params.add(`${name}.phi`, [n], { kind: 'normal', std: 1 }),
      a: r > 0 ? params.add(`${name}.a`, [r, n], { kind: 'normal', std: 1 }) : null,
      b: r > 0 ? params.add(`${name}.b`, [r, n], { kind: 'normal', std: 1 }) : null,
    };
    this.eye = tf.eye(n) as tf.Tensor2D;
    const mask = new Float32Array(n * n);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) mask[i * n + j] = 1;
    this.upper = tf.tensor2d(mask, [n, n]);
  }

  /** K as a real 2n x 2n matrix. */
  kMatrix(): tf.Tensor2D {
    const n = this.n;
    const c = tf.mul(this.eye, tf.cos(this.vars.phi));
    const s = tf.mul(this.eye, tf.sin(this.vars.phi));
    let k = tf.concat([tf.concat([c, tf.neg(s)], 1), tf.concat([s, c], 1)], 0) as tf.Tensor2D;
    const { a, b } = this.vars;
    for (let r = this.householders - 1; r >= 0 && a && b; r--) {
      const ar = tf.slice(a, [r, 0], [1, n]) as tf.Tensor2D;
      const br = tf.slice(b, [r, 0], [1, n]) as tf.Tensor2D;
      // G^T = [[a, b], [-b, a]] (2 x 2n); R = 1 - kappa G G^T, kappa = 2 / |v|^2 = 4 / sum(G^T . G^T).
      const gt = tf.concat([tf.concat([ar, br], 1), tf.concat([tf.neg(br), ar], 1)], 0) as tf.Tensor2D;
      const kappa = tf.div(4, tf.sum(tf.square(gt)));
      k = tf.sub(k, tf.mul(kappa, tf.matMul(gt, tf.matMul(gt, k), true, false)));
    }
    return k;
  }

  /** L, L^-1 and M. */
  private blocks(): { l: tf.Tensor2D; lInv: tf.Tensor2D; m: tf.Tensor2D } {
    const n = this.n;
    const u = tf.mul(this.vars.u, this.upper) as tf.Tensor2D;
    const l = tf.mul(tf.add(this.eye, u), tf.reshape(tf.exp(this.vars.s), [1, n])) as tf.Tensor2D;
    let inv: tf.Tensor2D = this.eye;
    let term: tf.Tensor2D = this.eye;
    const negU = tf.neg(u);
    for (let k = 1; k < n; k++) {
      term = tf.matMul(term, negU);
      inv = tf.add(inv, term);
    }
    const lInv = tf.mul(tf.reshape(tf.exp(tf.neg(this.vars.s)), [n, 1]), inv) as tf.Tensor2D;
    const m = tf.mul(tf.add(this.vars.m, tf.transpose(this.vars.m)), 0.5) as tf.Tensor2D;
    return { l, lInv, m };
  }

  /** S = N A K (column convention: y = S x). */
  matrix(): tf.Tensor2D {
    const n = this.n;
    const k = this.kMatrix();
    const { l, lInv, m } = this.blocks();
    const [kTop, kBottom] = tf.split(k, [n, n], 0) as [tf.Tensor2D, tf.Tensor2D];
    const top = tf.matMul(l, kTop, true, false);
    const bottom = tf.add(tf.matMul(lInv, kBottom), tf.matMul(m, top));
    return tf.concat([top, bottom], 0) as tf.Tensor2D;
  }

  /** S^-1 = K^T [[L^-T, 0], [-L M, L]]. */
  inverseMatrix(): tf.Tensor2D {
    const n = this.n;
    const { l, lInv, m } = this.blocks();
    const zero = tf.zeros([n, n]);
    const inner = tf.concat([tf.concat([tf.transpose(lInv), zero], 1), tf.concat([tf.neg(tf.matMul(l, m)), l], 1)], 0) as tf.Tensor2D;
    return tf.matMul(this.kMatrix(), inner, true, false);
  }

  forward(x: tf.Tensor2D): tf.Tensor2D {
    return tf.matMul(x, this.matrix(), false, true);
  }

  inverse(y: tf.Tensor2D): tf.Tensor2D {
    return tf.matMul(y, this.inverseMatrix(), false, true);
  }

  /** Sets the raw parameters (symplectic-matrix.ts's `decomposeSymplectic` gives them for any S in Sp(2n)). */
  setParams(p: LinearParams): void {
    const n = this.n;
    if (p.a.length !== this.householders) throw new Error(`this layer has ${this.householders} reflections, the parameters ${p.a.length}`);
    tf.tidy(() => {
      this.vars.m.assign(tf.tensor2d(p.m.flat(), [n, n]));
      this.vars.u.assign(tf.tensor2d(p.u.flat(), [n, n]));
      this.vars.s.assign(tf.tensor1d(p.s));
      this.vars.phi.assign(tf.tensor1d(p.phi));
      if (this.vars.a && this.vars.b) {
        this.vars.a.assign(tf.tensor2d(p.a.flat(), [this.householders, n]));
        this.vars.b.assign(tf.tensor2d(p.b.flat(), [this.householders, n]));
      }
    });
  }

  dispose(): void {
    this.eye.dispose();
    this.upper.dispose();
  }
}
