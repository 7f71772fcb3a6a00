// Float64 linear algebra of the linear symplectic layer S = N A K (seed 002, "Linear layers"), in plain arrays:
//   N = [[1, 0], [M, 1]] (M symmetric), A = diag(L^T, L^-1), K = [[X, -Y], [Y, X]] with X + iY unitary,
//   X + iY = R_1 ... R_r diag(e^{i phi}), R_v = 1 - 2 v v^dagger / |v|^2 (complex Householder reflections).
// L is upper triangular with a positive diagonal, L = (1 + U) diag(e^s) with U strictly upper: with it the
// decomposition is the Iwasawa decomposition of Sp(2n, R), unique, so `decomposeSymplectic` inverts `nakMatrix`
// and proves the parametrisation spans the whole group (test/core/canonical/linear.test.ts). Column-vector
// convention: y = S x with x = [q_1..q_n, p_1..p_n].

export type Matrix = number[][];

export function zeros(rows: number, cols: number): Matrix {
  return Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
}

export function identity(n: number): Matrix {
  const m = zeros(n, n);
  for (let i = 0; i < n; i++) m[i][i] = 1;
  return m;
}

export function matmul(a: Matrix, b: Matrix): Matrix {
  const out = zeros(a.length, b[0].length);
  for (let i = 0; i < a.length; i++) {
    for (let k = 0; k < b.length; k++) {
      const aik = a[i][k];
      if (aik === 0) continue;
      for (let j = 0; j < b[0].length; j++) out[i][j] += aik * b[k][j];
    }
  }
  return out;
}

export function transpose(a: Matrix): Matrix {
  return a[0].map((_, j) => a.map((row) => row[j]));
}

/** Omega = [[0, 1], [-1, 0]] of size 2n. */
export function omega(n: number): Matrix {
  const w = zeros(2 * n, 2 * n);
  for (let i = 0; i < n; i++) {
    w[i][n + i] = 1;
    w[n + i][i] = -1;
  }
  return w;
}

/** max |J^T Omega J - Omega|: zero exactly when J is symplectic. */
export function symplecticDefect(j: Matrix): number {
  const n = j.length / 2;
  const w = omega(n);
  const d = matmul(matmul(transpose(j), w), j);
  let worst = 0;
  for (let r = 0; r < 2 * n; r++) for (let c = 0; c < 2 * n; c++) worst = Math.max(worst, Math.abs(d[r][c] - w[r][c]));
  return worst;
}

export function maxAbsDiff(a: Matrix, b: Matrix): number {
  let worst = 0;
  for (let r = 0; r < a.length; r++) for (let c = 0; c < a[0].length; c++) worst = Math.max(worst, Math.abs(a[r][c] - b[r][c]));
  return worst;
}

/** The raw parameters of one linear symplectic layer, as the tfjs layer stores them. */
export interface LinearParams {
  /** Symmetrised in use: M = (m + m^T) / 2. [n][n] */
  m: Matrix;
  /** Only the strictly upper triangle is used: U. [n][n] */
  u: Matrix;
  /** log of L's diagonal. [n] */
  s: number[];
  /** Householder vectors v_r = a_r + i b_r, applied R_1 ... R_r. [r][n] each */
  a: Matrix;
  b: Matrix;
  /** Phases. [n] */
  phi: number[];
}

/** The real 2n x 2n matrix of K = [[X, -Y], [Y, X]] for X + iY = R_1 ... R_r diag(e^{i phi}). */
export function kMatrix(p: Pick<LinearParams, 'a' | 'b' | 'phi'>): Matrix {
  const n = p.phi.length;
  let k = zeros(2 * n, 2 * n);
  for (let i = 0; i < n; i++) {
    k[i][i] = Math.cos(p.phi[i]);
    k[i][n + i] = -Math.sin(p.phi[i]);
    k[n + i][i] = Math.sin(p.phi[i]);
    k[n + i][n + i] = Math.cos(p.phi[i]);
  }
  for (let r = p.a.length - 1; r >= 0; r--) k = matmul(reflection(p.a[r], p.b[r]), k);
  return k;
}

