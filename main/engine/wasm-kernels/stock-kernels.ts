// The wasm backend's own kernels that the training kernels replace, kept so the replacements can call them.
import type { KernelConfig } from '@tensorflow/tfjs-core';

const stock = new Map<string, KernelConfig>();

export function rememberStock(config: KernelConfig): void {
  stock.set(config.kernelName, config);
}

export function stockKernel(name: string): KernelConfig | undefined {
  return stock.get(name);
}

export function requireStockKernel(name: string): KernelConfig {
  const config = stock.get(name);
  if (config == null) throw new Error(`wasm training kernels: the stock wasm ${name} kernel was not captured`);
  return config;
}
