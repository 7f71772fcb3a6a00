// A leapfrog update in one op: a "kick" target + coef * (dE/dx_wrt + omega x_wrt), where E is a softplus conv
// energy network summed over space and x_wrt is one of its input parts (q or p for a general H(q, p), the one
// input of K(p) or U(q)). The HGN's H is such a network (models/hgn/hamiltonian-net.ts); the flows' K and U
// MLPs are too, as 1x1 convs over a 1x1 image (nn/mlp-kick.ts). The leapfrog is three such kicks; RK4 and Euler
// use them with no target.
//
// Why an op: written out in plain tfjs ops, a leapfrog step of the paper's H is ~500 kernels forward and
// backward (the network, its input gradient, the backward of both, the weight-gradient accumulation), and a
// paper-size training step ~15,600 (tf.profile). Each kernel costs a launch on a GPU and a dispatch through
// tfjs on the CPU backends. Here the forward is one kernel and the backward one more, where the backend has them
// registered (main/engine: oneDNN on wasm, a WGSL program on webgpu); elsewhere (cpu) the same maths runs as
// composed ops. Either way the op is differentiable once, which is all the loss needs: the training loss takes a
// first derivative of a rollout that contains dE/dx.
//
// Backward, by forward-over-reverse: with u = dL/d(out) and v = coef * u placed in the wrt part of the input,
//   dL/dx = grad_x F,  dL/dtheta = grad_theta F,  F(x, theta) = <v, dE/dx> = d/de E(x + e v) at e = 0,
// so F is the tangent (forward-mode) pass of the network along v, and both gradients come from one reverse pass
// through the primal and tangent activations (the algorithm is spelled out in composeKickBackward).
import * as tf from '@tensorflow/tfjs-core';
import { backendHasKernel } from './backend-kernel';

export type Padding = 'same' | 'valid';

/** One conv of the energy network: k x k, stride, padding, channels in and out (layout [k, k, in, out]). */
export interface NetLayer {
  k: number;
  stride: number;
  padding: Padding;
  cin: number;
  cout: number;
}

export interface KickSpec {
  layers: NetLayer[];
  /** Channels of each input part, concatenated on the channel axis as the network's input. */
  parts: number[];
  /** Which part the gradient is taken in (and the target has the shape of). */
  wrt: number;
  coef: number;
  /** omega of the fixed harmonic term (omega / 2) |x|^2 of every part: adds omega x_wrt to the gradient. */
  prior: number;
}

export const KICK_KERNEL = 'HsEnergyKick';
export const KICK_GRAD_KERNEL = 'HsEnergyKickGrad';

/** Kernel attributes: the spec as flat numbers (attrs travel through tfjs's engine and profiler). */
export interface KickAttrs {
  /** [k, stride, same ? 1 : 0, cin, cout] per layer. */
  layers: number[];
  parts: number[];
  wrt: number;
  coef: number;
  prior: number;
  [key: string]: number | number[];
}

export function kickAttrs(spec: KickSpec): KickAttrs {
  return {
    layers: spec.layers.flatMap((l) => [l.k, l.stride, l.padding === 'same' ? 1 : 0, l.cin, l.cout]),
    parts: [...spec.parts],
    wrt: spec.wrt,
    coef: spec.coef,
    prior: spec.prior,
  };
}

export function specFromAttrs(a: KickAttrs): KickSpec {
  const layers: NetLayer[] = [];
  for (let i = 0; i < a.layers.length; i += 5) {
    layers.push({ k: a.layers[i], stride: a.layers[i + 1], padding: a.layers[i + 2] ? 'same' : 'valid', cin: a.layers[i + 3], cout: a.layers[i + 4] });
  }
  return { layers, parts: [...a.parts], wrt: a.wrt, coef: a.coef, prior: a.prior };
}

/** Offsets of each layer's weights and bias in the packed parameter vector (w then b, layer by layer). */
export function packedLayout(layers: NetLayer[]): Array<{ w: number; b: number }> & { size: number } {
  let at = 0;
  const out = layers.map((l) => {
    const w = at;
    at += l.k * l.k * l.cin * l.cout;
    const b = at;
    at += l.cout;
    return { w, b };
  }) as Array<{ w: number; b: number }> & { size: number };
  out.size = at;
  return out;
}

/** The network's weights as one vector: one input for the kernels, one gradient to accumulate per call. */
export function packWeights(convs: Array<{ w: tf.Tensor; b: tf.Tensor }>): tf.Tensor1D {
  return tf.concat(convs.flatMap((c) => [tf.reshape(c.w, [-1]), tf.reshape(c.b, [-1])])) as tf.Tensor1D;
}

function unpack(spec: KickSpec, packed: tf.Tensor): Array<{ w: tf.Tensor4D; b: tf.Tensor1D }> {
  const layout = packedLayout(spec.layers);
  return spec.layers.map((l, i) => ({
    w: tf.reshape(tf.slice(packed, [layout[i].w], [l.k * l.k * l.cin * l.cout]), [l.k, l.k, l.cin, l.cout]) as tf.Tensor4D,
    b: tf.slice(packed, [layout[i].b], [l.cout]) as tf.Tensor1D,
  }));
}

