// Energy networks and inputs for the kick tests (shared by the composed-ops, oneDNN and WebGPU tests): the
// paper's two H layouts, a separable K(p), odd channel counts, and the references by nested autodiff.
import * as tf from '@tensorflow/tfjs-core';
import { energyKick, packedLayout, type KickSpec, type NetLayer } from '../../../main/core/nn/energy-kick';
import { makeRng } from '../../../main/core/random';

export interface KickCase {
  name: string;
  spec: KickSpec;
  batch: number;
  size: number;
  withTarget: boolean;
}

const dm = (c: number, f = 4): NetLayer[] => [
  { k: 3, stride: 1, padding: 'same', cin: c, cout: f },
  { k: 2, stride: 2, padding: 'same', cin: f, cout: f + 1 },
  { k: 2, stride: 1, padding: 'same', cin: f + 1, cout: f },
  { k: 2, stride: 2, padding: 'same', cin: f, cout: 3 },
  { k: 2, stride: 1, padding: 'same', cin: 3, cout: 1 },
];
const authors = (c: number): NetLayer[] => [
  { k: 3, stride: 1, padding: 'same', cin: c, cout: 4 },
  { k: 2, stride: 2, padding: 'valid', cin: 4, cout: 5 },
  { k: 2, stride: 1, padding: 'same', cin: 5, cout: 3 },
  { k: 2, stride: 1, padding: 'same', cin: 3, cout: 2 },
  { k: 2, stride: 2, padding: 'valid', cin: 2, cout: 1 },
];

export const KICK_CASES: KickCase[] = [
  { name: 'general H(q, p), DeepMind layout, kick in p', spec: { layers: dm(6), parts: [3, 3], wrt: 1, coef: -0.0625, prior: 0 }, batch: 3, size: 4, withTarget: true },
  { name: 'general H(q, p), DeepMind layout, drift in q with a harmonic prior', spec: { layers: dm(6), parts: [3, 3], wrt: 0, coef: 0.125, prior: 1.7 }, batch: 2, size: 4, withTarget: true },
  { name: 'general H, the authors\' layout (valid padding)', spec: { layers: authors(4), parts: [2, 2], wrt: 0, coef: 0.3, prior: 0 }, batch: 2, size: 4, withTarget: true },
  { name: 'separable K(p) with a prior, no target (RK4/Euler fields)', spec: { layers: dm(4, 5), parts: [4], wrt: 0, coef: -1, prior: 0.8 }, batch: 3, size: 4, withTarget: false },
  {
    name: 'two layers, 1x1 output',
    spec: { layers: [{ k: 3, stride: 1, padding: 'same', cin: 2, cout: 3 }, { k: 1, stride: 1, padding: 'same', cin: 3, cout: 1 }], parts: [2], wrt: 0, coef: 1, prior: 0 },
    batch: 2,
    size: 3,
    withTarget: true,
  },
  {
    name: 'an MLP [3, 16, 16, 1] as 1x1 convs over a 1x1 image (the flows)',
    spec: {
      layers: [
        { k: 1, stride: 1, padding: 'same', cin: 3, cout: 16 },
        { k: 1, stride: 1, padding: 'same', cin: 16, cout: 16 },
        { k: 1, stride: 1, padding: 'same', cin: 16, cout: 1 },
      ],
      parts: [3],
      wrt: 0,
      coef: -0.05,
      prior: 1,
    },
    batch: 7,
    size: 1,
    withTarget: true,
  },
  { name: 'odd spatial size, stride 2 same', spec: { layers: dm(2, 3), parts: [1, 1], wrt: 1, coef: 0.5, prior: 0.2 }, batch: 2, size: 5, withTarget: true },
];

function randomTensor(shape: number[], seed: number, scale = 1): tf.Tensor {
  const rng = makeRng(seed);
  return tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (2 * rng() - 1) * scale), shape);
}

export interface KickInputs {
  parts: tf.Tensor4D[];
  packed: tf.Tensor1D;
  target: tf.Tensor4D | null;
  /** Weights for the scalar loss sum(weights * kick). */
  weights: tf.Tensor4D;
}

