// ms per training step of the Hamiltonian flow (issue 6, bench a): batch 512, 2 Hamiltonians x 2 leapfrog steps,
// [2,128,128,1] softplus K and U, relu encoder, wasm backend; without and with the SO(2) bracket penalty.
// Median over the timed steps (the machine is shared: the median resists other processes' bursts). Also the plain
// step without the fused kicks (the written-out gradients of mlp.ts: the implementation before them), in blocks
// alternating with fused ones so both see the same machine: step_ms_composed and speedup_vs_composed.
// Args: [--steps N] (timed steps, default 30) [--backend wasm|cpu|auto].
import os from 'node:os';
import { initBackend, type BackendChoice } from '../main/engine/backends';
import { eightGaussians } from '../main/core/densities';
import { infiniteData } from '../main/core/models/flows/data';
import { so2Generator, type SymmetryGenerator } from '../main/core/models/flows/generators';
import { HAMILTONIAN_FLOW_DEFAULTS, HamiltonianFlow } from '../main/core/models/flows/hamiltonian-flow';
import { trainDensityModel } from '../main/core/models/flows/train';
import { useFusedKicks } from '../main/core/models/flows/hamiltonian';
import { kickKernelAvailable } from '../main/core/nn/energy-kick';
import { arg, type Bench } from './run';

async function stepTimes(generators: SymmetryGenerator[], timed: number): Promise<number[]> {
  const flow = new HamiltonianFlow({ ...HAMILTONIAN_FLOW_DEFAULTS, dim: 2, hamiltonians: 2, leapfrogSteps: 2, hidden: 128 }, 1);
  const data = infiniteData(eightGaussians, 10, 1);
  const warmup = 5;
  const times: number[] = [];
  let t = performance.now();
  for await (const s of trainDensityModel(flow, data, { steps: warmup + timed, seed: 1, batchSize: 512, generators })) {
    const now = performance.now();
    if (s.step > warmup) times.push(now - t);
    t = now;
  }
  flow.dispose();
  return times;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

const bench: Bench = async (args) => {
  const backend = await initBackend(arg(args, 'backend', 'wasm') as BackendChoice);
  const timed = Number(arg(args, 'steps', '30'));
  const load = os.loadavg()[0];
  const plain: number[] = [];
  const composed: number[] = [];
  for (let block = 0; block < 4; block++) {
    const fused = block % 2 === 0;
    if (!fused && !kickKernelAvailable()) continue;
    useFusedKicks(fused);
    (fused ? plain : composed).push(...(await stepTimes([], Math.ceil(timed / 2))));
  }
  useFusedKicks(true);
  const so2 = await stepTimes([so2Generator(2)], timed);
  return {
    backend: backend.name,
    metrics: {
      step_ms: median(plain),
      step_ms_so2: median(so2),
      step_ms_mean: mean(plain),
      step_ms_so2_mean: mean(so2),
      ...(composed.length ? { step_ms_composed: median(composed), speedup_vs_composed: Number((median(composed) / median(plain)).toFixed(2)) } : {}),
      batch: 512,
      hamiltonians: 2,
      leapfrog_steps: 2,
      timed_steps: timed,
      /** 1-minute load average when the bench started (2 cores here, shared). */
      load_average: load,
    },
  };
};

export default bench;
