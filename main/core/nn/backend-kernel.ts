// The one test every op with its own kernel makes before running it: does the active backend register that
// kernel (main/engine registers them per backend)? Where not, the op runs as the composed tfjs ops it replaces.
import * as tf from '@tensorflow/tfjs-core';

export function backendHasKernel(name: string): boolean {
  return tf.getKernel(name, tf.getBackend()) != null;
}
