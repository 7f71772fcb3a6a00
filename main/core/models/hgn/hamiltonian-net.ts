// H_gamma: a softplus conv network on the 4x4 latent, summed over space (softplus, not ReLU: ReLU has zero
// second derivative, and training goes through dH). General H(q, p) sees q and p concatenated on channels;
// separable K(p) + U(q) is two networks of the same layout.
import * as tf from '@tensorflow/tfjs-core';
import type { ParamStore } from '../../training/params';
import { latentChannels, type HgnConfig } from './config';
import type { Hamiltonian, KickFn } from './hamiltonian';
import { energyKick, packWeights, type NetLayer } from '../../nn/energy-kick';
import { convOutputSize, convPlain, makeConv, type Conv } from './layers';

export interface EnergyNet {
  convs: Conv[];
}

function makeEnergyNet(store: ParamStore, name: string, c: HgnConfig, inChannels: number): EnergyNet {
  const filters = [...c.hamiltonianFilters, 1];
  const last = filters.length - 1;
  let cin = inChannels;
  const convs = filters.map((f, i) => {
    const conv = makeConv(store, `${name}.${i}`, {
      kernel: c.hamiltonianKernels[i],
      inChannels: cin,
      filters: f,
      stride: c.hamiltonianStrides[i],
      padding: c.hamiltonianPadding[i],
      activation: i === last ? 'linear' : 'softplus',
    });
    cin = f;
    return conv;
  });
  return { convs };
}

/** x [batch, h, w, c] -> [batch]. */
export function applyEnergyNet(net: EnergyNet, x: tf.Tensor4D): tf.Tensor1D {
  let h = x;
  const last = net.convs.length - 1;
  net.convs.forEach((conv, i) => {
    h = convPlain(h, conv, i === last ? 'linear' : 'softplus');
  });
  return tf.sum(h, [1, 2, 3]) as tf.Tensor1D;
}

/**
 * d(applyEnergyNet)/dx by backpropagation written out in plain ops, each with a gradient of its own (conv2d,
 * conv2dTranspose, sigmoid, mul), so the loss differentiates through it as through autodiff's, without a nested
 * tf.grad. The last conv is linear and summed, so its forward pass is not needed: its output gradient is 1.
 */
export function energyNetGrad(net: EnergyNet, x: tf.Tensor4D): tf.Tensor4D {
  const last = net.convs.length - 1;
  const inputs: tf.Tensor4D[] = [x];
  const preActivations: tf.Tensor4D[] = [];
  for (let i = 0; i < last; i++) {
    const conv = net.convs[i];
    const a = tf.add(tf.conv2d(inputs[i], conv.w as tf.Tensor4D, conv.stride, conv.padding), conv.b) as tf.Tensor4D;
    preActivations.push(a);
    inputs.push(tf.softplus(a));
  }
  const top = net.convs[last];
  const [n, height, width] = inputs[last].shape;
  const [kh, kw, , outChannels] = (top.w as tf.Tensor4D).shape;
  let g: tf.Tensor4D = tf.ones([n, convOutputSize(height, kh, top.stride, top.padding), convOutputSize(width, kw, top.stride, top.padding), outChannels]);
  for (let i = last; i >= 0; i--) {
    const conv = net.convs[i];
    const dInput = tf.conv2dTranspose(g, conv.w as tf.Tensor4D, inputs[i].shape, conv.stride, conv.padding);
    if (i === 0) return dInput;
    g = tf.mul(dInput, tf.sigmoid(preActivations[i - 1]));
  }
  throw new Error('energyNetGrad: a network has at least one conv');
}

export type HamiltonianNet =
  | { form: 'general'; h: EnergyNet }
  | { form: 'separable'; kinetic: EnergyNet; potential: EnergyNet };

export function makeHamiltonianNet(store: ParamStore, c: HgnConfig): HamiltonianNet {
  const L = latentChannels(c);
  if (c.hamiltonianForm === 'separable') {
    return { form: 'separable', kinetic: makeEnergyNet(store, 'hamiltonian.K', c, L), potential: makeEnergyNet(store, 'hamiltonian.U', c, L) };
  }
  return { form: 'general', h: makeEnergyNet(store, 'hamiltonian.H', c, 2 * L) };
}

