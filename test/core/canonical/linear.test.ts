// The linear symplectic layer S = N A K and its Householder/phase parametrisation span what they claim: every K is
// orthogonal and symplectic of the form [[X, -Y], [Y, X]]; every unitary is R_1 ... R_n diag(e^{i phi}); every
// symplectic matrix is N A K (the Iwasawa decomposition), so given rotations (configuration space, phase space)
// and the FPUT normal-mode map are represented exactly; the tfjs layer computes the same matrices as the float64
// reference.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../main/engine/backends';
import { CanonicalFlow, LinearSymplecticLayer, chainNormalModes } from '../../../main/core/models/canonical';
import {
  decomposeSymplectic,
  decomposeUnitary,
  identity,
  kMatrix,
  matmul,
  maxAbsDiff,
  nakMatrix,
  omega,
  symplecticDefect,
  transpose,
  zeros,
  type Matrix,
} from '../../../main/core/models/canonical/symplectic-matrix';
import { gaussian, makeRng, type Rng } from '../../../main/core/random';
import { perturb } from './helpers';

beforeAll(async () => {
  await initBackend('wasm');
});

const randomMatrix = (rng: Rng, r: number, c: number, scale = 1): Matrix =>
  Array.from({ length: r }, () => Array.from({ length: c }, () => scale * gaussian(rng)));

/** A random unitary (re, im): complex Gram-Schmidt of a complex Gaussian matrix. */
function randomUnitary(rng: Rng, n: number): { re: Matrix; im: Matrix } {
  const re = randomMatrix(rng, n, n);
  const im = randomMatrix(rng, n, n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < j; i++) {
      // <col_i, col_j> = sum conj(c_i) c_j
      let dr = 0;
      let di = 0;
      for (let r = 0; r < n; r++) {
        dr += re[r][i] * re[r][j] + im[r][i] * im[r][j];
        di += re[r][i] * im[r][j] - im[r][i] * re[r][j];
      }
      for (let r = 0; r < n; r++) {
        re[r][j] -= dr * re[r][i] - di * im[r][i];
        im[r][j] -= dr * im[r][i] + di * re[r][i];
      }
    }
    let norm = 0;
    for (let r = 0; r < n; r++) norm += re[r][j] ** 2 + im[r][j] ** 2;
    norm = Math.sqrt(norm);
    for (let r = 0; r < n; r++) {
      re[r][j] /= norm;
      im[r][j] /= norm;
    }
  }
  return { re, im };
}

const realForm = (re: Matrix, im: Matrix): Matrix => {
  const n = re.length;
  const k = zeros(2 * n, 2 * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      k[i][j] = re[i][j];
      k[i][n + j] = -im[i][j];
      k[n + i][j] = im[i][j];
      k[n + i][n + j] = re[i][j];
    }
  }
  return k;
};

/** A random symplectic matrix built from generators outside the N A K form: e^{Omega H t} by squaring, shears, squeezes. */
function randomSymplectic(rng: Rng, n: number): Matrix {
  const d = 2 * n;
  // exp(Omega H) for a random symmetric H, by scaling and squaring of the Taylor series.
  const h = randomMatrix(rng, d, d, 0.5);
  const sym = h.map((row, i) => row.map((x, j) => 0.5 * (x + h[j][i])));
  const gen = matmul(omega(n), sym).map((row) => row.map((x) => x / 1024));
  let e = identity(d);
  let term = identity(d);
  for (let k = 1; k < 20; k++) {
    term = matmul(term, gen).map((row) => row.map((x) => x / k));
    e = e.map((row, i) => row.map((x, j) => x + term[i][j]));
  }
  for (let s = 0; s < 10; s++) e = matmul(e, e);
  // An upper shear [[1, B], [0, 1]] with B symmetric (not of the N form).
  const b = randomMatrix(rng, n, n, 0.7);
  const shear = identity(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) shear[i][n + j] = 0.5 * (b[i][j] + b[j][i]);
  return matmul(shear, e);
}

function layerMatrix(layer: LinearSymplecticLayer, inverse = false): Matrix {
  const m = tf.tidy(() => (inverse ? layer.inverseMatrix() : layer.matrix()));
  const v = m.arraySync() as Matrix;
  m.dispose();
  return v;
}

function linearModel(dof: number, householders?: number): { model: CanonicalFlow; layer: LinearSymplecticLayer } {
  const model = new CanonicalFlow({ dof, layers: [{ kind: 'linear', householders }], seed: 1, momentum: 0.1, initScale: 0.1 });
  return { model, layer: model.layers[0] as LinearSymplecticLayer };
}

