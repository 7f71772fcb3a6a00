// Registers the training kernels the stock wasm backend lacks or runs slowly. (Being written: see README.)
export function registerWasmTrainingKernels(): void {}
