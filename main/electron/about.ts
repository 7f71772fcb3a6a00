// The About box's content: app, Electron, Chromium, Node and tfjs versions, and the backend that trains.
// Pure: the versions and jobs are passed in (the Electron glue collects them).
import type { BackendName, JobInfo } from '../../preload/contract';

export interface AboutInfo {
  appName: string;
  appVersion: string;
  electron: string;
  chrome: string;
  node: string;
  v8: string;
  tfjs: string;
  platform: string;
  /** The backend and device in use, or the one `auto` would pick when nothing is running. */
  backend: string;
  device: string;
}

const ACTIVE: ReadonlyArray<JobInfo['status']> = ['starting', 'running', 'paused'];

const PREDICTED_DEVICE: Record<BackendName, string> = {
  'tfjs-node-gpu': 'CUDA GPU (predicted)',
  webgpu: 'WebGPU GPU (predicted)',
  'tfjs-node': 'native CPU (predicted)',
  wasm: 'wasm SIMD (predicted)',
  cpu: 'JS CPU (predicted)',
};

/**
 * What to show as "the active backend": the most recently started job that is still active and has reported
 * its backend; otherwise the default choice and what `auto` resolves to here, marked as predicted.
 */
export function activeBackend(jobs: readonly JobInfo[], predicted: BackendName, defaultChoice = 'auto'): { backend: string; device: string } {
  const live = jobs
    .filter((j) => ACTIVE.includes(j.status) && j.backend)
    .sort((a, b) => (b.startedAt ?? 0) - (a.startedAt ?? 0))[0];
  if (live) return { backend: live.backend!, device: live.device ?? 'unknown device' };
  return { backend: defaultChoice === 'auto' ? `auto → ${predicted}` : defaultChoice, device: PREDICTED_DEVICE[predicted] };
}

/** The dialog's message and detail lines (also what "Copy" puts on the clipboard). */
export function aboutText(info: AboutInfo): { message: string; detail: string } {
  return {
    message: `${info.appName} ${info.appVersion}`,
    detail: [
      `Electron ${info.electron}`,
      `Chromium ${info.chrome}`,
      `Node.js ${info.node}`,
      `V8 ${info.v8}`,
      `TensorFlow.js ${info.tfjs}`,
      `Backend: ${info.backend}`,
      `Device: ${info.device}`,
      `Platform: ${info.platform}`,
    ].join('\n'),
  };
}
