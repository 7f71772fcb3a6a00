// What the learned actions are compared with: the exact conserved quantities of each system, per trajectory.
//   mass-spring: I = E / omega, omega = sqrt(k / m);
//   pendulum (libration, E < 2 m g l): I = (8 / pi) m l^2 omega0 [E(m) - (1 - m) K(m)], m = E / (2 m g l), period
//     4 K(m) / omega0 (complete elliptic integrals by the arithmetic-geometric mean);
//   Kepler: E, L, |A| = k e, Lambda = k / sqrt(-2E) (= sqrt(k a)) and the radial action J_r = Lambda - |L|;
//   FPUT: the harmonic energies of the normal modes of the periodic chain (averaged along the trajectory).
import type { Params } from '../../physics/types';

/** K(m) and E(m), complete elliptic integrals of the first and second kind (parameter m = k^2 in [0, 1)). */
export function ellipticKE(m: number): { K: number; E: number } {
  if (!(m >= 0 && m < 1)) throw new Error(`elliptic parameter must be in [0, 1), got ${m}`);
  let a = 1;
  let b = Math.sqrt(1 - m);
  let c = Math.sqrt(m);
  let sum = 0.5 * c * c; // 2^(n-1) c_n^2 at n = 0
  let pow = 0.5;
  for (let i = 0; i < 64 && Math.abs(c) > 1e-17; i++) {
    const an = 0.5 * (a + b);
    const bn = Math.sqrt(a * b);
    c = 0.5 * (a - b);
    a = an;
    b = bn;
    pow *= 2;
    sum += pow * c * c;
  }
  const K = Math.PI / (2 * a);
  return { K, E: K * (1 - sum) };
}

/** The pendulum's action and angular frequency at energy E (libration: 0 <= E < 2 m g l). */
export function pendulumAction(params: Params, energy: number): { action: number; frequency: number } {
  const { m, l, g } = params;
  const omega0 = Math.sqrt(g / l);
  const k2 = energy / (2 * m * g * l);
  if (!(k2 >= 0 && k2 < 1)) throw new Error(`pendulum energy ${energy} is outside the libration region [0, ${2 * m * g * l})`);
  const { K, E } = ellipticKE(k2);
  return { action: (8 / Math.PI) * m * l * l * omega0 * (E - (1 - k2) * K), frequency: (Math.PI * omega0) / (2 * K) };
}

export function massSpringAction(params: Params, energy: number): { action: number; frequency: number } {
  const omega = Math.sqrt(params.k / params.m);
  return { action: energy / omega, frequency: omega };
}

/** Kepler's actions from a state [x, y, px, py]: Lambda = k / sqrt(-2E), J_r = Lambda - |L|; frequency 2 pi / T. */
export function keplerActions(k: number, s: ArrayLike<number>): {
  energy: number;
  angularMomentum: number;
  lrl: number;
  lambda: number;
  radialAction: number;
  frequency: number;
} {
  const [x, y, px, py] = [s[0], s[1], s[2], s[3]];
  const r = Math.hypot(x, y);
  const energy = 0.5 * (px * px + py * py) - k / r;
  const l = x * py - y * px;
  const ax = py * l - (k * x) / r;
  const ay = -px * l - (k * y) / r;
  const lambda = k / Math.sqrt(-2 * energy);
  return {
    energy,
    angularMomentum: l,
    lrl: Math.hypot(ax, ay),
    lambda,
    radialAction: lambda - Math.abs(l),
    // n = sqrt(k / a^3) = (-2E)^(3/2) / k.
    frequency: Math.pow(-2 * energy, 1.5) / k,
  };
}

/**
 * Normal modes of the periodic chain of `sites` unit masses and unit springs: orthonormal real vectors (rows) with
 * their frequencies omega = 2 sin(pi k / N); mode 0 is the translation (omega 0), then cos/sin pairs per k.
 * `group` numbers the distinct nonzero frequencies (1, 2, ...; 0 for the translation): the planes of one group are
 * degenerate, so only the group is defined by the dynamics, not the basis inside it.
 */
export function chainNormalModes(sites: number): { vectors: number[][]; frequencies: number[]; group: number[] } {
  const vectors: number[][] = [new Array<number>(sites).fill(1 / Math.sqrt(sites))];
  const frequencies = [0];
  const group = [0];
  for (let k = 1; 2 * k <= sites; k++) {
    const w = 2 * Math.sin((Math.PI * k) / sites);
    const cos = Array.from({ length: sites }, (_, i) => Math.cos((2 * Math.PI * k * i) / sites));
    const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    vectors.push(cos.map((x) => x / norm(cos)));
    frequencies.push(w);
    group.push(k);
    if (2 * k < sites) {
      const sin = Array.from({ length: sites }, (_, i) => Math.sin((2 * Math.PI * k * i) / sites));
      vectors.push(sin.map((x) => x / norm(sin)));
      frequencies.push(w);
      group.push(k);
    }
  }
  return { vectors, frequencies, group };
}

/** Harmonic energy (P_k^2 + omega_k^2 Q_k^2) / 2 of every normal mode at state s = [q, p] (length 2 * sites). */
export function modeEnergies(modes: ReturnType<typeof chainNormalModes>, s: ArrayLike<number>): number[] {
  const n = modes.vectors[0].length;
  return modes.vectors.map((v, k) => {
    let qk = 0;
    let pk = 0;
    for (let i = 0; i < n; i++) {
      qk += v[i] * s[i];
      pk += v[i] * s[n + i];
    }
    return 0.5 * (pk * pk + modes.frequencies[k] ** 2 * qk * qk);
  });
}
