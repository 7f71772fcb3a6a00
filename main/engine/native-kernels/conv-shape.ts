// A tfjs conv's geometry as the addon's shape record (src/conv.h's ConvShape, field for field).
import type { backend_util } from '@tensorflow/tfjs-core';

export const ACTIVATIONS = { linear: 0, relu: 1, sigmoid: 2 } as const;
export type NativeActivation = keyof typeof ACTIVATIONS;

export function isNativeActivation(a: string | undefined | null): a is NativeActivation {
  return a == null || a in ACTIVATIONS;
}

/** `bf16`: round the inputs to bfloat16 (fp32 accumulation and output), see precision.ts. */
export function convShape(info: backend_util.Conv2DInfo, activation: NativeActivation = 'linear', hasBias = false, bf16 = false): Int32Array {
  const p = info.padInfo;
  return Int32Array.from([
    info.batchSize, info.inHeight, info.inWidth, info.inChannels,
    info.filterHeight, info.filterWidth, info.outChannels,
    info.outHeight, info.outWidth,
    info.strideHeight, info.strideWidth, info.dilationHeight, info.dilationWidth,
    p.top, p.left, p.bottom, p.right,
    ACTIVATIONS[activation], hasBias ? 1 : 0, bf16 ? 1 : 0,
  ]);
}