function inputOf(parts: tf.Tensor[]): tf.Tensor4D {
  return (parts.length === 1 ? parts[0] : tf.concat(parts, 3)) as tf.Tensor4D;
}

function wrtSlice(spec: KickSpec, z: tf.Tensor4D): tf.Tensor4D {
  if (spec.parts.length === 1) return z;
  const start = spec.parts.slice(0, spec.wrt).reduce((a, b) => a + b, 0);
  return tf.slice(z, [0, 0, 0, start], [-1, -1, -1, spec.parts[spec.wrt]]);
}

function backpropFilter(x: tf.Tensor4D, dy: tf.Tensor4D, l: NetLayer): tf.Tensor4D {
  return tf.engine().runKernel(
    tf.Conv2DBackpropFilter,
    { x, dy },
    { strides: [l.stride, l.stride], pad: l.padding, dataFormat: 'NHWC', filterShape: [l.k, l.k, l.cin, l.cout] },
  ) as tf.Tensor4D;
}

/** Forward of the kick in composed ops: the reference the kernels are tested against, and the cpu backend's path. */
export function composeKick(spec: KickSpec, parts: tf.Tensor[], packed: tf.Tensor, target: tf.Tensor | null): tf.Tensor {
  return tf.tidy(() => {
    const z = inputOf(parts);
    const layers = unpack(spec, packed);
    const L = layers.length;
    const pre: tf.Tensor4D[] = [];
    const h: tf.Tensor4D[] = [z];
    for (let i = 0; i < L - 1; i++) {
      pre.push(tf.add(tf.conv2d(h[i], layers[i].w, spec.layers[i].stride, spec.layers[i].padding), layers[i].b) as tf.Tensor4D);
      h.push(tf.softplus(pre[i]));
    }
    // E sums the last (linear) conv's output: its gradient there is one everywhere.
    let g: tf.Tensor4D = tf.onesLike(tf.conv2d(h[L - 1], layers[L - 1].w, spec.layers[L - 1].stride, spec.layers[L - 1].padding));
    for (let i = L - 1; i >= 0; i--) {
      const gh = tf.conv2dTranspose(g, layers[i].w, h[i].shape, spec.layers[i].stride, spec.layers[i].padding);
      g = i > 0 ? tf.mul(gh, tf.sigmoid(pre[i - 1])) : gh;
    }
    let grad: tf.Tensor = wrtSlice(spec, g);
    if (spec.prior > 0) grad = tf.add(grad, tf.mul(parts[spec.wrt], spec.prior));
    const scaled = tf.mul(grad, spec.coef);
    return target ? tf.add(target, scaled) : scaled;
  });
}

/**
 * Backward of the kick in composed ops: [dL/dpart for each part, dL/dpacked] for dy = dL/d(out). Forward-over-
 * reverse (see the header): primal pre-activations a_i and softplus h_i, tangent t_i = conv(s_{i-1}, W_i) with
 * s_0 = v and s_i = sigmoid(a_i) t_i, F = sum(t_L); then back from dF/dt_L = 1, layer by layer:
 *   dW_i += conv_filter_grad(s_{i-1}, dt_i) + conv_filter_grad(h_{i-1}, da_i);  db_i += sum(da_i)
 *   ds_{i-1} = conv_input_grad(dt_i, W_i);  dh_{i-1} = conv_input_grad(da_i, W_i)
 *   dt_{i-1} = sigmoid(a_{i-1}) ds_{i-1};  da_{i-1} = sigmoid'(a_{i-1}) t_{i-1} ds_{i-1} + sigmoid(a_{i-1}) dh_{i-1}
 * with da_L = 0 (F does not depend on the last layer's primal output), and dL/dx = dh_0 (+ coef omega u).
 */