/** The real form of R_v = 1 - 2 v v^dagger / |v|^2 for v = a + ib: 1 - kappa G G^T with G = [[a, -b], [b, a]]. */
export function reflection(a: number[], b: number[]): Matrix {
  const n = a.length;
  const kappa = 2 / a.concat(b).reduce((s, x) => s + x * x, 0);
  const g = [a.concat(b), b.map((x) => -x).concat(a)]; // the two columns of G, as rows
  const out = identity(2 * n);
  for (let i = 0; i < 2 * n; i++) for (let j = 0; j < 2 * n; j++) out[i][j] -= kappa * (g[0][i] * g[0][j] + g[1][i] * g[1][j]);
  return out;
}

/** L = (1 + U) diag(e^s) (upper triangular, positive diagonal). */
export function lMatrix(u: Matrix, s: number[]): Matrix {
  const n = s.length;
  const l = zeros(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) l[i][j] = (i === j ? 1 : u[i][j]) * Math.exp(s[j]);
  }
  return l;
}

/** Inverse of an upper-triangular matrix by back substitution. */
export function invertUpper(l: Matrix): Matrix {
  const n = l.length;
  const inv = zeros(n, n);
  for (let c = 0; c < n; c++) {
    for (let i = n - 1; i >= 0; i--) {
      let acc = i === c ? 1 : 0;
      for (let j = i + 1; j < n; j++) acc -= l[i][j] * inv[j][c];
      inv[i][c] = acc / l[i][i];
    }
  }
  return inv;
}

/** S = N A K as a real 2n x 2n matrix. */
export function nakMatrix(p: LinearParams): Matrix {
  const n = p.s.length;
  const l = lMatrix(p.u, p.s);
  const lInv = invertUpper(l);
  const a = zeros(2 * n, 2 * n);
  const nn = identity(2 * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      a[i][j] = l[j][i];
      a[n + i][n + j] = lInv[i][j];
      nn[n + i][j] = 0.5 * (p.m[i][j] + p.m[j][i]);
    }
  }
  return matmul(nn, matmul(a, kMatrix(p)));
}

/**
 * Complex Householder QR of a unitary U = re + i im: U = R_1 ... R_r diag(e^{i phi}) with r = `reflections`, n - 1
 * or n (v_j zero above index j; after n - 1 columns what is left is already diagonal, so an n-th reflection, like
 * one for a column that needs none, is v_j = e_j: it flips one sign and the phase absorbs it).
 */
export function decomposeUnitary(re: Matrix, im: Matrix, reflections = re.length): { a: Matrix; b: Matrix; phi: number[] } {
  const n = re.length;
  if (reflections !== n && reflections !== n - 1) throw new Error(`decomposeUnitary: ${reflections} reflections cannot span U(${n})`);
  const ar = re.map((r) => [...r]);
  const ai = im.map((r) => [...r]);
  const va = zeros(reflections, n);
  const vb = zeros(reflections, n);
  for (let j = 0; j < reflections; j++) {
    let norm2 = 0;
    for (let i = j; i < n; i++) norm2 += ar[i][j] ** 2 + ai[i][j] ** 2;
    const norm = Math.sqrt(norm2);
    const x0 = Math.hypot(ar[j][j], ai[j][j]);
    // v = x + e^{i arg x_0} |x| e_j (the sign that avoids cancellation): R_v x = -e^{i arg x_0} |x| e_j.
    const [cr, ci] = x0 > 0 ? [ar[j][j] / x0, ai[j][j] / x0] : [1, 0];
    for (let i = j; i < n; i++) {
      va[j][i] = ar[i][j];
      vb[j][i] = ai[i][j];
    }
    va[j][j] += cr * norm;
    vb[j][j] += ci * norm;
    let vn = 0;
    for (let i = j; i < n; i++) vn += va[j][i] ** 2 + vb[j][i] ** 2;
    if (!(vn > 1e-300)) {
      va[j].fill(0);
      vb[j].fill(0);
      va[j][j] = 1;
      vn = 1;
    }
    // Apply R_v to every column c of the remaining matrix: x <- x - 2 v (v^dagger x) / |v|^2.
    for (let c = 0; c < n; c++) {
      let dr = 0;
      let di = 0;
      for (let i = j; i < n; i++) {
        dr += va[j][i] * ar[i][c] + vb[j][i] * ai[i][c];
        di += va[j][i] * ai[i][c] - vb[j][i] * ar[i][c];
      }
      const f = 2 / vn;
      for (let i = j; i < n; i++) {
        ar[i][c] -= f * (va[j][i] * dr - vb[j][i] * di);
        ai[i][c] -= f * (va[j][i] * di + vb[j][i] * dr);
      }
    }
  }
  // What is left is upper triangular and unitary, hence diagonal with unit-modulus entries: the phases.
  return { a: va, b: vb, phi: ar.map((row, i) => Math.atan2(ai[i][i], row[i])) };
}