export function kickInputs(kc: KickCase, seed = 1): KickInputs {
  const { spec, batch, size } = kc;
  const parts = spec.parts.map((c, i) => randomTensor([batch, size, size, c], seed * 10 + i) as tf.Tensor4D);
  const packed = randomTensor([packedLayout(spec.layers).size], seed * 10 + 7, 0.6) as tf.Tensor1D;
  const shape = [batch, size, size, spec.parts[spec.wrt]];
  return {
    parts,
    packed,
    target: kc.withTarget ? (randomTensor(shape, seed * 10 + 8) as tf.Tensor4D) : null,
    weights: randomTensor(shape, seed * 10 + 9) as tf.Tensor4D,
  };
}

/** E(z) in plain ops (softplus convs, the last one linear, summed over everything). */
export function energyOf(spec: KickSpec, z: tf.Tensor4D, packed: tf.Tensor): tf.Scalar {
  const layout = packedLayout(spec.layers);
  let h = z;
  spec.layers.forEach((l, i) => {
    const w = tf.reshape(tf.slice(packed, [layout[i].w], [l.k * l.k * l.cin * l.cout]), [l.k, l.k, l.cin, l.cout]) as tf.Tensor4D;
    const b = tf.slice(packed, [layout[i].b], [l.cout]);
    const a = tf.add(tf.conv2d(h, w, l.stride, l.padding), b) as tf.Tensor4D;
    h = i < spec.layers.length - 1 ? tf.softplus(a) : a;
  });
  return tf.sum(h);
}

/** The kick by autodiff: target + coef (dE/dx_wrt + prior x_wrt). */
export function kickByAutodiff(spec: KickSpec, parts: tf.Tensor4D[], packed: tf.Tensor, target: tf.Tensor | null): tf.Tensor {
  const grads = tf.grads((...ps: tf.Tensor[]) => energyOf(spec, (ps.length === 1 ? ps[0] : tf.concat(ps, 3)) as tf.Tensor4D, packed))(parts);
  let g: tf.Tensor = grads[spec.wrt];
  if (spec.prior > 0) g = tf.add(g, tf.mul(parts[spec.wrt], spec.prior));
  const scaled = tf.mul(g, spec.coef);
  return target ? tf.add(target, scaled) : scaled;
}

/** Largest |a - b| over the largest |b|: the error relative to the array's scale. */
export function maxRelative(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 1e-6;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / scale;
}

/** The kick's value and the gradients of sum(weights * kick) in every input, as arrays, on the active backend. */
export async function kickValueAndGrads(kc: KickCase): Promise<Float32Array[]> {
  const inp = kickInputs(kc);
  const n = inp.parts.length;
  const xs: tf.Tensor[] = [...inp.parts, inp.packed, ...(inp.target ? [inp.target] : [])];
  const value = energyKick(kc.spec, inp.parts, inp.packed, inp.target);
  const grads = tf.grads((...a: tf.Tensor[]) => tf.sum(tf.mul(energyKick(kc.spec, a.slice(0, n) as tf.Tensor4D[], a[n], inp.target ? a[n + 1] : null), inp.weights)))(xs);
  const out = [await value.data(), ...(await Promise.all(grads.map((g) => g.data())))] as Float32Array[];
  tf.dispose([value, ...grads, ...xs, inp.weights]);
  return out;
}

/** The names of the kernels one kick and its gradient run on the active backend. */
export async function kickKernelNames(kc: KickCase): Promise<string[]> {
  const inp = kickInputs(kc);
  const profile = await tf.profile(() => {
    const g = tf.grads((q: tf.Tensor, p: tf.Tensor, w: tf.Tensor) => tf.sum(energyKick(kc.spec, [q as tf.Tensor4D, p as tf.Tensor4D], w, null)))([...inp.parts, inp.packed]);
    tf.dispose(g);
  });
  tf.dispose([...inp.parts, inp.packed, inp.weights, ...(inp.target ? [inp.target] : [])]);
  return profile.kernels.map((k) => k.name);
}
