// Small tensor operations on the wasm backend, each one call of a registered kernel; outputs go into `temps`.
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { callWasmKernel, type Temps, type WasmBackendLike } from './wasm-backend';

export function reshape(x: TensorInfo, shape: number[], backend: WasmBackendLike, temps: Temps): TensorInfo {
  return temps.add(callWasmKernel('Reshape', { x }, { shape }, backend));
}

export function transpose(x: TensorInfo, perm: number[], backend: WasmBackendLike, temps: Temps): TensorInfo {
  return temps.add(callWasmKernel('Transpose', { x }, { perm }, backend));
}

export function reverse(x: TensorInfo, dims: number[], backend: WasmBackendLike, temps: Temps): TensorInfo {
  return temps.add(callWasmKernel('Reverse', { x }, { dims }, backend));
}

export function slice(x: TensorInfo, begin: number[], size: number[], backend: WasmBackendLike, temps: Temps): TensorInfo {
  return temps.add(callWasmKernel('Slice', { x }, { begin, size }, backend));
}