export function composeKickBackward(spec: KickSpec, parts: tf.Tensor[], packed: tf.Tensor, dy: tf.Tensor): tf.Tensor[] {
  return tf.tidy(() => {
    const z = inputOf(parts);
    const layers = unpack(spec, packed);
    const L = layers.length;
    const u = tf.mul(dy, spec.coef);
    // v: u in the wrt part of the input, zero in the others.
    const v = (
      spec.parts.length === 1
        ? u
        : tf.concat(
            spec.parts.map((c, j) => (j === spec.wrt ? u : tf.zeros([z.shape[0], z.shape[1], z.shape[2], c]))),
            3,
          )
    ) as tf.Tensor4D;
    const a: tf.Tensor4D[] = [];
    const sig: tf.Tensor4D[] = [];
    const h: tf.Tensor4D[] = [z];
    const s: tf.Tensor4D[] = [v];
    const t: tf.Tensor4D[] = [];
    for (let i = 0; i < L; i++) {
      const l = spec.layers[i];
      t.push(tf.conv2d(s[i], layers[i].w, l.stride, l.padding));
      if (i < L - 1) {
        a.push(tf.add(tf.conv2d(h[i], layers[i].w, l.stride, l.padding), layers[i].b) as tf.Tensor4D);
        sig.push(tf.sigmoid(a[i]));
        h.push(tf.softplus(a[i]));
        s.push(tf.mul(sig[i], t[i]));
      }
    }
    const dW: tf.Tensor[] = new Array(L);
    const db: tf.Tensor[] = new Array(L);
    let dt: tf.Tensor4D = tf.onesLike(t[L - 1]);
    let da: tf.Tensor4D | null = null;
    let dx: tf.Tensor4D | null = null;
    for (let i = L - 1; i >= 0; i--) {
      const l = spec.layers[i];
      let gw = backpropFilter(s[i], dt, l);
      const ds = tf.conv2dTranspose(dt, layers[i].w, s[i].shape, l.stride, l.padding);
      let dh: tf.Tensor4D | null = null;
      if (da) {
        gw = tf.add(gw, backpropFilter(h[i], da, l));
        db[i] = tf.sum(da, [0, 1, 2]);
        dh = tf.conv2dTranspose(da, layers[i].w, h[i].shape, l.stride, l.padding);
      } else {
        db[i] = tf.zeros([l.cout]);
      }
      dW[i] = gw;
      if (i > 0) {
        const sg = sig[i - 1];
        dt = tf.mul(sg, ds);
        const viaTangent = tf.mul(tf.mul(tf.mul(sg, tf.sub(1, sg)), t[i - 1]), ds);
        da = (dh ? tf.add(viaTangent, tf.mul(sg, dh)) : viaTangent) as tf.Tensor4D;
      } else {
        dx = dh ?? tf.zerosLike(z);
      }
    }
    const dParts: tf.Tensor[] = spec.parts.length === 1 ? [dx!] : tf.split(dx!, spec.parts, 3);
    if (spec.prior > 0) dParts[spec.wrt] = tf.add(dParts[spec.wrt], tf.mul(u, spec.prior));
    const dPacked = tf.concat(spec.layers.flatMap((_, i) => [tf.reshape(dW[i], [-1]), tf.reshape(db[i], [-1])]));
    return [...dParts, dPacked];
  });
}

/** Per backend, which kicks its kernels take (e.g. WebGPU: only networks whose activations fit workgroup memory). */
const support = new Map<string, (spec: KickSpec, inputShape: number[]) => boolean>();

/** Registered by the engine next to a backend's kick kernels; without one, every kick goes to the kernels. */
export function setKickKernelSupport(backend: string, supports: (spec: KickSpec, inputShape: number[]) => boolean): void {
  support.set(backend, supports);
}

/** Whether the active backend has the fused kick kernels (wasm, webgpu); elsewhere the op runs composed. */
export function kickKernelAvailable(): boolean {
  return backendHasKernel(KICK_KERNEL) && backendHasKernel(KICK_GRAD_KERNEL);
}

function hasKernel(name: string, spec: KickSpec, parts: tf.Tensor[]): boolean {
  if (!backendHasKernel(name)) return false;
  return support.get(tf.getBackend())?.(spec, parts[0].shape) ?? true;
}

function runForward(spec: KickSpec, parts: tf.Tensor[], packed: tf.Tensor, target: tf.Tensor | null): tf.Tensor {
  if (!hasKernel(KICK_KERNEL, spec, parts)) return composeKick(spec, parts, packed, target);
  const inputs: tf.NamedTensorMap = { packed };
  parts.forEach((p, i) => (inputs[`x${i}`] = p));
  if (target) inputs.target = target;
  return tf.engine().runKernel(KICK_KERNEL, inputs, kickAttrs(spec)) as tf.Tensor;
}

function runBackward(spec: KickSpec, parts: tf.Tensor[], packed: tf.Tensor, dy: tf.Tensor): tf.Tensor[] {
  if (!hasKernel(KICK_GRAD_KERNEL, spec, parts)) return composeKickBackward(spec, parts, packed, dy);
  const inputs: tf.NamedTensorMap = { packed, dy };
  parts.forEach((p, i) => (inputs[`x${i}`] = p));
  return tf.engine().runKernel(KICK_GRAD_KERNEL, inputs, kickAttrs(spec)) as unknown as tf.Tensor[];
}

/**
 * target + coef * (dE/dx_wrt + prior x_wrt), differentiable once (in the parts, the packed weights and the
 * target). `target` null: just the scaled gradient.
 */
export function energyKick(spec: KickSpec, parts: tf.Tensor[], packed: tf.Tensor, target: tf.Tensor | null): tf.Tensor {
  const n = parts.length;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const ins = args.slice(0, -1) as tf.Tensor[];
    const ps = ins.slice(0, n);
    const pk = ins[n];
    const tg = target ? ins[n + 1] : null;
    // Saved, not captured: the forward scope disposes every intermediate that is not saved (a save is an
    // Identity, a reference-count bump on wasm and webgpu, no copy).
    save([...ps, pk]);
    const value = runForward(spec, ps, pk, tg);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
      const grads = runBackward(spec, saved.slice(0, n), saved[n], dy);
      return target ? [...grads, dy] : grads;
    };
    return { value, gradFunc };
  });
  return (target ? op(...parts, packed, target) : op(...parts, packed)) as tf.Tensor;
}
