// Mixed precision for the oneDNN convolutions (settings: "bf16 convolutions"): on CPUs with AMX or AVX-512 BF16
// the convolutions of first-order paths (marked by core, see main/core/nn/precision-hint.ts) round their inputs
// to bfloat16 and accumulate in fp32: several times faster (AMX), about three significant digits in those
// layers' outputs and gradients. Off by default; never used inside the learned H (second order needs fp32).
import type { NamedAttrMap } from '@tensorflow/tfjs-core';
import { FIRST_ORDER_ATTR } from '../../core/nn/precision-hint';
import { loadOneDnnAddon } from './addon';

// The CLI and benches turn it on with HS_BF16_CONVS=1; app jobs get the setting from their worker's init.
let wanted = process.env.HS_BF16_CONVS === '1';

/** Turns bfloat16 convolutions on or off for this thread's later kernels (each worker thread is its own job). */
export function setBf16Convs(on: boolean): void {
  wanted = on;
}

/** The CPU's bfloat16 ISA as oneDNN sees it ("AMX", "AVX-512 BF16"), or "" without one (or without the addon). */
export function bf16Isa(): string {
  const load = loadOneDnnAddon();
  return load.ok ? load.addon.info().bf16 : '';
}

/** Whether bfloat16 convolutions are on and this CPU runs them natively (elsewhere oneDNN would emulate them). */
export function bf16ConvsActive(): boolean {
  return wanted && bf16Isa() !== '';
}

/** Whether this kernel call may run in bfloat16. */
export function useBf16(attrs: NamedAttrMap | undefined): boolean {
  return attrs?.[FIRST_ORDER_ATTR] === true && bf16ConvsActive();
}