describe('K from Householder reflections and phases', () => {
  it.each([1, 2, 3, 5])('n = %i: random parameters give an orthogonal symplectic [[X, -Y], [Y, X]]', (n) => {
    const rng = makeRng(n);
    const k = kMatrix({ a: randomMatrix(rng, n, n), b: randomMatrix(rng, n, n), phi: randomMatrix(rng, 1, n)[0] });
    expect(maxAbsDiff(matmul(transpose(k), k), identity(2 * n))).toBeLessThan(1e-12);
    expect(symplecticDefect(k)).toBeLessThan(1e-12);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        expect(k[n + i][n + j]).toBeCloseTo(k[i][j], 12);
        expect(k[i][n + j]).toBeCloseTo(-k[n + i][j], 12);
      }
    }
  });

  it.each([
    [2, 2],
    [3, 3],
    [3, 2],
    [5, 5],
    [5, 4],
  ])('n = %i: every unitary is a product of %i reflections and phases (decomposition and rebuild)', (n, r) => {
    const rng = makeRng(10 + n);
    for (let trial = 0; trial < 5; trial++) {
      const { re, im } = randomUnitary(rng, n);
      const p = decomposeUnitary(re, im, r);
      expect(p.a).toHaveLength(r);
      expect(maxAbsDiff(kMatrix(p), realForm(re, im))).toBeLessThan(1e-12);
    }
  });

  it('a real rotation of configuration space (a point transformation, U real orthogonal) is represented', () => {
    const t = 0.7;
    const re = [
      [Math.cos(t), -Math.sin(t), 0],
      [Math.sin(t), Math.cos(t), 0],
      [0, 0, 1],
    ];
    const k = kMatrix(decomposeUnitary(re, zeros(3, 3)));
    // diag(R, R): q and p rotate together.
    expect(maxAbsDiff(k, realForm(re, zeros(3, 3)))).toBeLessThan(1e-12);
  });
});

describe('S = N A K spans Sp(2n)', () => {
  it.each([1, 2, 3, 5])('n = %i: random symplectic matrices decompose and rebuild (float64, 1e-10)', (n) => {
    const rng = makeRng(20 + n);
    for (let trial = 0; trial < 5; trial++) {
      const s = randomSymplectic(rng, n);
      expect(symplecticDefect(s)).toBeLessThan(1e-9);
      const p = decomposeSymplectic(s);
      const scale = Math.max(...s.flat().map(Math.abs));
      expect(maxAbsDiff(nakMatrix(p), s)).toBeLessThan(1e-10 * scale);
      // L has a positive diagonal and M is symmetric by construction.
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(p.m[i][j]).toBeCloseTo(p.m[j][i], 12);
    }
  });

  it('refuses a matrix that is not symplectic', () => {
    const s = identity(4);
    s[0][1] = 0.5;
    expect(() => decomposeSymplectic(s)).toThrow(/not symplectic/);
  });

  it.each([1, 2, 3])('n = %i: the tfjs layer builds the same S and S^-1 as the float64 reference', (n) => {
    const { model, layer } = linearModel(n);
    perturb(model, 30 + n, 0.4);
    const read = (name: string) => (model.params.get(`l0.${name}`).arraySync() as number[] | number[][]);
    const p = {
      m: read('m') as Matrix,
      u: read('u') as Matrix,
      s: read('s') as number[],
      phi: read('phi') as number[],
      a: layer.householders > 0 ? (read('a') as Matrix) : [],
      b: layer.householders > 0 ? (read('b') as Matrix) : [],
    };
    const s = nakMatrix(p);
    expect(maxAbsDiff(layerMatrix(layer), s)).toBeLessThan(1e-5 * Math.max(1, ...s.flat().map(Math.abs)));
    const inv = matmul(matmul(omega(n), transpose(s)), omega(n)).map((r) => r.map((x) => -x));
    expect(maxAbsDiff(layerMatrix(layer, true), inv)).toBeLessThan(1e-5 * Math.max(1, ...inv.flat().map(Math.abs)));
    model.dispose();
  });

  it.each([2, 3, 5])('n = %i: the layer set from a random symplectic matrix reproduces it (float32)', (n) => {
    const { model, layer } = linearModel(n);
    const s = randomSymplectic(makeRng(40 + n), n);
    layer.setParams(decomposeSymplectic(s, layer.householders));
    const scale = Math.max(1, ...s.flat().map(Math.abs));
    expect(maxAbsDiff(layerMatrix(layer), s)).toBeLessThan(2e-5 * scale);
    model.dispose();
  });

  it('represents a phase-space rotation in one plane and the map to FPUT normal modes', () => {
    // Rotation by 1.1 in the (q_1, p_1) plane only: the unitary diag(e^{-1.1 i}, 1).
    const n = 2;
    const rot = identity(4);
    const [c, s] = [Math.cos(1.1), Math.sin(1.1)];
    rot[0][0] = c;
    rot[0][2] = s;
    rot[2][0] = -s;
    rot[2][2] = c;
    const { model, layer } = linearModel(n);
    layer.setParams(decomposeSymplectic(rot, layer.householders));
    expect(maxAbsDiff(layerMatrix(layer), rot)).toBeLessThan(1e-6);
    model.dispose();
    // (q, p) -> (sqrt(omega_k) u_k . q, u_k . p / sqrt(omega_k)): symplectic, diag(G, G^-T).
    const modes = chainNormalModes(5);
    const g = modes.vectors.map((v, k) => v.map((x) => x * Math.sqrt(modes.frequencies[k] || 1)));
    const ginvT = modes.vectors.map((v, k) => v.map((x) => x / Math.sqrt(modes.frequencies[k] || 1)));
    const nm = zeros(10, 10);
    for (let i = 0; i < 5; i++) {
      for (let j = 0; j < 5; j++) {
        nm[i][j] = g[i][j];
        nm[5 + i][5 + j] = ginvT[i][j];
      }
    }
    expect(symplecticDefect(nm)).toBeLessThan(1e-12);
    const five = linearModel(5);
    five.layer.setParams(decomposeSymplectic(nm, five.layer.householders));
    expect(maxAbsDiff(layerMatrix(five.layer), nm)).toBeLessThan(1e-5);
    five.model.dispose();
  });
});