/**
 * Iwasawa decomposition S = N A K of a symplectic S into the layer's raw parameters, with `reflections` (n - 1 or
 * n; the layer's default) Householder vectors in K. Throws if S is not symplectic
 * (to 1e-8 relative): the construction assumes the top block row [S11, S12] is isotropic.
 */
export function decomposeSymplectic(sMat: Matrix, reflections = sMat.length / 2 > 1 ? sMat.length / 2 : 0): LinearParams {
  const n = sMat.length / 2;
  const scale = Math.max(1, ...sMat.flat().map(Math.abs));
  if (symplecticDefect(sMat) > 1e-8 * scale * scale) throw new Error('decomposeSymplectic: the matrix is not symplectic');
  // Top block row T = L^T W with W = [X, -Y] (orthonormal rows): T^T = W^T L is a QR decomposition of T^T.
  const tt = transpose(sMat.slice(0, n)); // 2n x n
  const q = tt.map((r) => [...r]);
  const l = zeros(n, n);
  for (let j = 0; j < n; j++) {
    // Modified Gram-Schmidt, twice for accuracy.
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < j; i++) {
        let dot = 0;
        for (let r = 0; r < 2 * n; r++) dot += q[r][i] * q[r][j];
        l[i][j] += dot;
        for (let r = 0; r < 2 * n; r++) q[r][j] -= dot * q[r][i];
      }
    }
    let norm = 0;
    for (let r = 0; r < 2 * n; r++) norm += q[r][j] ** 2;
    norm = Math.sqrt(norm);
    l[j][j] = norm;
    for (let r = 0; r < 2 * n; r++) q[r][j] /= norm;
  }
  const s = l.map((row, i) => Math.log(row[i]));
  const u = zeros(n, n);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) u[i][j] = l[i][j] / l[j][j];
  // W = q^T: X = W[:, :n], Y = -W[:, n:].
  const re = zeros(n, n);
  const im = zeros(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      re[i][j] = q[j][i];
      im[i][j] = -q[n + j][i];
    }
  }
  const { a, b, phi } = decomposeUnitary(re, im, reflections);
  // N = S (A K)^-1 and (A K)^-1 = K^T A^-1 with A^-1 = diag(L^-T, L): M is its lower-left block.
  const partial: LinearParams = { m: zeros(n, n), u, s, a, b, phi };
  const ak = nakMatrix(partial); // M = 0: this is A K
  const akInv = matmul(matmul(omega(n), transpose(ak)), omega(n)).map((row) => row.map((x) => -x)); // -Omega X^T Omega
  const nMat = matmul(sMat, akInv);
  const m = zeros(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m[i][j] = 0.5 * (nMat[n + i][j] + nMat[n + j][i]);
  return { m, u, s, a, b, phi };
}
