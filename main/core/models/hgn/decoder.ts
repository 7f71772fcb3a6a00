// Decoder d_theta(q): residual 2x upsampling blocks (4 -> 8 -> 16 -> 32 in the paper), then a conv to the image
// channels and a sigmoid. Decodes from q only. Block: u = up(x); y = relu(proj(u) + conv(relu(conv(u)))),
// proj a 1x1 conv when the channel count changes (RS's block ends in a sigmoid; a ReLU keeps the residual
// path linear-ish and trains faster).
import * as tf from '@tensorflow/tfjs-core';
import type { ParamStore } from '../../training/params';
import { latentChannels, type HgnConfig } from './config';
import { convFused, makeConv, type Conv } from './layers';
import { upsample2xFirstOrder } from '../../nn/upsample';
import { addRelu } from '../../nn/add-relu';

interface Block {
  conv1: Conv;
  conv2: Conv;
  proj: Conv | null;
}

export interface Decoder {
  blocks: Block[];
  out: Conv;
}

export function makeDecoder(store: ParamStore, c: HgnConfig): Decoder {
  let cin = latentChannels(c);
  const k = c.decoderKernel;
  const blocks = c.decoderFilters.map((f, i) => {
    const block: Block = {
      conv1: makeConv(store, `decoder.${i}.conv1`, { kernel: k, inChannels: cin, filters: f, activation: 'relu' }),
      conv2: makeConv(store, `decoder.${i}.conv2`, { kernel: k, inChannels: f, filters: f, activation: 'linear' }),
      proj: cin === f ? null : makeConv(store, `decoder.${i}.proj`, { kernel: 1, inChannels: cin, filters: f, activation: 'linear' }),
    };
    cin = f;
    return block;
  });
  const out = makeConv(store, 'decoder.out', { kernel: k, inChannels: cin, filters: c.channels, activation: 'linear' });
  return { blocks, out };
}

/** q [n, s, s, L] -> frames [n, size, size, channels] in (0, 1). */
export function decode(d: Decoder, q: tf.Tensor4D): tf.Tensor4D {
  let x = q;
  for (const b of d.blocks) {
    const u = upsample2xFirstOrder(x);
    const h = convFused(convFused(u, b.conv1, 'relu'), b.conv2, 'linear');
    x = addRelu(b.proj ? convFused(u, b.proj, 'linear') : u, h);
  }
  return convFused(x, d.out, 'sigmoid');
}
