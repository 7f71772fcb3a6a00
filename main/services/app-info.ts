// What the app tells the renderer about itself: version, mode, the backends this machine can run, each job kind's
// defaults (its schema's, preload/jobs) and the model presets (plain constants of core: no model code loads here).
import os from 'node:os';
import { FlowJobSchema, HgnJobSchema, HnnJobSchema, PixelHnnJobSchema, type AppInfo, type BackendName } from '../../preload/contract';
import { BACKEND_NAMES, isInstalled, predictBackend } from '../engine/backends';
import { nativeKernelsAvailability } from '../engine/native-kernels';
import type { GpuProbe } from '../engine/webgpu/probe';
import { bf16Isa } from '../engine/native-kernels/precision';
import { HGN_PRESETS } from '../core/models/hgn/config';
import { PIXEL_HNN_DEFAULTS } from '../core/models/pixel-hnn/config';
import { name, version } from '../../package.json';

const PACKAGE_OF: Record<BackendName, string> = {
  'tfjs-node-gpu': '@tensorflow/tfjs-node-gpu',
  webgpu: 'webgpu',
  'tfjs-node': '@tensorflow/tfjs-node',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs-backend-cpu',
};

function nativeKernels(): AppInfo['nativeKernels'] {
  const a = nativeKernelsAvailability();
  return a.available ? { available: true, description: `${a.description} runs the wasm backend's convolutions and matmul`, bf16: bf16Isa() } : a;
}

const NOT_PROBED: GpuProbe = { available: false, hardware: false, description: 'not probed yet' };

/** `gpu`: the WebGPU probe's answer (probe.ts); the webgpu backend is available when it found an adapter. */
export function appInfo(mode: AppInfo['mode'], dataDir: string, gpu: GpuProbe = NOT_PROBED): AppInfo {
  return {
    name,
    version,
    mode,
    platform: `${process.platform}-${process.arch}`,
    cores: os.cpus().length,
    backends: BACKEND_NAMES.map((b) => ({ name: b, available: b === 'webgpu' ? gpu.available : isInstalled(PACKAGE_OF[b]) })),
    autoBackend: predictBackend('auto'),
    nativeKernels: nativeKernels(),
    gpu: { ...gpu },
    defaults: {
      hnn: HnnJobSchema.parse({ kind: 'hnn' }),
      flow: FlowJobSchema.parse({ kind: 'flow' }),
      dataset: { system: 'pendulum', seed: 0, train: 200, test: 50, steps: 30, dt: 0.125, size: 32, style: 'rs' },
      hgn: HgnJobSchema.parse({ kind: 'hgn' }),
      pixelHnn: PixelHnnJobSchema.parse({ kind: 'pixel-hnn' }),
    },
    presets: {
      hgn: { paper: { ...HGN_PRESETS.paper }, laptop: { ...HGN_PRESETS.laptop }, 'laptop-wide': { ...HGN_PRESETS['laptop-wide'] } },
      pixelHnn: { ...PIXEL_HNN_DEFAULTS },
    },
    dataDir,
  };
}
