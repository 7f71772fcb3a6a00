// Tests run on wasm once the project's training kernels are registered there (fast), on cpu until then.
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../main/engine/backends';

export async function initTestBackend(): Promise<string> {
  const forced = process.env.HGN_TEST_BACKEND;
  if (forced === 'cpu' || forced === 'wasm') return (await initBackend(forced)).name;
  await initBackend('wasm');
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) return 'wasm';
  return (await initBackend('cpu')).name;
}