/** (omega / 2) |x|^2 per sample. */
function harmonic(x: tf.Tensor, omega: number): tf.Tensor1D {
  return tf.mul(tf.sum(tf.square(x), [1, 2, 3]), omega / 2) as tf.Tensor1D;
}

/** The convs of a network as the kick op describes them. */
export function netLayers(net: EnergyNet): NetLayer[] {
  return net.convs.map((c) => {
    const [k, , cin, cout] = (c.w as tf.Tensor4D).shape;
    return { k, stride: c.stride, padding: c.padding, cin, cout };
  });
}

/**
 * The kick of the learned H (energy-kick.ts): one op per leapfrog update. `packed` holds each network's weights
 * as one vector; null packs them on the call (an unbound Hamiltonian, e.g. a single rollout step).
 */
function kickOf(net: HamiltonianNet, harmonicPrior: number, packed: Record<string, tf.Tensor1D> | null): KickFn {
  const weights = (name: string, e: EnergyNet) => packed?.[name] ?? packWeights(e.convs);
  return (target, coef, q, p, wrt) => {
    if (net.form === 'separable') {
      const e = wrt === 'q' ? net.potential : net.kinetic;
      const x = wrt === 'q' ? q : p;
      const spec = { layers: netLayers(e), parts: [x.shape[3] as number], wrt: 0, coef, prior: harmonicPrior };
      return energyKick(spec, [x], weights(wrt === 'q' ? 'U' : 'K', e), target);
    }
    const c = q.shape[3] as number;
    const spec = { layers: netLayers(net.h), parts: [c, c], wrt: wrt === 'q' ? 0 : 1, coef, prior: harmonicPrior };
    return energyKick(spec, [q, p], weights('H', net.h), target);
  };
}

function packAll(net: HamiltonianNet): Record<string, tf.Tensor1D> {
  return net.form === 'separable' ? { K: packWeights(net.kinetic.convs), U: packWeights(net.potential.convs) } : { H: packWeights(net.h.convs) };
}

/** The network (plus the optional fixed harmonic term, see HgnConfig.hamiltonianHarmonicPrior) as the
 * integrators see it. */
export function asHamiltonian(net: HamiltonianNet, harmonicPrior = 0, packed: Record<string, tf.Tensor1D> | null = null): Hamiltonian {
  // A bound Hamiltonian (packed weights given) has no bind: binding it again would only pack the same weights.
  const fused = { kick: kickOf(net, harmonicPrior, packed), bind: packed ? undefined : () => asHamiltonian(net, harmonicPrior, packAll(net)) };
  const plus = (e: tf.Tensor1D, x: tf.Tensor) => (harmonicPrior > 0 ? (tf.add(e, harmonic(x, harmonicPrior)) as tf.Tensor1D) : e);
  // d/dx of (omega / 2) |x|^2 is omega x.
  const plusGrad = (g: tf.Tensor, x: tf.Tensor) => (harmonicPrior > 0 ? tf.add(g, tf.mul(x, harmonicPrior)) : g);
  if (net.form === 'separable') {
    return {
      ...fused,
      form: 'separable',
      kinetic: (p) => plus(applyEnergyNet(net.kinetic, p as tf.Tensor4D), p),
      potential: (q) => plus(applyEnergyNet(net.potential, q as tf.Tensor4D), q),
      kineticGrad: (p) => plusGrad(energyNetGrad(net.kinetic, p as tf.Tensor4D), p),
      potentialGrad: (q) => plusGrad(energyNetGrad(net.potential, q as tf.Tensor4D), q),
    };
  }
  return {
    ...fused,
    form: 'general',
    energy: (q, p) => {
      const e = applyEnergyNet(net.h, tf.concat([q, p], 3) as tf.Tensor4D);
      return harmonicPrior > 0 ? (tf.add(plus(e, q), harmonic(p, harmonicPrior)) as tf.Tensor1D) : e;
    },
    gradient: (q, p) => {
      const c = q.shape[3] as number;
      const [dq, dp] = tf.split(energyNetGrad(net.h, tf.concat([q, p], 3) as tf.Tensor4D), [c, c], 3);
      return { dq: plusGrad(dq, q), dp: plusGrad(dp, p) };
    },
  };
}
